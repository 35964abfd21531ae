import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate, openDb, schemaVersion } from '../../electron/engine/store/db';
import { MIGRATIONS } from '../../electron/engine/store/migrations';
import { Retention } from '../../electron/engine/store/retention';
import type { Engine } from '../../electron/engine/engine';
import { count, line, lines, startEngine, tempDir } from './helpers';

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


/** 2,400 events 9 s apart from SIX_HOURS_FROM (six hours), imported into a new engine in tmp. */
const SIX_HOURS_FROM = Date.UTC(2024, 0, 15, 0, 0, 0);
async function engineWithSixHours(): Promise<Engine> {
  const log = join(tmp.dir, 'a.log');
  let text = '';
  for (let i = 0; i < 2400; i++) text += line(i, { time: SIX_HOURS_FROM + i * 9_000 }) + '\n';
  writeFileSync(log, text);
  const e = await startEngine(join(tmp.dir, 'data'));
  await e.importFile(log);
  return e;
}

describe('store', () => {
  it('migrates an empty database to the latest version, in WAL mode, and is idempotent', () => {
    const db = openDb(join(tmp.dir, 'data'));
    try {
      const latest = MIGRATIONS[MIGRATIONS.length - 1]!.version;
      expect(schemaVersion(db)).toBe(latest);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(migrate(db)).toBe(latest);
      const rows = db.prepare('SELECT version FROM schema_migrations').all();
      expect(rows.length).toBe(MIGRATIONS.length);
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
      for (const t of ['sources', 'files', 'events', 'parse_errors', 'alerts', 'alert_status_history', 'notes', 'rule_config', 'allowlist', 'model_versions']) {
        expect(tables).toContain(t);
      }
    } finally {
      db.close();
    }
  });

  it('refuses a database written by a newer build instead of guessing', () => {
    const db = new Database(join(tmp.dir, 'x.sqlite'));
    try {
      expect(() => migrate(db, [{ version: 1, name: 'a', sql: 'CREATE TABLE a (x)' }, { version: 2, name: 'b', sql: 'CREATE TABLE b (x)' }])).not.toThrow();
      expect(() => migrate(db, [{ version: 1, name: 'a', sql: '' }])).toThrow(/newer/);
    } finally {
      db.close();
    }
  });

  it('answers KPIs, timeline and top-N from rollups exactly as a scan of raw events would', async () => {
    const log = join(tmp.dir, 'a.log');
    let text = '';
    const base = Date.UTC(2024, 0, 15, 8, 30, 0);
    for (let i = 0; i < 3000; i++) {
      const status = [200, 200, 201, 301, 404, 403, 500][i % 7]!;
      text += line(i, { client: `10.0.0.${i % 13}`, status, time: base + i * 7_919, path: `/api/v${i % 3}/items/${i}` }) + '\n';
    }
    writeFileSync(log, text);
    engine = await startEngine(join(tmp.dir, 'data'));
    await engine.importFile(log);
    const raw = (sql: string, ...a: number[]) => count(engine!, sql, ...a);
    let seed = 7;
    const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 25; k++) {
      const from = base - 3_600_000 + Math.floor(rnd() * 8 * 3_600_000);
      const to = from + 1 + Math.floor(rnd() * 6 * 3_600_000);
      const kpis = engine.queries.traffic.kpis({ from, to });
      expect(kpis.requests).toBe(raw('SELECT COUNT(*) AS n FROM events WHERE time >= ? AND time < ?', from, to));
      expect(kpis.errors4xx).toBe(raw('SELECT COUNT(*) AS n FROM events WHERE time >= ? AND time < ? AND status BETWEEN 400 AND 499', from, to));
      expect(kpis.uniqueClients).toBe(raw('SELECT COUNT(DISTINCT client) AS n FROM events WHERE time >= ? AND time < ?', from, to));
      const act = engine.queries.client.activity('10.0.0.3', { from, to });
      expect(act.kpis.requests).toBe(raw('SELECT COUNT(*) AS n FROM events e JOIN strings s ON s.id = e.client WHERE s.value = \'10.0.0.3\' AND time >= ? AND time < ?', from, to));
      expect(act.recent.length).toBe(Math.min(100, act.kpis.requests));
      expect(act.timeline.reduce((n, b) => n + b.requests, 0)).toBe(act.kpis.requests);
      const top = engine.queries.top.top({ from, to }, 'client', 100);
      expect(top.reduce((s, r) => s + r.requests, 0)).toBe(kpis.requests);
      const statuses = engine.queries.top.top({ from, to }, 'status', 100);
      expect(statuses.reduce((s, r) => s + r.errors, 0)).toBe(
        raw('SELECT COUNT(*) AS n FROM events WHERE time >= ? AND time < ? AND status >= 400', from, to),
      );
    }
    const day = { from: Date.UTC(2024, 0, 15), to: Date.UTC(2024, 0, 16) };
    const tl = engine.queries.traffic.timeline(day, 3_600_000);
    expect(tl.reduce((s, b) => s + b.requests, 0)).toBe(3000);
    expect(tl.reduce((s, b) => s + b.s5xx, 0)).toBe(raw('SELECT COUNT(*) AS n FROM events WHERE status >= 500'));
    const plan = engine.db
      .prepare("EXPLAIN QUERY PLAN SELECT COUNT(*) FROM events WHERE time / 600000 IN (SELECT value FROM json_each('[1]')) AND client = 1")
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('events_bucket_client');
    const endpoints = engine.queries.top.top(day, 'endpoint', 5);
    expect(endpoints.map((e) => e.value).sort()).toEqual(['/api/v0/items/{id}', '/api/v1/items/{id}', '/api/v2/items/{id}']);
  });

  it('top-N over several days (day rollups) matches raw events, also after retention cut a day in half', async () => {
    const log = join(tmp.dir, 'days.log');
    const base = Date.UTC(2024, 0, 14, 17, 20, 0);
    let text = '';
    for (let i = 0; i < 2000; i++) text += line(i, { client: `10.0.1.${i % 17}`, time: base + i * 127_000, status: i % 5 ? 200 : 404 }) + '\n';
    writeFileSync(log, text);
    engine = await startEngine(join(tmp.dir, 'data'));
    await engine.importFile(log);
    const check = (from: number, to: number) => {
      const top = engine!.queries.top.top({ from, to }, 'client', 100);
      const raw = engine!.db
        .prepare(`SELECT s.value AS value, COUNT(*) AS requests, SUM(e.status >= 400) AS errors FROM events e
          JOIN strings s ON s.id = e.client WHERE time >= ? AND time < ? GROUP BY s.value`)
        .all(from, to) as { value: string; requests: number; errors: number }[];
      const byValue = (xs: { value: string }[]) => [...xs].sort((a, b) => a.value.localeCompare(b.value));
      expect(byValue(top)).toEqual(byValue(raw));
    };
    let seed = 11;
    const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 15; k++) {
      const from = base - 86_400_000 + Math.floor(rnd() * 3 * 86_400_000);
      check(from, from + Math.floor(rnd() * 3 * 86_400_000) + 1);
    }
    check(0, Date.UTC(2030, 0, 1));
    const r = new Retention(engine.db, { maxAgeMs: 40 * 3_600_000 });
    while (r.step());
    check(0, Date.UTC(2030, 0, 1));
    check(Date.UTC(2024, 0, 16), Date.UTC(2024, 0, 18));
  });

  it('counts hosts (virtual hosts) as a top-N dimension, as raw events would, and backfills them for events stored before', async () => {
    const log = join(tmp.dir, 'vhosts.log');
    const base = Date.UTC(2024, 0, 14, 21, 10, 0);
    const hosts = ['shop.example', 'blog.example', 'api.example'];
    let text = '';
    // Apache's vhost_combined (`%v:%p` first): 1,500 events over about two days, a third of them without a host.
    for (let i = 0; i < 1500; i++) {
      const l = line(i, { client: `10.0.2.${i % 11}`, time: base + i * 113_000, status: i % 4 ? 200 : 404 });
      text += (i % 3 === 2 ? l : `${hosts[i % 3 === 0 ? (i >> 2) % 3 : (i >> 3) % 2]}:443 ${l}`) + '\n';
    }
    writeFileSync(log, text);
    engine = await startEngine(join(tmp.dir, 'data'));
    await engine.importFile(log);
    const raw = (from: number, to: number) =>
      engine!.db
        .prepare(`SELECT s.value AS value, COUNT(*) AS requests, SUM(e.status >= 400) AS errors FROM events e
          JOIN strings s ON s.id = e.host WHERE time >= ? AND time < ? AND e.host <> 0 GROUP BY s.value ORDER BY requests DESC, value`)
        .all(from, to);
    const ranges = [[0, Date.UTC(2030, 0, 1)], [base + 3_600_000, base + 30 * 3_600_000], [Date.UTC(2024, 0, 15), Date.UTC(2024, 0, 16)]] as const;
    const tops = ranges.map(([from, to]) => engine!.queries.top.top({ from, to }, 'host', 10));
    ranges.forEach(([from, to], k) => expect(tops[k]).toEqual(raw(from, to)));
    expect(tops[0]!.map((r) => r.value).sort()).toEqual([...hosts].sort());
    // And per client, on the Client page.
    const mine = engine.queries.client.activity('10.0.2.3', { from: 0, to: Date.UTC(2030, 0, 1) }).hosts;
    expect(mine).toEqual(
      engine.db
        .prepare(`SELECT s.value AS value, COUNT(*) AS requests, SUM(e.status >= 400) AS errors FROM events e JOIN strings s ON s.id = e.host
          JOIN strings c ON c.id = e.client WHERE c.value = '10.0.2.3' AND e.host <> 0 GROUP BY s.value ORDER BY requests DESC`)
        .all(),
    );
    expect(mine.length).toBeGreaterThan(1);

    // A database from before hosts were rolled up: migration 9 computes the same rollups from the events.
    await engine.stop();
    engine = null;
    const db = openDb(join(tmp.dir, 'data'));
    try {
      const rollups = () => db.prepare('SELECT * FROM rollup_hour_dim WHERE dim = 6 UNION ALL SELECT * FROM rollup_day_dim WHERE dim = 6 ORDER BY 1, 3').all();
      const live = rollups();
      expect(live.length).toBeGreaterThan(10);
      db.exec('DELETE FROM rollup_hour_dim WHERE dim = 6; DELETE FROM rollup_day_dim WHERE dim = 6; DELETE FROM schema_migrations WHERE version = 9');
      expect(rollups()).toEqual([]);
      migrate(db);
      expect(rollups()).toEqual(live);
    } finally {
      db.close();
    }
  });

  it('retention stops, rather than spinning, when pending events cannot be committed before collecting strings', async () => {
    engine = await engineWithSixHours();
    let commits = 0;
    const r = new Retention(engine.db, { maxAgeMs: 2 * 3_600_000, stringsAfterRows: 100 }, {
      settled: () => (commits++, false),
      exclusive: (fn) => Promise.resolve(fn()),
      forgetIds: () => {},
    });
    let steps = 0;
    while (r.step() && steps < 1000) steps++; // deletes the old hours
    expect(commits).toBe(0);
    // The next run finds the strings due, cannot commit, and ends instead of trying again at once.
    expect(r.step()).toBe(false);
    expect(commits).toBe(1);
    expect(r.stringsDeleted).toBe(0);
  });

  it('retention deletes whole old hours in small batches, rollups included', async () => {
    const base = SIX_HOURS_FROM;
    engine = await engineWithSixHours();
    const r = new Retention(engine.db, { maxAgeMs: 2 * 3_600_000, batchRows: 100 });
    let steps = 0;
    while (r.step()) steps++;
    expect(steps).toBeGreaterThan(5);
    const newest = base + 2399 * 9_000;
    const cut = newest - 2 * 3_600_000 - ((newest - 2 * 3_600_000) % 3_600_000);
    expect(count(engine, 'SELECT COUNT(*) AS n FROM events WHERE time < ?', cut)).toBe(0);
    expect(count(engine, 'SELECT COUNT(*) AS n FROM events')).toBe(2400 - Math.ceil((cut - base) / 9_000));
    expect(count(engine, 'SELECT COALESCE(SUM(requests), 0) AS n FROM rollup_minute')).toBe(count(engine, 'SELECT COUNT(*) AS n FROM events'));
  });

  it('import is idempotent: the same file is not counted twice', async () => {
    const log = join(tmp.dir, 'a.log');
    writeFileSync(log, lines(0, 30));
    engine = await startEngine(join(tmp.dir, 'data'));
    expect(await engine.importFile(log)).toMatchObject({ lines: 30, watched: false });
    expect(await engine.importFile(log)).toMatchObject({ lines: 0, watched: false });
    expect(count(engine, 'SELECT COUNT(*) AS n FROM events')).toBe(30);
  });

  it('importing a watched file leaves it to its watch and says so', async () => {
    const log = join(tmp.dir, 'live.log');
    writeFileSync(log, lines(0, 30));
    engine = await startEngine(join(tmp.dir, 'data'));
    await engine.addWatch(log);
    expect(await engine.importFile(log)).toMatchObject({ watched: true, lines: 0 });
    expect(count(engine, 'SELECT COUNT(*) AS n FROM events')).toBe(30);
  });

  it('imports gzip-compressed logs once, with exact line numbers', async () => {
    const log = join(tmp.dir, 'old.log.gz');
    writeFileSync(log, gzipSync(lines(0, 2500)));
    engine = await startEngine(join(tmp.dir, 'data'), { chunkBytes: 4096 });
    const r = await engine.importFile(log);
    expect(r).toMatchObject({ lines: 2500, events: 2500, parseErrors: 0, format: 'combined' });
    expect((await engine.importFile(log)).lines).toBe(0);
    expect(count(engine, 'SELECT MAX(line) AS n FROM events')).toBe(2500);
    await expect(engine.addWatch(log).then(() => engine!.flush())).resolves.toBeDefined();
  });

  it('reads evidence back from the file, from its rotated name, or from stored fields', async () => {
    const log = join(tmp.dir, 'a.log');
    writeFileSync(log, lines(0, 12, { client: '10.5.5.5' }));
    engine = await startEngine(join(tmp.dir, 'data'));
    await engine.importFile(log);
    const uid = engine.queries.alerts.list({}).rows[0]!.uid;
    const fromFile = await engine.queries.alerts.detail(uid);
    expect(fromFile.evidence[0]!.origin).toBe('file');
    expect(fromFile.evidence[0]!.raw).toBe(line(fromFile.evidence[0]!.line - 1, { client: '10.5.5.5' }));

    renameSync(log, `${log}.1`);
    const rotated = await engine.queries.alerts.detail(uid);
    expect(rotated.evidence[0]!.origin).toBe('file');
    expect(rotated.evidence[0]!.raw).toBe(fromFile.evidence[0]!.raw);

    rmSync(`${log}.1`);
    const stored = await engine.queries.alerts.detail(uid);
    expect(stored.evidence[0]!.origin).toBe('stored');
    expect(stored.evidence[0]!.raw).toContain('10.5.5.5');
    expect(stored.evidence[0]!.event!.path).toBe(`/api/items/${stored.evidence[0]!.line - 1}`);
  });

  it('reads evidence from a gzip log decompressed, every line as the file has it', async () => {
    // Enough lines that the wanted ones fall in different decompressed chunks, and past the compressed size.
    const text = lines(0, 20_000, { client: '10.6.6.6' });
    const log = join(tmp.dir, 'old.log.gz');
    writeFileSync(log, gzipSync(text));
    engine = await startEngine(join(tmp.dir, 'data'));
    await engine.importFile(log);
    const original = text.split('\n');
    const stored = engine.queries.events.list({ range: { from: 0, to: Number.MAX_SAFE_INTEGER }, limit: 10_000 });
    const sample = [stored[0]!, stored[4_321]!, stored[9_999]!, ...stored.slice(5000, 5003)];
    const read = await engine.queries.evidence.lines(sample.map((e) => ({ source: e.fileId, line: e.line, offset: e.offset })));
    expect(read.map((l) => l.origin)).toEqual(sample.map(() => 'file'));
    expect(read.map((l) => l.raw)).toEqual(sample.map((e) => original[e.line - 1]));
    // An alert's drawer, and the Events page's single line, read the same way.
    const uid = engine.queries.alerts.list({}).rows[0]!.uid;
    for (const ev of (await engine.queries.alerts.detail(uid)).evidence) expect([ev.origin, ev.raw]).toEqual(['file', original[ev.line - 1]]);
    expect((await engine.queries.evidence.ofEvent(stored[7]!.fileId, stored[7]!.offset)).raw).toBe(original[stored[7]!.line - 1]);
  });

  it('records triage with history and notes, and suppresses allowlisted keys', async () => {
    const log = join(tmp.dir, 'a.log');
    writeFileSync(log, lines(0, 10, { client: '10.1.1.1' }));
    engine = await startEngine(join(tmp.dir, 'data'));
    await engine.importFile(log);
    const uid = engine.queries.alerts.list({}).rows[0]!.uid;
    engine.queries.alerts.setStatus(uid, 'acknowledged', 'ana', 'looking');
    engine.queries.alerts.setStatus(uid, 'false-positive', 'bo', 'our scanner');
    expect(() => engine!.queries.alerts.setStatus(uid, 'false-positive', 'bo', '')).toThrow(/already/);
    engine.queries.alerts.addNote(uid, 'bo', 'allowlisting it');
    const d = await engine.queries.alerts.detail(uid);
    expect(d.history.map((h) => [h.from, h.to, h.who])).toEqual([
      ['open', 'acknowledged', 'ana'],
      ['acknowledged', 'false-positive', 'bo'],
    ]);
    expect(d.notes.map((n) => n.text)).toEqual(['allowlisting it']);
    expect(engine.queries.alerts.list({ filter: { status: ['false-positive'], text: '10.1.1' } }).total).toBe(1);

    engine.queries.allowlist.add('10.2.2.2', 'ip', 'ours', null, 'bo');
    engine.gate.reload();
    engine.reloadDetector();
    const log2 = join(tmp.dir, 'b.log');
    writeFileSync(log2, lines(100, 10, { client: '10.2.2.2' }));
    await engine.importFile(log2);
    expect(engine.queries.alerts.list({ filter: { key: '10.2.2.2' } }).total).toBe(0);
    expect(engine.stats.suppressed).toBeGreaterThan(0);
  });

  it('suppresses alerts from inside a temporary allowlisted range until it expires', async () => {
    engine = await startEngine(join(tmp.dir, 'data'));
    const hour = Date.now() + 3_600_000;
    engine.queries.allowlist.add('10.3.0.0/16', 'ip', 'red team this afternoon', hour, 'bo');
    engine.queries.allowlist.add('10.4.0.0/16', 'ip', 'last week', Date.now() - 1000, 'bo');
    engine.gate.reload();
    engine.reloadDetector();
    const log = join(tmp.dir, 'c.log');
    writeFileSync(log, lines(200, 10, { client: '10.3.7.9' }) + lines(300, 10, { client: '10.4.7.9' }));
    await engine.importFile(log);
    expect(engine.queries.alerts.list({ filter: { key: '10.3.7.9' } }).total).toBe(0);
    expect(engine.queries.alerts.list({ filter: { key: '10.4.7.9' } }).total).toBeGreaterThan(0); // expired
  });
});

describe('unique-client sketch', () => {
  it('estimates large cardinalities within 3% and small ones exactly', async () => {
    const { Hll } = await import('../../electron/engine/store/hll');
    const big = new Hll();
    for (let i = 1; i <= 50_000; i++) big.add(i);
    expect(Math.abs(big.estimate() - 50_000) / 50_000).toBeLessThan(0.03);
    const small = new Hll();
    for (let i = 1; i <= 40; i++) small.add(i * 7);
    expect(small.estimate()).toBe(40);
    const merged = new Hll();
    merged.merge(small.regs);
    merged.merge(big.regs);
    expect(Math.abs(merged.estimate() - 50_000) / 50_000).toBeLessThan(0.03);
  });
});
