/**
 * `query.events` filters (the Events page) checked against a plain-JS reference over the same generated
 * rows, keyset paging through events that share a millisecond, `events.raw`, and the query plans.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../../electron/contract/errors';
import type { EngineApi } from '../../electron/contract/handlers';
import { validateParams } from '../../electron/contract/params';
import type { Engine } from '../../electron/engine/engine';
import type { EventFilter } from '../../electron/engine/queries/events';
import { startEngine, tempDir } from './helpers';

const BASE = Date.UTC(2024, 0, 15, 10, 0, 0);
const ALL = { from: 0, to: Date.UTC(2030, 0, 1) };
const STATUSES = [200, 201, 302, 404, 500, 503, 401];

interface Ref {
  file: 'a' | 'b';
  seq: number;
  line: number;
  time: number;
  client: string;
  path: string;
  status: number;
  user: string;
  api: string;
  application: string;
  host: string;
  text: string;
}

/** JSON gateway lines (the format carrying user and API); the last 30 of each file share one millisecond. */
function generate(file: 'a' | 'b', count: number, seq0: number, t0: number): Ref[] {
  const out: Ref[] = [];
  for (let i = 0; i < count; i++) {
    const time = i < count - 30 ? t0 + i * 1000 : t0 + (count - 30) * 1000;
    const r = {
      time: new Date(time).toISOString(),
      client_ip: `10.0.0.${i % 4}`,
      method: 'GET',
      path: `/api/v1/items/${i % 5}`,
      status: STATUSES[i % STATUSES.length]!,
      bytes: 100 + i,
      latency_ms: i % 40,
      user_agent: 'test-agent/1.0',
      user: i % 3 === 0 ? '' : `user${i % 3}`,
      api: i % 2 ? 'payments' : 'orders',
      application: i % 4 === 0 ? 'ShopWeb' : 'ERP',
      host: i % 3 === 1 ? 'api.example' : 'shop.example',
    };
    const { client_ip: client, path, status, user, api, application, host } = r;
    out.push({ file, seq: seq0 + i, line: i + 1, time, client, path, status, user, api, application, host, text: JSON.stringify(r) });
  }
  return out;
}

const tmp = tempDir();
let engine: Engine;
const refs: Ref[] = [];
const sourceOf: Record<'a' | 'b', number> = { a: 0, b: 0 };

beforeAll(async () => {
  refs.push(...generate('a', 300, 0, BASE), ...generate('b', 100, 300, BASE + 50_000));
  engine = await startEngine(join(tmp.dir, 'data'));
  for (const file of ['a', 'b'] as const) {
    const path = join(tmp.dir, `${file}.jsonl`);
    writeFileSync(path, refs.filter((r) => r.file === file).map((r) => r.text + '\n').join(''));
    const res = await engine.importFile(path, 'json');
    expect(res.events).toBe(file === 'a' ? 300 : 100);
    sourceOf[file] = res.sourceId;
  }
});
afterAll(async () => {
  await engine.stop();
  tmp.cleanup();
});

/** What the store must answer: matching rows, newest first, insertion order breaking ties. */
function expected(match: (r: Ref) => boolean, range = ALL): string[] {
  return refs
    .filter((r) => r.time >= range.from && r.time < range.to && match(r))
    .sort((x, y) => y.time - x.time || y.seq - x.seq)
    .map((r) => `${r.file}:${r.line}`);
}

function got(f: Omit<EventFilter, 'range'> & { range?: EventFilter['range'] }): string[] {
  const bySource = Object.fromEntries(Object.entries(sourceOf).map(([k, v]) => [v, k]));
  return engine.queries.events.list({ range: ALL, limit: 10_000, ...f }).map((e) => `${bySource[e.sourceId]}:${e.line}`);
}

