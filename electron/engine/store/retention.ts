import type { Statement } from 'better-sqlite3';
import type { Db } from './db';
import { DAY_MS, DIM_COUNT, HOUR_MS } from './rollups';
import { deleteUnusedStrings } from './string-gc';

export interface RetentionOptions {
  /** Keep events whose log time is within this of the newest stored event (log time, so old logs replay fine). */
  maxAgeMs?: number;
  /** Keep the live data (pages in use, not the file size: freed pages are reused) under this many bytes. */
  maxDbBytes?: number;
  /** How often the poll checks; default 60 s. */
  intervalMs?: number;
  /** Rows per delete transaction: small, so a commit of new events is never held up for long. */
  batchRows?: number;
  /**
   * Unused strings are deleted once this many events (and at least a tenth of those stored at the previous
   * collection) have gone since the last collection; default 10,000.
   */
  stringsAfterRows?: number;
}

/** What the owner of the string caches must do around a collection of unused strings (string-gc.ts). */
export interface StringHooks {
  /** True when every event read has been committed (else the collection is skipped: they may use any string). */
  settled: () => boolean;
  /** Runs `fn` once reading is paused and every event read is committed; null if that commit failed. */
  exclusive: <T>(fn: () => T) => Promise<T | null>;
  /** Drops every cached string id. */
  forgetIds: () => void;
}

const NO_HOOKS: StringHooks = { settled: () => true, exclusive: (fn) => Promise.resolve(fn()), forgetIds: () => {} };

/**
 * Deletes whole hours of the oldest data in small transactions (no VACUUM: freed pages are reused).
 * Cut-offs are hour-aligned so the per-minute and per-hour rollups are dropped exactly with their events.
 * Once enough events have gone, the strings no stored row uses any more go too, as a step of its own.
 */
export class Retention {
  private lastRun = 0;
  private running = false;
  /** Rollups below this were already dropped (rebuilding the day of the cut-off is not free). */
  private rollupsCutAt = -Infinity;
  private readonly st: Record<string, Statement>;
  /** Events deleted since unused strings were last collected, and how many were stored then (null: not counted yet). */
  private deletedSinceStrings = 0;
  private storedAtStrings: number | null = null;
  /** Strings deleted so far (diagnostics, tests). */
  stringsDeleted = 0;

  constructor(
    private readonly db: Db,
    private opts: RetentionOptions,
    private readonly hooks: StringHooks = NO_HOOKS,
  ) {
    this.st = {
      newest: db.prepare('SELECT MAX(time) AS t FROM events'),
      oldest: db.prepare('SELECT MIN(time) AS t FROM events'),
      deleteEvents: db.prepare('DELETE FROM events WHERE id IN (SELECT id FROM events WHERE time < ? ORDER BY time LIMIT ?)'),
      deleteMinutes: db.prepare('DELETE FROM rollup_minute WHERE minute < ?'),
      deleteDim: db.prepare('DELETE FROM rollup_hour_dim WHERE dim = ? AND hour < ?'),
      deleteHll: db.prepare('DELETE FROM rollup_hour_hll WHERE hour < ?'),
      deleteDays: db.prepare('DELETE FROM rollup_day_dim WHERE dim = ? AND day <= ?'),
      // The day holding the cut-off keeps only its remaining hours: rebuilt from them.
      rebuildDay: db.prepare(`INSERT INTO rollup_day_dim (day, dim, value, requests, errors)
        SELECT @day, dim, value, SUM(requests), SUM(errors) FROM rollup_hour_dim
        WHERE dim = @dim AND hour >= @day AND hour < @day + 86400000 GROUP BY value`),
      deleteAlerts: db.prepare('DELETE FROM alerts WHERE active = 0 AND last_seen < ?'),
      count: db.prepare('SELECT COUNT(*) AS n FROM events'),
      pages: db.prepare('SELECT (SELECT page_count FROM pragma_page_count()) - (SELECT freelist_count FROM pragma_freelist_count()) AS used, (SELECT page_size FROM pragma_page_size()) AS size'),
    };
  }

  get options(): RetentionOptions {
    return this.opts;
  }

  /** New limits (the app's storage settings), checked at the next poll. */
  configure(opts: RetentionOptions): void {
    this.opts = opts;
    this.lastRun = 0;
  }

  /** Live data: pages in use (freed pages are reused, not returned) times the page size. */
  usedBytes(): number {
    const p = this.st.pages.get() as { used: number; size: number };
    return p.used * p.size;
  }

  get enabled(): boolean {
    return this.opts.maxAgeMs !== undefined || this.opts.maxDbBytes !== undefined;
  }

