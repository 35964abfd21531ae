import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renameSync, rmSync, truncateSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../electron/engine/engine';
import { append, count, line, lines, startEngine, tempDir, waitFor } from './helpers';

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

const events = (e: Engine) => count(e, 'SELECT COUNT(*) AS n FROM events');
const distinctLines = (e: Engine) => count(e, 'SELECT COUNT(DISTINCT file_id || \':\' || line) AS n FROM events');
const committed = async (e: Engine, n: number) => {
  await waitFor(() => events(e) >= n, `${n} events (have ${events(e)})`);
  await e.flush();
  expect(events(e)).toBe(n);
  expect(distinctLines(e)).toBe(n);
};

describe('tailer', () => {
  it('follows appends of any size, holding a partial last line until it is complete', async () => {
    const log = join(tmp.dir, 'access.log');
    writeFileSync(log, lines(0, 100));
    engine = await startEngine(join(tmp.dir, 'data'));
    await engine.addWatch(log);
    await committed(engine, 100);

    append(log, lines(100, 250));
    await committed(engine, 350);

    // Half a line: nothing new is committed until the rest arrives.
    const l = line(350);
    append(log, l.slice(0, 30));
    await engine.flush();
    expect(events(engine)).toBe(350);
    append(log, `${l.slice(30)}\n`);
    await committed(engine, 351);

    const src = engine.sourceStatuses()[0]!;
    expect(src.lines).toBe(351);
    expect(src.events).toBe(351);
    expect(src.parseErrors).toBe(0);
  });

  it('follows rename-and-create rotation: finishes the old file, then reads the new one from 0', async () => {
    const log = join(tmp.dir, 'access.log');
    writeFileSync(log, lines(0, 200));
    engine = await startEngine(join(tmp.dir, 'data'));
    await engine.addWatch(log);
    await committed(engine, 200);

    append(log, lines(200, 50)); // may or may not be read before the rename: either way, exactly once
    renameSync(log, `${log}.1`);
    append(`${log}.1`, lines(250, 10)); // the writer still had the old file open
    writeFileSync(log, lines(260, 40));
    await committed(engine, 300);
    append(log, lines(300, 5));
    await committed(engine, 305);
    expect(engine.sourceStatuses()[0]!.rotations).toBeGreaterThanOrEqual(1);
  });

  it('follows copytruncate: a file shorter than the offset restarts at 0', async () => {
    const log = join(tmp.dir, 'access.log');
    writeFileSync(log, lines(0, 120));
    engine = await startEngine(join(tmp.dir, 'data'));
    await engine.addWatch(log);
    await committed(engine, 120);

    truncateSync(log, 0);
    append(log, lines(120, 30));
    await committed(engine, 150);
  });

  it('detects a truncation that was rewritten past the old offset (fingerprint changed)', async () => {
    const log = join(tmp.dir, 'access.log');
    writeFileSync(log, lines(0, 20));
    engine = await startEngine(join(tmp.dir, 'data'));
    await engine.addWatch(log);
    await committed(engine, 20);
    // Rewrite in place with more, different content than before, without the tailer seeing it shrink.
    writeFileSync(log, lines(1000, 50));
    await committed(engine, 70);
  });

  it('reports a deleted file as missing, keeps running, and reads it again from 0 when re-created', async () => {
    const log = join(tmp.dir, 'access.log');
    writeFileSync(log, lines(0, 10));
    engine = await startEngine(join(tmp.dir, 'data'));
    await engine.addWatch(log);
    await committed(engine, 10);

    rmSync(log);
    await waitFor(() => engine!.sourceStatuses()[0]!.state === 'missing', 'missing state');
    writeFileSync(log, lines(10, 7));
    await committed(engine, 17);
    await waitFor(() => engine!.sourceStatuses()[0]!.state === 'tailing', 'tailing again');
  });

  it('watches a folder and a `*` glob, picking up files created later', async () => {
    const dir = join(tmp.dir, 'logs');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.log'), lines(0, 5));
    writeFileSync(join(dir, 'notes.txt'), 'not a log\n');
    engine = await startEngine(join(tmp.dir, 'data'));
    const added = await engine.addWatch(join(dir, '*.log'));
    expect(added.sources.map((s) => s.path)).toEqual([join(dir, 'a.log')]);
    await committed(engine, 5);
    writeFileSync(join(dir, 'b.log'), lines(5, 6));
    await committed(engine, 11);
    expect(engine.sourceStatuses().map((s) => s.path).sort()).toEqual([join(dir, 'a.log'), join(dir, 'b.log')]);
  });

  it('picks up a watched folder that does not exist yet', async () => {
    const dir = join(tmp.dir, 'later');
    engine = await startEngine(join(tmp.dir, 'data'), { pollMs: 50 });
    await engine.addWatch(join(dir, '*.log'));
    mkdirSync(dir);
    writeFileSync(join(dir, 'x.log'), lines(0, 9));
    await committed(engine, 9);
  });

  it('resumes after a restart without re-reading or skipping, also when the file was rotated meanwhile', async () => {
    const data = join(tmp.dir, 'data');
    const log = join(tmp.dir, 'access.log');
    writeFileSync(log, lines(0, 100));
    engine = await startEngine(data);
    await engine.addWatch(log);
    await committed(engine, 100);
    await engine.stop();

    // While stopped: more lines in the old file, then a rotation and new lines in the new file.
    append(log, lines(100, 25));
    renameSync(log, `${log}.1`);
    writeFileSync(log, lines(125, 15));
    engine = await startEngine(data); // the watch is restored from the store
    await committed(engine, 140);
  });

  it("resumes a W3C log past its #Fields header with that header's columns, not IIS's defaults", async () => {
    const data = join(tmp.dir, 'data');
    const log = join(tmp.dir, 'u_ex240603.log');
    const w3c = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => `2024-06-03 14:${String(Math.floor((from + i) / 60)).padStart(2, '0')}:${String((from + i) % 60).padStart(2, '0')} 203.0.113.${(from + i) % 200} GET /api/items/${from + i} 200\n`).join('');
    writeFileSync(log, '#Software: Microsoft Internet Information Services 10.0\n#Fields: date time c-ip cs-method cs-uri-stem sc-status\n' + w3c(0, 30));
    engine = await startEngine(data);
    await engine.addWatch(log, 'w3c');
    await committed(engine, 30);
    await engine.stop();

    append(log, w3c(30, 20));
    engine = await startEngine(data);
    await committed(engine, 50);
    expect(count(engine, 'SELECT COUNT(*) AS n FROM parse_errors')).toBe(0);
  });

  it('resumes a W3C log with the columns of the header block IIS wrote mid-file, not those of its head', async () => {
    const data = join(tmp.dir, 'data');
    const log = join(tmp.dir, 'u_ex240604.log');
    const stamp = (i: number) => `2024-06-04 09:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
    // The head's order, then (after an IIS restart) another: the client moved to the end.
    const headOrder = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => `${stamp(from + i)} 198.51.100.${from + i} GET /a/${from + i} 200\n`).join('');
    const laterOrder = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => `${stamp(from + i)} GET /b/${from + i} 404 192.0.2.${from + i}\n`).join('');
    writeFileSync(
      log,
      '#Software: Microsoft Internet Information Services 10.0\n#Fields: date time c-ip cs-method cs-uri-stem sc-status\n' +
        headOrder(0, 60) + // past the 50 lines the head is sniffed for
        '#Software: Microsoft Internet Information Services 10.0\n#Date: 2024-06-04 09:01:00\n#Fields: date time cs-method cs-uri-stem sc-status c-ip\n' +
        laterOrder(60, 10),
    );
    engine = await startEngine(data);
    await engine.addWatch(log, 'w3c');
    await committed(engine, 70);
    await engine.stop();

    append(log, laterOrder(70, 20));
    engine = await startEngine(data);
    await committed(engine, 90);
    expect(count(engine, 'SELECT COUNT(*) AS n FROM parse_errors')).toBe(0);
    const rows = engine.queries.events.list({ range: { from: 0, to: Date.UTC(2030, 0, 1) }, limit: 20 });
    expect(rows.map((r) => r.client)).toEqual(Array.from({ length: 20 }, (_, i) => `192.0.2.${89 - i}`));
    expect(rows.every((r) => r.status === 404 && r.path.startsWith('/b/'))).toBe(true);
  });

  it('uses only the slow poll when notifications are off', async () => {
    const log = join(tmp.dir, 'access.log');
    writeFileSync(log, lines(0, 3));
    engine = await startEngine(join(tmp.dir, 'data'), { notifications: false, pollMs: 50 });
    await engine.addWatch(log);
    await committed(engine, 3);
    append(log, lines(3, 4));
    await committed(engine, 7);
  });
});
