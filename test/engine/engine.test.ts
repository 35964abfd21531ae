import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PushedEvent } from '../../electron/contract';
import type { Engine } from '../../electron/engine/engine';
import { coreDeps } from '../../electron/engine/core-deps';
import { storedEvents, storedVerdicts } from '../../electron/engine/model/stored-events';
import { renderStored } from '../../electron/engine/queries/evidence';
import type { AccessEvent } from '../../core/events/event';
import { PushCollector } from '../../electron/engine/push';
import { Retention } from '../../electron/engine/store/retention';
import { append, clfTime, count, line, lines, startEngine, tempDir, waitFor } from './helpers';

const DEFAULT_MODEL = resolve(import.meta.dirname, '../../resources/default-model.json');

let tmp: ReturnType<typeof tempDir>;
let engine: Engine | null = null;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(async () => {
  await engine?.stop();
  engine = null;
  tmp.cleanup();
});


/**
 * Imports the lines `before`, restarts the engine on the same data directory (`atRestart` runs just before
 * the stop), then imports `after`; returns how many stored events the new detector replayed.
 */
async function importAcrossRestart(before: string[], after: string[], atRestart: () => void | Promise<void> = () => {}): Promise<number> {
  const files = [join(tmp.dir, 'before.log'), join(tmp.dir, 'after.log')] as const;
  writeFileSync(files[0], before.join('\n') + '\n');
  writeFileSync(files[1], after.join('\n') + '\n');
  engine = await startEngine(join(tmp.dir, 'data'), { deps: coreDeps });
  await engine.importFile(files[0], 'combined');
  await atRestart();
  await engine.stop();
  engine = await startEngine(join(tmp.dir, 'data'), { deps: coreDeps });
  const replayed = engine.warmedUp;
  await engine.importFile(files[1], 'combined');
  return replayed;
}

/** Bytes of the store in use (free pages excluded). */
const USED_BYTES = `SELECT ((SELECT page_count FROM pragma_page_count()) - (SELECT freelist_count FROM pragma_freelist_count()))
  * (SELECT page_size FROM pragma_page_size()) AS n`;

