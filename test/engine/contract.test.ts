import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { paramValidators, type Method } from '../../electron/contract';
import { InProcessEngineClient } from '../../electron/engine/client';
import { line, lines, rejection, tempDir, testDeps } from './helpers';

const range = { from: 0, to: 10 };

/** For every request: inputs that must be refused, each for a different reason. */
const BAD: { [M in Method]: unknown[] } = {
  'engine.status': [{ x: 1 }, 5, [1]],
  'engine.flush': [{ x: 1 }],
  'stats.summary': [{ x: 1 }],
  'sources.add': [{}, { spec: '' }, { spec: 5 }, { spec: 'a', format: 'nope' }, { spec: 'a', extra: 1 }],
  'sources.remove': [{}, { watchId: 0 }, { watchId: 1.5 }, { watchId: '1' }],
  'sources.watches': [{ a: 1 }],
  'sources.list': [{ a: 1 }],
  'sources.detail': [{}, { id: -1 }, { id: 1, errorLimit: 5000 }],
  'import.file': [{}, { path: '' }, { path: 'x', format: 'csv' }],
  'query.kpis': [{}, { range: { from: 10, to: 5 } }, { range: { from: 'a', to: 5 } }, { range: { from: 0 } }],
  'query.timeline': [
    { range },
    { range, bucketMs: 1000 },
    { range, bucketMs: 90_000 },
    { range: { from: 0, to: 60_000 * 20_000 }, bucketMs: 60_000 },
  ],
  'query.top': [{ range, dimension: 'country' }, { range, dimension: 'client', limit: 0 }, { dimension: 'client' }],
  'query.events': [
    { range, limit: 0 },
    { range, status: 1000 },
    { range, client: '' },
    { range, before: -1 },
    { range, status: 404, statusClass: 4 },
    { range, statusClass: 7 },
    { range, statusClass: 1 },
    { range, statusClass: '4' },
    { range, statusClass: 4.5 },
    { range, user: 42 },
    { range, user: '' },
    { range, api: ['orders'] },
    { range, beforeId: 5 },
    { range, before: 5, beforeId: 0 },
  ],
  'events.raw': [{}, { fileId: 1 }, { offset: 0 }, { fileId: 0, offset: 0 }, { fileId: 1, offset: -1 }, { fileId: '1', offset: 0 }, { fileId: 1, offset: 0, line: 1 }],
  'query.client': [{ range }, { client: 'x' }, { client: 'x', range, more: true }],
  'query.alertsByRule': [{}, { range: { from: 5, to: 1 } }, { range, rule: 'burst' }],
  'storage.get': [{ keepDays: 1 }],
  'storage.set': [
    {},
    { keepDays: 7 },
    { keepDays: 0, maxDbMb: null },
    { keepDays: 1.5, maxDbMb: null },
    { keepDays: '7', maxDbMb: null },
    { keepDays: null, maxDbMb: 1 },
    { keepDays: null, maxDbMb: null, vacuum: true },
  ],
  'alerts.list': [
    { filter: { severity: ['severe'] } },
    { filter: { status: ['closed'] } },
    { sort: { field: 'name', dir: 'asc' } },
    { sort: { field: 'risk', dir: 'up' } },
    { limit: 5000 },
    { offset: -1 },
    { filter: { text: '' } },
  ],
  'alerts.detail': [{}, { uid: 'a' }, { uid: 0 }],
  'alerts.setStatus': [
    { uid: 1, status: 'done', who: 'me' },
    { uid: 1, status: 'resolved' },
    { uid: 1, status: 'resolved', who: '' },
  ],
  'alerts.setStatusMany': [
    { uids: [], status: 'resolved', who: 'me' },
    { uids: Array.from({ length: 1001 }, (_, i) => i + 1), status: 'resolved', who: 'me' },
    { uids: [1, 2, 1], status: 'resolved', who: 'me' },
    { uids: [1, 2.5], status: 'resolved', who: 'me' },
    { uids: [1, '2'], status: 'resolved', who: 'me' },
    { uids: [0], status: 'resolved', who: 'me' },
    { uids: [1], status: 'done', who: 'me' },
    { uids: [1], status: 'resolved' },
    { uids: 1, status: 'resolved', who: 'me' },
    { uids: [1], status: 'resolved', who: 'me', reason: 'x'.repeat(2001) },
  ],
  'alerts.addNote': [{ uid: 1, who: 'me' }, { uid: 1, who: 'me', text: '' }, { uid: 1, text: 'x' }],
  'allowlist.list': [{ includeExpired: 'yes' }],
  'allowlist.add': [
    { value: '1.2.3.4', scope: 'ip' },
    { value: '1.2.3.4', scope: 'planet', reason: 'x' },
    { value: '', scope: 'ip', reason: 'x' },
    { value: 'a', scope: 'ip', reason: 'x', expiresAt: 'tomorrow' },
  ],
  'allowlist.remove': [{}, { id: 'x' }],
  'rules.list': [{ a: 1 }],
  'rules.set': [{ rule: 'burst' }, { rule: 'burst', enabled: 'yes' }, { rule: 'burst', enabled: true, params: { t: {} } }],
  'models.list': [{ a: 1 }],
  'models.detail': [{}, { version: 0 }, { version: 'x' }],
  'models.activate': [{}, { version: -1 }, { version: 1.5 }],
  'models.train': [
    {},
    { labels: 'rules' },
    { labels: {} },
    { labels: { truthPath: '' } },
    { labels: 'verdicts', trees: 0 },
    { labels: 'verdicts', threshold: 2 },
    { labels: 'verdicts', unlabeled: 'maybe' },
    { labels: 'verdicts', logPaths: ['a.log'], sources: [1] },
    { labels: 'verdicts', extra: true },
  ],
  'models.cancel': [{ x: 1 }],
  'model.features': [{ x: 1 }],
  'model.score': [{}, { features: {} }, { features: { requests: 'a' } }, { features: [1, 2] }],
};

