import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DirLock, LOCK_FILE } from '../../electron/engine/store/dir-lock';
import type { Engine } from '../../electron/engine/engine';
import { startEngine, tempDir } from './helpers';

let tmp: ReturnType<typeof tempDir>;
const engines: Engine[] = [];
beforeEach(() => {
  tmp = tempDir();
});
afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop();
  tmp.cleanup();
});

/** The id of a process that has exited (and so holds nothing). */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
}

describe('data directory lock', () => {
  it('lets one engine at a time write a data directory, and the next one in once it has stopped', async () => {
    const data = join(tmp.dir, 'data');
    const first = await startEngine(data);
    engines.push(first);
    expect(JSON.parse(readFileSync(join(data, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await expect(startEngine(data)).rejects.toMatchObject({
      code: 'db-locked',
      message: expect.stringMatching(new RegExp(`^the data directory ${data} is in use by another API Shield engine \\(process ${process.pid}, since .+ UTC\\)`)),
    });
    await engines.pop()!.stop();
    expect(existsSync(join(data, LOCK_FILE))).toBe(false);
    engines.push(await startEngine(data));
  });

  it.each([
    ['a process that is gone (kill -9)', () => JSON.stringify({ pid: deadPid(), startedAt: 0 })],
    ['half written (a crash while writing it)', () => '{"pid": 12'],
    ['empty', () => ''],
  ])('takes over a lock left by %s', (_what, content) => {
    writeFileSync(join(tmp.dir, LOCK_FILE), content());
    const lock = DirLock.acquire(tmp.dir);
    expect(JSON.parse(readFileSync(join(tmp.dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
    lock.release(); // twice is harmless
    expect(existsSync(join(tmp.dir, LOCK_FILE))).toBe(false);
  });

  it('refuses a lock held by another live process', () => {
    // This test runner's parent (npm or the shell) is alive for as long as the test runs.
    writeFileSync(join(tmp.dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, startedAt: Date.UTC(2026, 0, 1) }));
    expect(() => DirLock.acquire(tmp.dir)).toThrow(`in use by another API Shield engine (process ${process.ppid}, since 2026-01-01 00:00:00 UTC)`);
    expect(JSON.parse(readFileSync(join(tmp.dir, LOCK_FILE), 'utf8')).pid).toBe(process.ppid); // left as it was
  });
});
