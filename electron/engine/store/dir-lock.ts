import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../../contract/errors';

export const LOCK_FILE = 'engine.lock';

export interface LockInfo {
  pid: number;
  startedAt: number;
}

/**
 * One engine per data directory. Two engines on one store (a second `watch`, or `import` while `watch` runs)
 * would both tail the remembered watches and run detectors of their own: alerts raised twice, offsets
 * advanced by whichever committed last. The engine that writes holds this lock file (its process id) from
 * start to stop; readers (`alerts`, `stats`, `events`) open the store read-only and take no lock.
 *
 * A lock left by a process that is gone (kill -9, a crash, a power cut) is taken over: the next engine must
 * be able to resume. One that names this very process is live too: a second engine in one process (two
 * worker threads) is refused like any other.
 */
export class DirLock {
  private released = false;

  private constructor(private readonly path: string) {}

  static acquire(dataDir: string): DirLock {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, LOCK_FILE);
    for (let attempt = 0; attempt < 3; attempt++) {
      let fd: number;
      try {
        fd = openSync(path, 'wx');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const holder = readLock(path);
        if (holder && isAlive(holder.pid)) {
          const since = new Date(holder.startedAt).toISOString().replace('T', ' ').slice(0, 19);
          throw new EngineError(
            'db-locked',
            `the data directory ${dataDir} is in use by another API Shield engine (process ${holder.pid}, since ${since} UTC): ` +
              'stop it first, or give another data directory',
          );
        }
        // Stale (its process is gone) or unreadable (a crash while writing it): take it over.
        rmSync(path, { force: true });
        continue;
      }
      try {
        writeSync(fd, JSON.stringify({ pid: process.pid, startedAt: Date.now() } satisfies LockInfo) + '\n');
      } finally {
        closeSync(fd);
      }
      return new DirLock(path);
    }
    throw new EngineError('db-locked', `could not take the lock ${path}: another engine keeps taking it`);
  }

  /** The live engine holding `dataDir`, if any (what `stats` reports); a stale lock counts as none. */
  static holder(dataDir: string): LockInfo | null {
    const info = readLock(join(dataDir, LOCK_FILE));
    return info && isAlive(info.pid) ? info : null;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    rmSync(this.path, { force: true });
  }
}

function readLock(path: string): LockInfo | null {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockInfo>;
    return typeof v.pid === 'number' && typeof v.startedAt === 'number' ? (v as LockInfo) : null;
  } catch {
    return null;
  }
}

/** Whether a process with this id exists (EPERM: it does, under another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
