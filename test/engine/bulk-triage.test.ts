import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlertRow } from '../../electron/contract/types';
import { InProcessEngineClient } from '../../electron/engine/client';
import { storedVerdicts } from '../../electron/engine/model/stored-events';
import { lines, rejection, tempDir, testDeps } from './helpers';

let tmp: ReturnType<typeof tempDir>;
let client: InProcessEngineClient;
/** Six alerts, one per client, in client order. */
let alerts: AlertRow[];

beforeAll(async () => {
  tmp = tempDir();
  const log = join(tmp.dir, 'a.log');
  let text = '';
  for (let c = 1; c <= 6; c++) text += lines(c * 100, 6, { client: `10.7.0.${c}` });
  writeFileSync(log, text);
  client = await InProcessEngineClient.start({ dataDir: join(tmp.dir, 'data'), deps: testDeps, pushMs: 50 });
  await client.request('import.file', { path: log });
  alerts = (await client.request('alerts.list', { limit: 100 })).rows.sort((a, b) => a.key.localeCompare(b.key));
});
afterAll(async () => {
  await client.close();
  tmp.cleanup();
});

const historyRows = () => (client.engine.db.prepare('SELECT COUNT(*) AS n FROM alert_status_history').get() as { n: number }).n;
const statuses = async () => (await client.request('alerts.list', { limit: 100 })).rows.map((a) => [a.uid, a.status]).sort();
/** Training labels, in an order that does not depend on updated_at (bulk rows share one timestamp). */
function labels() {
  const v = storedVerdicts(client.engine.db);
  return { attacks: v.attacks, benign: v.benign, verdicts: [...v.verdicts].sort((a, b) => a.key.localeCompare(b.key)) };
}

describe('alerts.setStatusMany', () => {
  it('changes every alert in one request, with the history rows a single change records', async () => {
    expect(alerts).toHaveLength(6);
    const [a, b, c] = alerts;
    await client.request('alerts.setStatus', { uid: a!.uid, status: 'acknowledged', who: 'ana', reason: 'one by one' });
    const res = await client.request('alerts.setStatusMany', {
      uids: [a!.uid, b!.uid, c!.uid],
      status: 'acknowledged',
      who: 'bo',
      reason: 'one botnet',
    });
    // The one already acknowledged is left alone: no second history row for a change that did not happen.
    expect(res.unchanged).toEqual([a!.uid]);
    expect(res.updated.map((r) => [r.uid, r.status])).toEqual([
      [b!.uid, 'acknowledged'],
      [c!.uid, 'acknowledged'],
    ]);
    const single = (await client.request('alerts.detail', { uid: a!.uid })).history;
    const bulk = (await client.request('alerts.detail', { uid: b!.uid })).history;
    expect(single.map(({ at: _, ...h }) => h)).toEqual([{ who: 'ana', from: 'open', to: 'acknowledged', reason: 'one by one' }]);
    expect(bulk.map(({ at: _, ...h }) => h)).toEqual([{ who: 'bo', from: 'open', to: 'acknowledged', reason: 'one botnet' }]);
    expect(bulk[0]!.at).toBe(res.updated[0]!.updatedAt);
    expect((await client.request('alerts.list', { filter: { status: ['acknowledged'] } })).total).toBe(3);
  });

  it('labels model training exactly as the same verdicts set one at a time', async () => {
    const plan: [AlertRow[], 'true-positive' | 'false-positive' | 'benign'][] = [
      [alerts.slice(0, 3), 'true-positive'],
      [alerts.slice(3, 5), 'false-positive'],
      [alerts.slice(5), 'benign'],
    ];
    for (const [group, status] of plan) {
      for (const a of group) await client.request('alerts.setStatus', { uid: a.uid, status, who: 'ana' });
    }
    const one = labels();
    expect(one.attacks).toBe(3);
    expect(one.benign).toBe(3);

    await client.request('alerts.setStatusMany', { uids: alerts.map((a) => a.uid), status: 'open', who: 'bo' });
    expect(labels()).toEqual({ attacks: 0, benign: 0, verdicts: [] });

    for (const [group, status] of plan) {
      await client.request('alerts.setStatusMany', { uids: group.map((a) => a.uid), status, who: 'bo' });
    }
    expect(labels()).toEqual(one);
  });

  it('fails with not-found on an unknown uid and changes nothing', async () => {
    const before = await statuses();
    const rowsBefore = historyRows();
    const err = await rejection(
      client.request('alerts.setStatusMany', { uids: [alerts[0]!.uid, 999_999, alerts[1]!.uid], status: 'resolved', who: 'bo' }),
    );
    expect(err.code).toBe('not-found');
    expect(err.message).toContain('999999');
    expect(await statuses()).toEqual(before);
    expect(historyRows()).toBe(rowsBefore);
  });

  it('refuses malformed uid lists with bad-request before touching the store', async () => {
    const rowsBefore = historyRows();
    const uid = alerts[0]!.uid;
    const bad = [
      { uids: [], status: 'resolved', who: 'bo' },
      { uids: Array.from({ length: 1001 }, (_, i) => i + 1), status: 'resolved', who: 'bo' },
      { uids: [uid, uid], status: 'resolved', who: 'bo' },
      { uids: [uid, 1.5], status: 'resolved', who: 'bo' },
      { uids: [uid], status: 'closed', who: 'bo' },
    ];
    for (const params of bad) {
      const err = await rejection(client.request('alerts.setStatusMany', params as never));
      expect(err.code, JSON.stringify(params).slice(0, 80)).toBe('bad-request');
    }
    expect(historyRows()).toBe(rowsBefore);
  });

  it('accepts 1000 distinct uids (the upper bound) as far as validation goes', async () => {
    const err = await rejection(
      client.request('alerts.setStatusMany', { uids: Array.from({ length: 1000 }, (_, i) => 500_000 + i), status: 'resolved', who: 'bo' }),
    );
    expect(err.code).toBe('not-found');
    expect(err.message).toContain('1000 in all');
  });
});
