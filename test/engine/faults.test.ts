import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Engine } from '../../electron/engine/engine';
import { bundleEngine } from './bundle';
import { append, count, lines, startEngine, tempDir, waitFor } from './helpers';

let tmp: ReturnType<typeof tempDir>;
let engine: Engine | null = null;
let bundle: Awaited<ReturnType<typeof bundleEngine>>;

beforeAll(async () => {
  bundle = await bundleEngine();
});
afterAll(() => rmSync(bundle.dir, { recursive: true, force: true }));

beforeEach(() => {
  tmp = tempDir();
});
afterEach(async () => {
  await engine?.stop();
  engine = null;
  tmp.cleanup();
});

const events = (e: Engine) => count(e, 'SELECT COUNT(*) AS n FROM events');
const integrity = (path: string) => {
  const db = new Database(path);
  try {
    return (db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check;
  } finally {
    db.close();
  }
};

describe('faults', () => {
  it('binary garbage and a 1 MB line become parse errors; every line is still counted once', async () => {
    const log = join(tmp.dir, 'mixed.log');
    const garbage = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256).filter((b) => b !== 10));
    const longLine = Buffer.from(`${'A'.repeat(1 << 20)}\n`);
    writeFileSync(log, Buffer.concat([Buffer.from(lines(0, 10)), garbage, Buffer.from('\n'), longLine, Buffer.from(lines(10, 10))]));
    engine = await startEngine(join(tmp.dir, 'data'), { maxLineBytes: 64 * 1024 });
    await engine.addWatch(log, 'combined');
    await waitFor(() => events(engine!) === 20, '20 events');
    await engine.flush();
    const src = engine.sourceStatuses()[0]!;
    expect(src.lines).toBe(22);
    expect(src.events).toBe(20);
    expect(src.parseErrors).toBe(2);
    const errs = engine.queries.parseErrors(src.id);
    expect(errs.map((e) => e.line).sort((a, b) => a - b)).toEqual([11, 12]);
    expect(errs.find((e) => e.line === 12)!.code).toBe('line-too-long');
    // Line numbers after the long line are exact.
    expect(count(engine, 'SELECT MAX(line) AS n FROM events')).toBe(22);
  });

  it('a path that is not a regular file, or unreadable, gets a clear status; others keep flowing', async () => {
    const fifo = join(tmp.dir, 'pipe.log');
    execFileSync('mkfifo', [fifo]);
    const good = join(tmp.dir, 'good.log');
    writeFileSync(good, lines(0, 5));
    engine = await startEngine(join(tmp.dir, 'data'));
    await engine.addWatch(fifo, 'combined');
    await engine.addWatch(good);
    await waitFor(() => events(engine!) === 5, 'good file read');
    const st = () => engine!.sourceStatuses().find((s) => s.path === fifo)!;
    await waitFor(() => st().state === 'error', 'fifo in error');
    expect(st().lastError).toBe('not a regular file');

    if (process.getuid?.() !== 0) {
      const locked = join(tmp.dir, 'locked.log');
      writeFileSync(locked, lines(100, 3));
      chmodSync(locked, 0);
      await engine.addWatch(locked, 'combined');
      const ls = () => engine!.sourceStatuses().find((s) => s.path === locked)!;
      await waitFor(() => ls().state === 'error', 'permission error');
      expect(ls().lastError).toBe('permission denied');
      chmodSync(locked, 0o644);
      await waitFor(() => events(engine!) === 8, 'readable again');
    }
  });

  it('a file no parser recognises is reported as unknown-format', async () => {
    const log = join(tmp.dir, 'prose.log');
    writeFileSync(log, Array.from({ length: 60 }, (_, i) => `just some words number ${i}`).join('\n') + '\n');
    engine = await startEngine(join(tmp.dir, 'data'));
    await engine.addWatch(log);
    await waitFor(() => engine!.sourceStatuses()[0]?.state === 'unknown-format', 'unknown-format');
    expect(events(engine)).toBe(0);
  });
});

// Both ways of committing: in the engine's thread, and on the store writer thread as shipped.
describe.each([
  ['committing inline', () => ({})],
  ['committing on the store writer thread', () => ({ writerWorker: bundle.writer })],
])('store faults, %s', (_name, writer) => {
  it('a locked database degrades the engine with db-locked, pauses reading, and recovers without loss', async () => {
    const data = join(tmp.dir, 'data');
    const log = join(tmp.dir, 'a.log');
    writeFileSync(log, lines(0, 10));
    engine = await startEngine(data, { store: { busyTimeoutMs: 20 }, ...writer() });
    await engine.addWatch(log);
    await waitFor(() => events(engine!) === 10, '10 events');

    const other = new Database(join(data, 'api-shield.sqlite'));
    other.pragma('busy_timeout = 0');
    other.exec('BEGIN IMMEDIATE');
    append(log, lines(10, 500));
    await waitFor(() => engine!.lastError?.code === 'db-locked', 'db-locked error');
    expect(engine.state).toBe('degraded');
    other.exec('COMMIT');
    other.close();
    await waitFor(() => engine!.state === 'running' && events(engine!) === 510, 'recovered');
    // The writer thread's commit is visible in the store a moment before its reply reaches the engine's counters.
    await engine.flush();
    expect(engine.lastError).toBeNull();
    expect(count(engine, 'SELECT COUNT(DISTINCT line) AS n FROM events')).toBe(510);
    expect(engine.stats.events).toBe(510);
  });

  it('a full disk degrades the engine with disk-full; after restart with room nothing is lost or corrupt', async () => {
    const data = join(tmp.dir, 'data');
    const log = join(tmp.dir, 'a.log');
    writeFileSync(log, lines(0, 20_000));
    engine = await startEngine(data, { store: { maxPageCount: 300 }, ...writer() });
    await engine.addWatch(log);
    await waitFor(() => engine!.lastError?.code === 'disk-full', 'disk-full error');
    expect(engine.state).toBe('degraded');
    // Still answering queries.
    expect(engine.queries.counts().events).toBeLessThan(20_000);
    await engine.stop().catch(() => undefined);
    engine = null;
    expect(integrity(join(data, 'api-shield.sqlite'))).toBe('ok');

    engine = await startEngine(data, writer());
    await waitFor(() => events(engine!) === 20_000, 'all events after restart', 30_000);
    expect(count(engine, 'SELECT COUNT(DISTINCT line) AS n FROM events')).toBe(20_000);
  });
});