  /**
   * From the engine's poll (not per commit: a check per commit would cost more than it saves). Deletions run
   * alongside ingest, one small transaction per turn of the event loop; collecting strings pauses reading.
   */
  maybeRun(now = Date.now()): void {
    if (!this.enabled || this.running || now - this.lastRun < (this.opts.intervalMs ?? 60_000)) return;
    this.lastRun = now;
    this.running = true;
    const loop = async (): Promise<void> => {
      try {
        for (;;) {
          const more = this.stringsDue() ? (await this.hooks.exclusive(() => this.step())) === true : this.step();
          if (!more) break;
          await new Promise((r) => setImmediate(r));
        }
      } catch {
        // locked or full: try again at the next interval
      } finally {
        this.running = false;
      }
    };
    void loop();
  }

  /** The hour-aligned cut-off below which data goes, or null if nothing is due. */
  cutoff(): number | null {
    let cut: number | null = null;
    if (this.opts.maxAgeMs !== undefined) {
      const newest = (this.st.newest.get() as { t: number | null }).t;
      if (newest !== null) cut = floorHour(newest - this.opts.maxAgeMs);
    }
    if (this.opts.maxDbBytes !== undefined) {
      if (this.usedBytes() > this.opts.maxDbBytes) {
        const oldest = (this.st.oldest.get() as { t: number | null }).t;
        if (oldest !== null) cut = Math.max(cut ?? 0, floorHour(oldest) + HOUR_MS);
      }
    }
    return cut;
  }

  /** One small transaction; true when more remains. Also usable directly (tests, CLI). */
  step(): boolean {
    // Before deleting more: under a size budget the unused strings may be what is over it. If pending events
    // cannot be committed (disk full), stop until the next run rather than spin on it.
    if (this.stringsDue()) return this.collectStrings() !== null;
    const cut = this.cutoff();
    if (cut === null) return false;
    const limit = this.opts.batchRows ?? 5000;
    const before = this.rollupsCutAt;
    try {
      return this.deleteBatch(cut, limit);
    } catch (err) {
      this.rollupsCutAt = before; // rolled back with the transaction
      throw err;
    }
  }

  private deleteBatch(cut: number, limit: number): boolean {
    return this.db.transaction(() => {
      const n = this.st.deleteEvents.run(cut, limit).changes;
      this.deletedSinceStrings += n;
      // Rollups go up to the cut-off, but never past the hour of the oldest event still stored (a cut-off
      // hour only partly deleted so far keeps its rollups until its last event is gone).
      const oldest = (this.st.oldest.get() as { t: number | null }).t;
      const rollupCut = oldest === null ? cut : Math.min(cut, floorHour(oldest));
      if (rollupCut > this.rollupsCutAt) this.dropRollups(rollupCut);
      // Size mode keeps going hour by hour while over budget; age mode stops once this hour is gone.
      return n === limit || (n > 0 && this.opts.maxDbBytes !== undefined);
    }).immediate();
  }

  private stringsDue(): boolean {
    if (this.deletedSinceStrings === 0) return false;
    this.storedAtStrings ??= (this.st.count.get() as { n: number }).n + this.deletedSinceStrings;
    return this.deletedSinceStrings >= Math.max(this.opts.stringsAfterRows ?? 10_000, this.storedAtStrings / 10);
  }

  /** Deletes the strings no stored row uses; how many, or null if events read are not all committed yet. */
  collectStrings(): number | null {
    if (!this.hooks.settled()) return null;
    const n = deleteUnusedStrings(this.db);
    this.hooks.forgetIds();
    this.stringsDeleted += n;
    this.deletedSinceStrings = 0;
    this.storedAtStrings = null;
    return n;
  }

  /** Rollups, sketches and closed alerts before `rollupCut`; the day holding it is rebuilt from its hours. */
  private dropRollups(rollupCut: number): void {
    this.rollupsCutAt = rollupCut;
    this.st.deleteMinutes.run(rollupCut);
    for (let d = 0; d < DIM_COUNT; d++) this.st.deleteDim.run(d, rollupCut);
    this.st.deleteHll.run(rollupCut);
    this.st.deleteAlerts.run(rollupCut);
    const day = rollupCut - (rollupCut % DAY_MS);
    for (let d = 0; d < DIM_COUNT; d++) {
      this.st.deleteDays.run(d, day);
      if (rollupCut > day) this.st.rebuildDay.run({ day, dim: d });
    }
  }
}

const floorHour = (t: number): number => t - (((t % HOUR_MS) + HOUR_MS) % HOUR_MS);