describe('engine', () => {
  it('pushes coalesced batches, not one message per line', async () => {
    const batches: PushedEvent[][] = [];
    const log = join(tmp.dir, 'a.log');
    writeFileSync(log, '');
    engine = await startEngine(join(tmp.dir, 'data'), { pushMs: 100, onPush: (ev) => batches.push(ev) });
    await engine.addWatch(log);
    for (let i = 0; i < 20; i++) append(log, lines(i * 100, 100, { client: '10.8.8.8' }));
    await waitFor(() => batches.some((b) => b.some((e) => e.event === 'counters' && e.data.events === 2000)), 'counters at 2000');
    expect(batches.length).toBeLessThan(100);
    const alertEvents = batches.flat().filter((e) => e.event === 'alerts');
    const opened = alertEvents.flatMap((e) => (e.event === 'alerts' ? e.data.opened : []));
    expect(opened.length).toBe(1); // one episode, announced once however many updates followed
  });

  it('coalesces alert changes per interval: an alert new in it is announced as opened, the others by their last change', () => {
    const out: PushedEvent[][] = [];
    const pc = new PushCollector(1_000_000, (e) => out.push(e), () => ({ sources: [], counters: {} as never }));
    const row = (uid: number, count: number) => ({ uid, count }) as never;
    pc.alert(row(1, 1), 'opened');
    pc.alert(row(1, 5), 'updated');
    pc.alert(row(2, 1), 'updated');
    pc.alert(row(2, 2), 'closed');
    // Opened and closed between two flushes (stored closed by one commit, or by two): still news.
    pc.alert(row(3, 9), 'closed', true);
    pc.alert(row(4, 1), 'opened', true);
    pc.alert(row(4, 3), 'closed', false);
    pc.flush();
    const alerts = out[0]!.find((e) => e.event === 'alerts')!;
    expect(alerts.data).toEqual({
      opened: [{ uid: 1, count: 5 }, { uid: 3, count: 9 }, { uid: 4, count: 3 }],
      updated: [],
      closed: [{ uid: 2, count: 2 }],
    });
    pc.flush();
    expect(out.length).toBe(1); // nothing new, nothing sent
    pc.alert(row(4, 4), 'updated', false);
    pc.flush();
    expect(out[1]!.find((e) => e.event === 'alerts')!.data).toEqual({ opened: [], updated: [{ uid: 4, count: 4 }], closed: [] });
  });

  it('counts every alert an import stores, including episodes that open and close within one batch', async () => {
    // Five clients burst one after another, ten minutes apart: each episode has ended before the file does.
    const log = join(tmp.dir, 'bursts.log');
    let text = '';
    for (let c = 0; c < 5; c++) {
      for (let i = 0; i < 40; i++) text += line(c * 6000 + i, { client: `192.0.2.${c + 1}`, path: '/api/items' }) + '\n';
    }
    text += line(40_000, { client: '192.0.2.200' }) + '\n';
    writeFileSync(log, text);
    engine = await startEngine(join(tmp.dir, 'data'), { deps: coreDeps });
    const r = await engine.importFile(log, 'combined');
    const stored = engine.queries.alerts.list({}).total;
    expect(stored).toBeGreaterThanOrEqual(5);
    expect(r.alerts).toBe(stored);
    expect(engine.snapshot().counters.alerts).toBe(stored);
  });

  it('stores the attacking IPs a distributed-stuffing alert names, for the analyst to block', async () => {
    const log = join(tmp.dir, 'stuffing.log');
    let text = '';
    for (let i = 0; i < 60; i++) text += line(i * 20, { client: `198.51.100.${i + 1}`, path: '/api/login', status: 401 }) + '\n';
    writeFileSync(log, text);
    engine = await startEngine(join(tmp.dir, 'data'), { deps: coreDeps });
    await engine.importFile(log, 'combined');
    // While open, the stored list grows in steps (reported again once it has grown by a quarter) …
    expect(engine.queries.alerts.list({}).rows.find((a) => a.keyKind === 'target')!.clients.length).toBeGreaterThanOrEqual(50);
    // … and the closed episode (the engine stops) keeps every IP it named.
    await engine.stop();
    engine = await startEngine(join(tmp.dir, 'data'), { deps: coreDeps });
    const target = engine.queries.alerts.list({}).rows.find((a) => a.keyKind === 'target');
    expect(target?.key).toBe('endpoint:GET /api/login');
    expect(new Set(target!.clients)).toEqual(new Set(Array.from({ length: 60 }, (_, i) => `198.51.100.${i + 1}`)));
    expect(engine.queries.alerts.list({}).rows.filter((a) => a.keyKind === 'ip').every((a) => a.clients.length === 0)).toBe(true);

    // The analyst confirms it: every named IP becomes an attack label for retraining.
    engine.queries.alerts.setStatus(target!.uid, 'true-positive', 'analyst', 'confirmed stuffing');
    const v = storedVerdicts(engine.db);
    expect(v.attacks).toBe(1);
    expect(v.verdicts.map((x) => x.key).sort()).toEqual([...target!.clients].sort());
    expect(v.verdicts.every((x) => x.verdict === 'true-positive' && x.attackType === 'distributed-stuffing')).toBe(true);
  });

  it('gives no model alert of its own to a bot the open distributed-stuffing alert already names', async () => {
    // 80 bots, one failed login each; the endpoint rule fires at the 50th and names them all.
    const t0 = Date.UTC(2024, 5, 1, 12, 0, 0);
    const log = join(tmp.dir, 'bots.log');
    const bots = Array.from({ length: 80 }, (_, i) =>
      line(i, { client: `198.51.100.${i + 1}`, path: '/api/v1/auth/login', status: 401, time: t0 + i * 1_500 }).replace('"GET ', '"POST '));
    const later = [line(200, { client: '203.0.113.9', path: '/', time: t0 + 130_000 }), line(201, { client: '203.0.113.9', path: '/', time: t0 + 240_000 })];
    writeFileSync(log, [...bots, ...later].join('\n') + '\n');
    engine = await startEngine(join(tmp.dir, 'data'), { deps: coreDeps, defaultModelPath: DEFAULT_MODEL });
    await engine.importFile(log, 'combined');
    const rows = engine.queries.alerts.list({ limit: 500 }).rows;
    // Stored as reported so far: the open episode reports its list again as it grows by a quarter.
    expect(rows.find((a) => a.keyKind === 'target')?.clients.length).toBeGreaterThanOrEqual(50);
    const modelBots = rows.filter((a) => a.rule === 'model').map((a) => Number(a.key.split('.')[3]));
    // Only bots the model confirmed before 50 had failed, i.e. before the rule alert existed.
    expect(modelBots.every((n) => n < 50)).toBe(true);
  });

  it('keeps counting an attack across a restart: the new detector replays the newest stored events', async () => {
    // Low-and-slow stuffing trips at 20 auth failures in 15 minutes: 12 before the restart, 8 after.
    const fail = (k: number) => line(k, { client: '192.0.2.99', path: '/login', status: 401, time: Date.UTC(2024, 5, 1, 12, 0, 0) + k * 35_000 });
    const slow = () => engine!.queries.alerts.list({}).rows.filter((a) => a.rule === 'low-slow-stuffing');
    const fails = Array.from({ length: 20 }, (_, k) => fail(k));
    const replayed = await importAcrossRestart(fails.slice(0, 12), fails.slice(12), () => expect(slow()).toEqual([]));
    expect(replayed).toBe(12);
    expect(slow().map((a) => a.key)).toEqual(['192.0.2.99']);
  });

  it('replays as far back as the longest rule window: a WordPress botnet of 12 IPs before a restart and 8 after is 20 in an hour', async () => {
    const t0 = Date.UTC(2024, 5, 1, 12, 0, 0);
    // One blind POST per IP, 2.5 minutes apart: the 12 before the restart span 27.5 minutes of log time.
    const post = (k: number) => line(k, { client: `198.18.0.${k + 1}`, method: 'POST', path: '/xmlrpc.php', status: 404, time: t0 + k * 150_000 });
    const posts = Array.from({ length: 20 }, (_, k) => post(k));
    expect(await importAcrossRestart(posts.slice(0, 12), posts.slice(12))).toBe(12);
    const [a] = engine!.queries.alerts.list({}).rows.filter((x) => x.rule === 'wordpress-botnet');
    expect(a?.key).toBe('endpoint:POST /xmlrpc.php');
    expect(a?.clients).toHaveLength(20);
  });

  it('keeps query strings across a restart: injection probes before it count with those after it', async () => {
    // SQLi probing trips at 3 probes in 60 s; the probe is in the query string, which the store must keep.
    const probe = (k: number) =>
      line(k, { client: '192.0.2.66', path: `/api/items?id=${k}%27%20OR%201=1--`, time: Date.UTC(2024, 5, 1, 12, 0, 0) + k * 10_000 });
    const sqli = () => engine!.queries.alerts.list({}).rows.filter((a) => a.rule === 'sqli-probing').map((a) => a.key);
    await importAcrossRestart([probe(0), probe(1)], [probe(2)], async () => {
      expect(sqli()).toEqual([]);
      const stored: AccessEvent[] = [];
      for await (const e of storedEvents(engine!.db, {})) stored.push(e);
      expect(stored.map((e) => [e.path, e.query, e.kind])).toEqual([
        ['/api/items', 'id=0%27%20OR%201=1--', 'request'],
        ['/api/items', 'id=1%27%20OR%201=1--', 'request'],
      ]);
      // The analyst sees it too (Events page, evidence rebuilt from stored fields).
      const rows = engine!.queries.events.list({ range: { from: 0, to: Date.UTC(2100, 0, 1) } });
      expect(rows.map((r) => r.query)).toEqual(['id=1%27%20OR%201=1--', 'id=0%27%20OR%201=1--']);
      expect(renderStored(rows[0]!)).toContain('"GET /api/items?id=1%27%20OR%201=1--"');
    });
    expect(sqli()).toEqual(['192.0.2.66']);
  });

  it('removing a watch stops reading its files but keeps their data', async () => {
    const log = join(tmp.dir, 'a.log');
    writeFileSync(log, lines(0, 10));
    engine = await startEngine(join(tmp.dir, 'data'));
    const { watch } = await engine.addWatch(log);
    await waitFor(() => count(engine!, 'SELECT COUNT(*) AS n FROM events') === 10, '10 events');
    expect(await engine.removeWatch(watch.id)).toBe(true);
    append(log, lines(10, 10));
    await engine.flush();
    expect(engine.listWatches()).toEqual([]);
    expect(count(engine, 'SELECT COUNT(*) AS n FROM events')).toBe(10);
    // Watching it again resumes where it stopped.
    await engine.addWatch(log);
    await waitFor(() => count(engine!, 'SELECT COUNT(*) AS n FROM events') === 20, '20 events');
  });

  it('retention by size deletes the oldest hours until the data fits', async () => {
    const log = join(tmp.dir, 'a.log');
    const base = Date.UTC(2024, 0, 15, 0, 0, 0);
    let text = '';
    for (let i = 0; i < 20_000; i++) text += line(i, { time: base + i * 1_800, path: `/p/${i}/x${i % 977}` }) + '\n'; // 10 h
    writeFileSync(log, text);
    engine = await startEngine(join(tmp.dir, 'data'));
    await engine.importFile(log);
    const used = () =>
      (engine!.db.prepare(USED_BYTES).get() as { n: number }).n;
    // Alerts, parse errors and other non-event data stay: ask for a cut the events alone can satisfy.
    const budget = used() - 600_000;
    const r = new Retention(engine.db, { maxDbBytes: budget, batchRows: 2000 });
    while (r.step());
    expect(used()).toBeLessThanOrEqual(budget);
    const oldest = count(engine, 'SELECT MIN(time) AS n FROM events');
    expect(oldest % 3_600_000).toBe(0); // whole hours went (this data has an event at every hour start)
    expect(count(engine, 'SELECT COUNT(*) AS n FROM events')).toBeGreaterThan(0);
    expect(count(engine, 'SELECT SUM(requests) AS n FROM rollup_minute')).toBe(count(engine, 'SELECT COUNT(*) AS n FROM events'));
  });

  it('retention deletes the strings no stored event uses, so a size budget is met without deleting everything', async () => {
    // Every request has its own path and user agent: most of the store is strings.
    const data = join(tmp.dir, 'data');
    const base = Date.UTC(2024, 0, 15, 0, 0, 0);
    // Apache's vhost_combined: the host strings must survive the collection too.
    const req = (i: number) =>
      `site-${i % 40}.example 10.1.${(i >> 8) & 255}.${i & 255} - - [${clfTime(base + i * 1_800)}] "GET /files/${i}/${'x'.repeat(60)}${i} HTTP/1.1" 200 10 "-" "agent-${i}-${'y'.repeat(80)}"`;
    const first = join(tmp.dir, 'first.log');
    writeFileSync(first, Array.from({ length: 20_000 }, (_, i) => req(i)).join('\n') + '\n'); // 10 hours
    const used = () =>
      (engine!.db.prepare(USED_BYTES).get() as { n: number }).n;
    // A dry run measures the store; the real one has half that as its budget from the start, so the strings
    // it deletes are ones its caches hold.
    engine = await startEngine(join(tmp.dir, 'dry'));
    await engine.importFile(first);
    const budget = Math.round(used() * 0.5);
    const allStrings = count(engine, 'SELECT COUNT(*) AS n FROM strings');
    await engine.stop();
    engine = await startEngine(data, { retention: { maxDbBytes: budget, intervalMs: 0, stringsAfterRows: 1000 } });
    await engine.importFile(first);
    await waitFor(() => used() <= budget, 'the data under budget');
    const kept = count(engine, 'SELECT COUNT(*) AS n FROM events');
    expect(kept).toBeGreaterThan(5_000); // strings went, not just events
    const unused = `SELECT COUNT(*) AS n FROM strings WHERE id NOT IN (SELECT client FROM events UNION SELECT method FROM events
      UNION SELECT path FROM events UNION SELECT template FROM events UNION SELECT ua FROM events UNION SELECT api FROM events
      UNION SELECT app FROM events UNION SELECT user FROM events UNION SELECT host FROM events
      UNION SELECT value FROM rollup_hour_dim WHERE dim <> 2
      UNION SELECT value FROM rollup_day_dim WHERE dim <> 2)`;
    // Collected once a tenth of the events have gone since the last time: what is left over is less.
    expect(count(engine, unused)).toBeLessThan(allStrings / 5);

    // Lines arriving afterwards may use strings that were deleted: their events must name rows that exist.
    const again = join(tmp.dir, 'again.log');
    writeFileSync(again, Array.from({ length: 200 }, (_, i) => req(i).replace(clfTime(base + i * 1_800), clfTime(base + 20_000 * 1_800 + i))).join('\n') + '\n');
    await engine.importFile(again);
    const joined = `SELECT COUNT(*) AS n FROM events e JOIN strings c ON c.id = e.client JOIN strings p ON p.id = e.path
      JOIN strings t ON t.id = e.template JOIN strings u ON u.id = e.ua JOIN strings h ON h.id = e.host`;
    expect(count(engine, 'SELECT COUNT(*) AS n FROM events')).toBeGreaterThanOrEqual(kept);
    expect(count(engine, joined)).toBe(count(engine, 'SELECT COUNT(*) AS n FROM events'));
    expect(engine.queries.events.list({ range: { from: 0, to: Date.UTC(2030, 0, 1) }, host: 'site-7.example', limit: 3 })).toHaveLength(3);
  });

  it('after a crash, alert episodes of the previous run are marked over', async () => {
    const data = join(tmp.dir, 'data');
    const log = join(tmp.dir, 'a.log');
    writeFileSync(log, lines(0, 10, { client: '10.6.6.6' }));
    engine = await startEngine(data);
    await engine.importFile(log);
    expect(engine.queries.alerts.list({}).rows[0]!.active).toBe(true);
    await engine.stop();
    // What a crash leaves behind: the episode still marked active (a clean stop closes it).
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(data, 'api-shield.sqlite'));
    db.prepare('UPDATE alerts SET active = 1').run();
    db.close();
    engine = await startEngine(data);
    expect(engine.queries.alerts.list({}).rows[0]!.active).toBe(false);
  });
});