let tmp: ReturnType<typeof tempDir>;
let client: InProcessEngineClient;

beforeAll(async () => {
  tmp = tempDir();
  const log = join(tmp.dir, 'a.log');
  writeFileSync(log, lines(0, 50, { client: '10.9.9.9' }));
  client = await InProcessEngineClient.start({ dataDir: join(tmp.dir, 'data'), deps: testDeps, pushMs: 50 });
  await client.request('import.file', { path: log });
});
afterAll(async () => {
  await client.close();
  tmp.cleanup();
});

describe('contract', () => {
  it('has bad-input cases for every request', () => {
    expect(Object.keys(BAD).sort()).toEqual(Object.keys(paramValidators).sort());
  });

  for (const method of Object.keys(BAD) as Method[]) {
    it(`${method} rejects bad input with a typed bad-request error`, async () => {
      for (const params of BAD[method]) {
        const err = await rejection(client.request(method, params as never));
        expect(err.code, `${method} ${JSON.stringify(params)}`).toBe('bad-request');
        expect(err.message).toContain(method);
      }
    });
  }

  it('answers an unknown method with unknown-method', async () => {
    const err = await rejection(client.request('no.such.method' as Method, {} as never));
    expect(err.code).toBe('unknown-method');
  });

  it('answers a missing entity with not-found', async () => {
    expect((await rejection(client.request('alerts.detail', { uid: 999_999 }))).code).toBe('not-found');
    expect((await rejection(client.request('sources.detail', { id: 999_999 }))).code).toBe('not-found');
    expect((await rejection(client.request('alerts.setStatusMany', { uids: [999_999], status: 'resolved', who: 'ana' }))).code).toBe('not-found');
  });

  it('answers every request with valid input', async () => {
    const all = { from: 0, to: Date.UTC(2030, 0, 1) };
    const day = { from: Date.UTC(2024, 0, 15), to: Date.UTC(2024, 0, 16) };
    expect((await client.request('engine.status', {})).state).toBe('running');
    expect((await client.request('stats.summary', {})).events).toBe(50);
    expect((await client.request('query.kpis', { range: all })).requests).toBe(50);
    expect((await client.request('query.timeline', { range: day, bucketMs: 3_600_000 })).length).toBe(24);
    expect((await client.request('query.top', { range: all, dimension: 'client' }))[0]).toEqual({
      value: '10.9.9.9',
      requests: 50,
      errors: 0,
    });
    const [newest] = await client.request('query.events', { range: all, limit: 3 });
    expect((await client.request('query.events', { range: all, limit: 3 })).length).toBe(3);
    const raw = await client.request('events.raw', { fileId: newest!.fileId, offset: newest!.offset });
    expect(raw).toMatchObject({ origin: 'file', line: 50, raw: line(49, { client: '10.9.9.9' }) });
    expect((await rejection(client.request('events.raw', { fileId: newest!.fileId, offset: newest!.offset + 1 }))).code).toBe('not-found');
    expect((await client.request('query.client', { client: '10.9.9.9', range: day })).kpis.requests).toBe(50);
    const alerts = await client.request('alerts.list', {});
    expect(alerts.total).toBe(1);
    expect(await client.request('query.alertsByRule', { range: all })).toEqual([
      { rule: alerts.rows[0]!.rule, alerts: 1, open: 1, worst: alerts.rows[0]!.severity, lastSeen: alerts.rows[0]!.lastSeen },
    ]);
    expect(await client.request('query.alertsByRule', { range: { from: 0, to: alerts.rows[0]!.firstSeen } })).toEqual([]);
    const uid = alerts.rows[0]!.uid;
    expect((await client.request('alerts.detail', { uid })).evidence.length).toBeGreaterThan(0);
    expect((await client.request('alerts.setStatus', { uid, status: 'acknowledged', who: 'ana' })).status).toBe('acknowledged');
    expect((await client.request('alerts.addNote', { uid, who: 'ana', text: 'looking' })).text).toBe('looking');
    expect(await client.request('alerts.setStatusMany', { uids: [uid], status: 'acknowledged', who: 'ana' })).toEqual({ updated: [], unchanged: [uid] });
    const allow = await client.request('allowlist.add', { value: '10.1.1.1', scope: 'ip', reason: 'scanner we run' });
    expect((await client.request('allowlist.list', {})).map((a) => a.id)).toContain(allow.id);
    expect((await client.request('allowlist.remove', { id: allow.id })).removed).toBe(true);
    expect((await client.request('rules.set', { rule: 'burst', enabled: false })).enabled).toBe(false);
    expect((await client.request('rules.list', {})).map((r) => r.rule)).toEqual(['burst']);
    expect((await client.request('sources.list', {})).length).toBe(1);
    expect((await client.request('sources.watches', {})).length).toBe(0);
    expect(await client.request('storage.get', {})).toMatchObject({ limits: { keepDays: null, maxDbMb: null }, origin: 'none', events: 50 });
    expect(await client.request('storage.set', { keepDays: 30, maxDbMb: null })).toMatchObject({ limits: { keepDays: 30, maxDbMb: null }, origin: 'settings' });
    expect((await client.request('engine.flush', {})).events).toBe(50);
    // No default model was given to this engine: nothing to list or score, and nothing to cancel.
    expect(await client.request('models.list', {})).toEqual([]);
    expect(await client.request('model.features', {})).toEqual({ version: null, names: [] });
    expect((await rejection(client.request('model.score', { features: { requests: 1 } }))).code).toBe('not-found');
    expect((await rejection(client.request('models.activate', { version: 7 }))).code).toBe('not-found');
    expect((await rejection(client.request('models.detail', { version: 7 }))).code).toBe('not-found');
    expect(await client.request('models.cancel', {})).toEqual({ cancelled: false });
    expect((await rejection(client.request('models.train', { labels: 'verdicts' }))).code).toBe('bad-request');
  });
});
