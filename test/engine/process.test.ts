/** The real thing: the bundled worker behind the typed client, and a real process killed with SIGKILL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { WorkerEngineClient } from '../../electron/engine/client';
import type { EngineEvents } from '../../electron/contract';
import { bundleEngine } from './bundle';
import { append, lines, tempDir, waitFor } from './helpers';

let bundle: Awaited<ReturnType<typeof bundleEngine>>;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  bundle = await bundleEngine();
  tmp = tempDir();
});
afterAll(() => {
  tmp.cleanup();
  rmSync(bundle.dir, { recursive: true, force: true });
});

describe('engine worker (bundled)', () => {
  it('serves typed requests and pushes batched events from a worker thread', async () => {
    const log = join(tmp.dir, 'worker.log');
    writeFileSync(log, lines(0, 40, { client: '10.7.7.7' }));
    const client = await WorkerEngineClient.start(bundle.worker, {
      config: { dataDir: join(tmp.dir, 'worker-data'), pushMs: 50, batchMaxMs: 10, writerWorker: bundle.writer },
      watches: [{ spec: log }],
    });
    const pushes: EngineEvents['counters'][] = [];
    const opened: number[] = [];
    client.on('counters', (c) => pushes.push(c));
    client.on('alerts', (a) => opened.push(...a.opened.map((x) => x.uid)));
    try {
      await waitFor(async () => (await client.request('stats.summary', {})).events === 40, '40 events');
      append(log, lines(40, 20, { client: '10.7.7.7' }));
      await waitFor(async () => (await client.request('stats.summary', {})).events === 60, '60 events');
      await waitFor(() => pushes.some((c) => c.events === 60), 'a counters push with 60 events');
      // Real detector: 60 requests in 6 s from one IP is a burst.
      await waitFor(() => opened.length > 0, 'an opened alert pushed');
      const list = await client.request('alerts.list', { filter: { key: '10.7.7.7' } });
      expect(list.rows.map((r) => r.rule)).toContain('burst');
      // Batched: far fewer pushes than lines.
      expect(pushes.length).toBeLessThan(60);
      await expect(client.request('query.kpis', { range: { from: 5, to: 1 } })).rejects.toMatchObject({ code: 'bad-request' });
    } finally {
      await client.close();
    }
  });
});

function startChild(dataDir: string, log: string): Promise<ChildProcess> {
  // With the store writer thread, as shipped: a kill lands while a batch is being written.
  const child = spawn(process.execPath, [bundle.child, dataDir, log, String(16 * 1024), bundle.writer], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`child exited early (${code}): ${err}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((res) => (child.exitCode !== null || child.signalCode !== null ? res() : child.once('exit', () => res())));
}

describe('crash safety', () => {
  it('kill -9 during ingest, then restart: every line counted exactly once', async () => {
    const total = 120_000;
    const log = join(tmp.dir, 'crash.log');
    writeFileSync(log, lines(0, total));
    const dataDir = join(tmp.dir, 'crash-data');
    const dbPath = join(dataDir, 'api-shield.sqlite');
    const count = () => {
      try {
        const db = new Database(dbPath, { readonly: true, fileMustExist: true });
        try {
          return (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
        } finally {
          db.close();
        }
      } catch {
        return 0; // not created yet
      }
    };

    const killedAt: number[] = [];
    for (const stopAt of [15_000, 50_000, 90_000]) {
      const child = await startChild(dataDir, log);
      await waitFor(() => count() >= stopAt, `${stopAt} events committed`, 60_000);
      child.kill('SIGKILL');
      await exited(child);
      killedAt.push(count());
    }
    // Killed mid-way each time, not after the end.
    expect(killedAt.every((n) => n < total)).toBe(true);

    const child = await startChild(dataDir, log);
    await waitFor(() => count() >= total, `${total} events`, 60_000);
    child.kill('SIGTERM');
    await exited(child);

    const db = new Database(dbPath);
    try {
      const q = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(q('SELECT COUNT(*) AS n FROM events')).toBe(total);
      expect(q('SELECT COUNT(DISTINCT line) AS n FROM events')).toBe(total);
      expect(q('SELECT MIN(line) AS n FROM events')).toBe(1);
      expect(q('SELECT MAX(line) AS n FROM events')).toBe(total);
      expect(q('SELECT lines AS n FROM sources')).toBe(total);
      expect(q('SELECT SUM(requests) AS n FROM rollup_minute')).toBe(total);
      expect((db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check).toBe('ok');
    } finally {
      db.close();
    }
  });
});
