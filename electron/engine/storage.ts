import { existsSync, statSync } from 'node:fs';
import type { Statement } from 'better-sqlite3';
import type { StorageInfo, StorageLimits } from '../contract/types';
import type { Db } from './store/db';
import type { Retention, RetentionOptions } from './store/retention';

const DAY_MS = 86_400_000;
const MiB = 1024 * 1024;
const SETTING = 'retention';
const NO_LIMITS: StorageLimits = { keepDays: null, maxDbMb: null };

export function retentionOptions(l: StorageLimits, base: RetentionOptions = {}): RetentionOptions {
  return { ...base, maxAgeMs: l.keepDays === null ? undefined : l.keepDays * DAY_MS, maxDbBytes: l.maxDbMb === null ? undefined : l.maxDbMb * MiB };
}

function limitsOf(o: RetentionOptions): StorageLimits {
  return {
    keepDays: o.maxAgeMs === undefined ? null : Math.round((o.maxAgeMs / DAY_MS) * 1000) / 1000,
    maxDbMb: o.maxDbBytes === undefined ? null : Math.round((o.maxDbBytes / MiB) * 1000) / 1000,
  };
}

/**
 * How long the store keeps data, as chosen in the app (saved in `settings`, migration 6) or on the command
 * line (`--keep-days`, `--max-db-mb`: they win for the run they were given to). The desktop app has no
 * flags: without a saved choice its store grows until the analyst sets a limit here.
 */
export class StorageSettings {
  private readonly st: Record<'get' | 'set' | 'events' | 'extent', Statement>;
  private origin: StorageInfo['origin'];

  /** `flags`: the retention options the engine was started with (from the command line, or tests). */
  constructor(
    private readonly db: Db,
    private readonly dbPath: string,
    private readonly retention: Retention,
    private readonly flags: RetentionOptions,
  ) {
    this.st = {
      get: db.prepare('SELECT value FROM settings WHERE key = ?'),
      set: db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
      events: db.prepare('SELECT COUNT(*) AS n FROM events'),
      extent: db.prepare('SELECT MIN(time) AS oldest, MAX(time) AS newest FROM events'),
    };
    const fromFlags = flags.maxAgeMs !== undefined || flags.maxDbBytes !== undefined;
    const saved = this.saved();
    this.origin = fromFlags ? 'flags' : saved.keepDays !== null || saved.maxDbMb !== null ? 'settings' : 'none';
    if (this.origin === 'settings') retention.configure(retentionOptions(saved, flags));
  }

  saved(): StorageLimits {
    const row = this.st.get.get(SETTING) as { value: string } | undefined;
    if (!row) return NO_LIMITS;
    try {
      const v = JSON.parse(row.value) as Partial<StorageLimits>;
      const pos = (x: unknown) => (typeof x === 'number' && x > 0 ? x : null);
      return { keepDays: pos(v.keepDays), maxDbMb: pos(v.maxDbMb) };
    } catch {
      return NO_LIMITS;
    }
  }

  /** Saves the limits and puts them in force now: retention checks them at the next poll. */
  set(l: StorageLimits): StorageInfo {
    this.st.set.run(SETTING, JSON.stringify(l), Date.now());
    this.retention.configure(retentionOptions(l, this.flags));
    this.origin = l.keepDays !== null || l.maxDbMb !== null ? 'settings' : 'none';
    return this.info();
  }

  info(): StorageInfo {
    const e = this.st.extent.get() as { oldest: number | null; newest: number | null };
    const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
    return {
      limits: limitsOf(this.retention.options),
      origin: this.origin,
      saved: this.saved(),
      dbPath: this.dbPath,
      usedBytes: this.retention.usedBytes(),
      fileBytes: size(this.dbPath) + size(`${this.dbPath}-wal`),
      events: (this.st.events.get() as { n: number }).n,
      oldest: e.oldest,
      newest: e.newest,
    };
  }
}