describe('query.events filters', () => {
  const narrow = { from: BASE + 60_000, to: BASE + 120_000 };
  type Case = { name: string; filter: Omit<EventFilter, 'range'> & { range?: EventFilter['range'] }; match: (r: Ref) => boolean; none?: true };
  const cases: Case[] = [
    { name: 'no filter', filter: {}, match: () => true },
    { name: 'client', filter: { client: '10.0.0.1' }, match: (r) => r.client === '10.0.0.1' },
    { name: 'exact path', filter: { path: '/api/v1/items/3' }, match: (r) => r.path === '/api/v1/items/3' },
    { name: 'path prefix pattern', filter: { path: '/api/v1/items/*' }, match: (r) => r.path.startsWith('/api/v1/items/') },
    { name: 'path suffix pattern + client', filter: { path: '*/3', client: '10.0.0.2' }, match: (r) => r.path.endsWith('/3') && r.client === '10.0.0.2' },
    { name: 'path pattern with two wildcards', filter: { path: '/api/*/items/*4' }, match: (r) => r.path === '/api/v1/items/4' },
    { name: 'brackets and ? in a pattern are literal', filter: { path: '/api/v1/items/[1]*' }, match: () => false, none: true },
    { name: 'a pattern matching stored strings that are no path', filter: { path: '10.0.0.*' }, match: () => false, none: true },
    { name: 'status', filter: { status: 404 }, match: (r) => r.status === 404 },
    { name: 'status class 2xx', filter: { statusClass: 2 }, match: (r) => r.status >= 200 && r.status < 300 },
    { name: 'status class 3xx', filter: { statusClass: 3 }, match: (r) => r.status >= 300 && r.status < 400 },
    { name: 'status class 4xx', filter: { statusClass: 4 }, match: (r) => r.status >= 400 && r.status < 500 },
    { name: 'status class 5xx', filter: { statusClass: 5 }, match: (r) => r.status >= 500 },
    { name: 'user', filter: { user: 'user2' }, match: (r) => r.user === 'user2' },
    { name: 'api', filter: { api: 'payments' }, match: (r) => r.api === 'payments' },
    { name: 'host', filter: { host: 'api.example' }, match: (r) => r.host === 'api.example' },
    { name: 'application', filter: { application: 'ShopWeb' }, match: (r) => r.application === 'ShopWeb' },
    { name: 'application + api', filter: { application: 'ERP', api: 'payments' }, match: (r) => r.application === 'ERP' && r.api === 'payments' },
    { name: 'host + 4xx', filter: { host: 'shop.example', statusClass: 4 }, match: (r) => r.host === 'shop.example' && r.status >= 400 && r.status < 500 },
    { name: 'unknown host', filter: { host: 'nowhere.example' }, match: () => false, none: true },
    { name: 'source', filter: { sourceId: -1 }, match: (r) => r.file === 'b' },
    {
      name: 'client + user + api + 5xx + source',
      filter: { client: '10.0.0.1', user: 'user1', api: 'payments', statusClass: 5, sourceId: -2 },
      match: (r) => r.client === '10.0.0.1' && r.user === 'user1' && r.api === 'payments' && r.status >= 500 && r.file === 'a',
    },
    {
      name: 'narrow range + 4xx',
      filter: { range: narrow, statusClass: 4 },
      match: (r) => r.time >= narrow.from && r.time < narrow.to && r.status >= 400 && r.status < 500,
    },
    { name: 'unknown user', filter: { user: 'nobody' }, match: () => false, none: true },
    { name: 'unknown api', filter: { api: 'no-such-api' }, match: () => false, none: true },
    { name: 'a string stored, but never as a user', filter: { user: 'payments' }, match: () => false, none: true },
  ];
  for (const c of cases) {
    it(`filters by ${c.name}`, () => {
      // Source ids are only known after the import: -1 stands for b, -2 for a.
      const filter = { ...c.filter };
      if (filter.sourceId !== undefined) filter.sourceId = filter.sourceId === -1 ? sourceOf.b : sourceOf.a;
      const want = expected(c.match);
      expect(got(filter)).toEqual(want);
      // Guards the reference itself: a case meant to match something must not pass by matching nothing.
      expect(want.length > 0).toBe(!c.none);
    });
  }

  it('pages with the (time, id) cursor through events of one millisecond without skipping or repeating', () => {
    for (const filter of [{}, { client: '10.0.0.2' }, { statusClass: 2 as const }]) {
      const seen: string[] = [];
      let cursor: { before: number; beforeId: number } | undefined;
      for (let pages = 0; pages < 200; pages++) {
        const rows = engine.queries.events.list({ range: ALL, limit: 7, ...filter, ...cursor });
        const bySource = Object.fromEntries(Object.entries(sourceOf).map(([k, v]) => [v, k]));
        seen.push(...rows.map((e) => `${bySource[e.sourceId]}:${e.line}`));
        if (rows.length < 7) break;
        const last = rows[rows.length - 1]!;
        cursor = { before: last.time, beforeId: last.id };
      }
      expect(seen).toEqual(got(filter));
    }
    // Without the id, `before` alone means strictly older: the rest of a shared millisecond is left out.
    const tie = BASE + 270_000;
    expect(got({ before: tie }).every((k) => refs.find((r) => `${r.file}:${r.line}` === k)!.time < tie)).toBe(true);
  });

  it('reads one event line back from its file, or rebuilds it from stored fields once the file is gone', async () => {
    const [e] = engine.queries.events.list({ range: ALL, sourceId: sourceOf.b, limit: 1 });
    const want = refs.find((r) => r.file === 'b' && r.line === e!.line)!;
    const fromFile = await engine.queries.evidence.ofEvent(e!.fileId, e!.offset);
    expect(fromFile).toMatchObject({ origin: 'file', raw: want.text, line: want.line, sourceId: sourceOf.b });
    expect(fromFile.event).toEqual(e);
    rmSync(join(tmp.dir, 'b.jsonl'));
    const stored = await engine.queries.evidence.ofEvent(e!.fileId, e!.offset);
    expect(stored.origin).toBe('stored');
    expect(stored.raw).toContain(want.client);
    await expect(engine.queries.evidence.ofEvent(e!.fileId, e!.offset + 1)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('seeks an index for every filter instead of scanning the events table', () => {
    const filters: Omit<EventFilter, 'range'>[] = [
      {}, { status: 404 }, { statusClass: 5 }, { path: '/api/v1/items/1' }, { path: '/api/*' }, { user: 'user1' }, { api: 'orders' }, { host: 'api.example' },
      { application: 'ShopWeb' }, { sourceId: sourceOf.a }, { client: '10.0.0.1' }, { client: '10.0.0.1', statusClass: 4, user: 'user1' },
      { before: BASE + 100_000, beforeId: 50 },
    ];
    const statements = (engine.queries.events as unknown as { cache: Map<string, unknown> }).cache;
    for (const f of filters) {
      statements.clear();
      engine.queries.events.list({ range: { from: BASE, to: BASE + 60_000 }, ...f });
      const [sql] = [...statements.keys()];
      const plan = (engine.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({
        from: 0, to: 1, limit: 1, client: 1, buckets: '[]', path: 1, pathGlob: '/api/*', user: 1, api: 1, application: 1, host: 1, status: 1, statusLo: 1, statusHi: 2, sourceId: 1, before: 1, beforeId: 1,
      }) as { detail: string }[]).map((p) => p.detail);
      const onEvents = plan.find((d) => / e( |$)/.test(d))!;
      expect(onEvents, `${JSON.stringify(f)}: ${plan.join(' | ')}`).toMatch(/^SEARCH e USING INDEX events_(time_path|bucket_client)/);
    }
  });
});

describe('query.events for one path over many hours', () => {
  // 600 events, 90 s apart over 15 hours (90 index buckets of 10 min); every 40th one is the rare path,
  // and the common one fills every bucket.
  const tmp2 = tempDir();
  let e2: Engine;
  const lines: { time: number; path: string; line: number }[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 600; i++) lines.push({ time: BASE + i * 90_000, path: i % 40 === 7 ? '/wp-login.php' : '/api/v1/items', line: i + 1 });
    const path = join(tmp2.dir, 'spread.jsonl');
    writeFileSync(path, lines.map((l) => JSON.stringify({ time: new Date(l.time).toISOString(), client_ip: '10.1.0.1', method: 'GET', path: l.path, status: 200 }) + '\n').join(''));
    e2 = await startEngine(join(tmp2.dir, 'data'));
    expect((await e2.importFile(path, 'json')).events).toBe(600);
  });
  afterAll(async () => {
    await e2.stop();
    tmp2.cleanup();
  });

  it('finds every event of a rare and of a common path, newest first, page after page', () => {
    for (const [path, pageSize] of [['/wp-login.php', 4], ['/api/v1/items', 50]] as const) {
      const want = lines.filter((l) => l.path === path).reverse().map((l) => l.line);
      const seen: number[] = [];
      let cursor: { before: number; beforeId: number } | undefined;
      for (let pages = 0; pages < 100; pages++) {
        const rows = e2.queries.events.list({ range: ALL, path, limit: pageSize, ...cursor });
        seen.push(...rows.map((r) => r.line));
        if (rows.length < pageSize) break;
        cursor = { before: rows.at(-1)!.time, beforeId: rows.at(-1)!.id };
      }
      expect(seen).toEqual(want);
    }
    // A range that clips both ends.
    const range = { from: BASE + 3 * 3_600_000, to: BASE + 9 * 3_600_000 };
    const want = lines.filter((l) => l.path === '/wp-login.php' && l.time >= range.from && l.time < range.to).reverse().map((l) => l.line);
    expect(want.length).toBeGreaterThan(3);
    expect(e2.queries.events.list({ range, path: '/wp-login.php', limit: 100 }).map((r) => r.line)).toEqual(want);
  });
});

describe('query.events params', () => {
  const range = { from: 0, to: 10 };
  const bad: [string, unknown, RegExp][] = [
    ['status together with statusClass', { range, status: 404, statusClass: 4 }, /status and statusClass cannot be combined/],
    ['statusClass 7', { range, statusClass: 7 }, /statusClass: must be between 2 and 5/],
    ['a fractional statusClass', { range, statusClass: 2.5 }, /statusClass: expected an integer/],
    ['a non-string user', { range, user: 42 }, /user: expected a string/],
    ['an empty api', { range, api: '' }, /api: must not be empty/],
    ['beforeId without before', { range, beforeId: 3 }, /beforeId needs before/],
  ];
  for (const [name, params, message] of bad) {
    it(`rejects ${name} with a typed bad-request error`, () => {
      let err: unknown;
      try {
        validateParams('query.events', params);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(EngineError);
      expect((err as EngineError).code).toBe('bad-request');
      expect((err as EngineError).message).toMatch(message);
    });
  }

  it('accepts every new filter', () => {
    const p: EngineApi['query.events']['params'] = { range, statusClass: 3, user: 'ana', api: 'orders', before: 5, beforeId: 9 };
    expect(validateParams('query.events', p)).toEqual(p);
    expect(validateParams('events.raw', { fileId: 1, offset: 0 })).toEqual({ fileId: 1, offset: 0 });
  });
});
