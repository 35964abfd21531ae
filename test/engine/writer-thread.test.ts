/**
 * The store writer thread (committer.ts, store-writer.ts): batches are written on a thread of their own
 * while the engine reads the next one. Same store, same alerts, same guarantees as writing inline (the
 * locked and full store cases run both ways in faults.test.ts; kill -9 in process.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../electron/engine/engine';
import { coreDeps } from '../../electron/engine/core-deps';
import { bundleEngine } from './bundle';
import { append, clfTime, count, line, perTestEngine, startEngine, waitFor } from './helpers';

let bundle: Awaited<ReturnType<typeof bundleEngine>>;
const fx = perTestEngine();

beforeAll(async () => {
  bundle = await bundleEngine();
});
afterAll(() => rmSync(bundle.dir, { recursive: true, force: true }));

const BASE = Date.UTC(2024, 0, 15, 0, 0, 0);

/** Busy benign traffic from 300 clients plus a burst, a scan and a credential-stuffing run. */
function mixedLog(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = BASE + i * 40;
    const c = `10.2.${(i * 7) % 3}.${(i * 13) % 100}`;
    out.push(`${c} - - [${clfTime(t)}] "GET /api/items/${i % 50}?page=${i % 3} HTTP/1.1" 200 512 "-" "client-${i % 9}"`);
    if (i % 500 === 0) out.push(line(i, { client: '203.0.113.9', time: t, path: `/admin/probe${i}` }));
    if (i > 1000 && i < 1100) out.push(`198.51.100.7 - - [${clfTime(t)}] "POST /login HTTP/1.1" 401 20 "-" "curl/8"`);
    if (i > 2000 && i < 2060) out.push(line(i, { client: '192.0.2.44', time: t }));
  }
  return out.join('\n') + '\n';
}

/** What a store holds, in a form two stores can be compared by. */
function contents(e: Engine) {
  const all = <T>(sql: string) => e.db.prepare(sql).all() as T[];
  return {
    events: count(e, 'SELECT COUNT(*) AS n FROM events'),
    lines: count(e, 'SELECT COUNT(DISTINCT line) AS n FROM events'),
    queries: all<{ q: string }>("SELECT line || ' ' || query AS q FROM events WHERE query <> '' ORDER BY line").map((r) => r.q),
    rollup: count(e, 'SELECT SUM(requests) AS n FROM rollup_minute'),
    strings: all<{ value: string }>('SELECT value FROM strings ORDER BY value').map((r) => r.value),
    alerts: all('SELECT key, rule, severity, count, first_seen, last_seen, evidence, active FROM alerts ORDER BY key, rule, first_seen'),
    sources: all('SELECT lines, events, parse_errors FROM sources'),
  };
}

describe('store writer thread', () => {
  it('stores exactly what writing inline stores: events, strings, rollups and alerts', async () => {
    const log = join(fx.dir, 'mixed.log');
    writeFileSync(log, mixedLog(12_000));
    // Small batches: many commits in flight one after another, each overlapping the reading of the next.
    const opts = { deps: coreDeps, batchMaxEvents: 300 };
    let engine = (fx.engine = await startEngine(join(fx.dir, 'inline'), opts));
    await engine.importFile(log);
    const inline = contents(engine);
    await engine.stop();
    engine = fx.engine = await startEngine(join(fx.dir, 'threaded'), { ...opts, writerWorker: bundle.writer });
    const r = await engine.importFile(log);
    const threaded = contents(engine);
    expect(inline.alerts.length).toBeGreaterThan(2);
    expect(threaded).toEqual(inline);
    expect(r.events).toBe(inline.events);
    expect(engine.stats.events).toBe(inline.events);
  });

  it("the engine's own writes (triage) succeed while batches are being written", async () => {
    const log = join(fx.dir, 'mixed.log');
    writeFileSync(log, mixedLog(3_000));
    const engine = (fx.engine = await startEngine(join(fx.dir, 'data'), { deps: coreDeps, batchMaxEvents: 200, writerWorker: bundle.writer }));
    await engine.importFile(log);
    const uid = engine.queries.alerts.list({}).rows[0]!.uid;
    const big = join(fx.dir, 'big.log');
    writeFileSync(big, mixedLog(60_000).replaceAll('2024', '2025'));
    const importing = engine.importFile(big);
    let changes = 0;
    while (changes < 40) {
      engine.queries.alerts.setStatus(uid, changes % 2 ? 'open' : 'acknowledged', 'analyst', `pass ${changes}`);
      changes++;
      await new Promise((r) => setTimeout(r, 5));
    }
    await importing;
    expect(count(engine, 'SELECT COUNT(*) AS n FROM alert_status_history WHERE alert_uid = ?', uid)).toBe(40);
    expect(count(engine, 'SELECT COUNT(DISTINCT line) AS n FROM events WHERE time >= ?', Date.UTC(2025, 0, 1))).toBeGreaterThan(60_000);
  });

  it('unused strings are collected with reading paused, so events read meanwhile keep theirs', async () => {
    // Every request has its own path and user agent: most of the store is strings, and a size budget deletes them.
    const req = (i: number, t = BASE + i * 1_800) =>
      `10.1.${(i >> 8) & 255}.${i & 255} - - [${clfTime(t)}] "GET /files/${i}/${'x'.repeat(60)} HTTP/1.1" 200 10 "-" "agent-${i}-${'y'.repeat(80)}"`;
    const first = join(fx.dir, 'first.log');
    writeFileSync(first, Array.from({ length: 20_000 }, (_, i) => req(i)).join('\n') + '\n');
    const engine = (fx.engine = await startEngine(join(fx.dir, 'data'), {
      writerWorker: bundle.writer,
      batchMaxEvents: 500,
      retention: { maxDbBytes: 3_000_000, intervalMs: 0, stringsAfterRows: 1000 },
    }));
    const watched = join(fx.dir, 'live.log');
    writeFileSync(watched, '');
    await engine.addWatch(watched);
    const importing = engine.importFile(first);
    // Lines reusing old paths and agents arrive while retention runs.
    for (let k = 0; k < 20; k++) {
      append(watched, Array.from({ length: 100 }, (_, i) => req(i * 97 + k, BASE + 20_000 * 1_800 + k * 1_000 + i)).join('\n') + '\n');
      await new Promise((r) => setTimeout(r, 20));
    }
    await importing;
    await waitFor(() => count(engine, 'SELECT lines AS n FROM sources WHERE path = ?', watched) === 2_000, 'the live lines');
    await engine.flush();
    expect(engine.retention.stringsDeleted).toBeGreaterThan(0);
    const joined = `SELECT COUNT(*) AS n FROM events e JOIN strings c ON c.id = e.client JOIN strings p ON p.id = e.path
      JOIN strings t ON t.id = e.template JOIN strings u ON u.id = e.ua`;
    expect(count(engine, joined)).toBe(count(engine, 'SELECT COUNT(*) AS n FROM events'));
  });
});
