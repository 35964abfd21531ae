import type { Statement } from 'better-sqlite3';
import type { TimeRange } from '../../contract/types';
import type { Db } from '../store/db';

/** Width of the buckets of the events_bucket_client index (`time / 600000`): keep in sync with the migration. */
export const CLIENT_BUCKET_MS = 600_000;

/**
 * The bucket numbers a per-client query must seek, as a JSON array for `IN (SELECT value FROM json_each(?))`.
 * The range is first clamped to the stored data, so "all time" costs as many seeks as there are data buckets.
 */
export class ClientBuckets {
  private readonly extent: Statement;

  constructor(db: Db) {
    // Two subqueries: SQLite's min/max shortcut on the time index only applies to a lone MIN() or MAX().
    this.extent = db.prepare('SELECT (SELECT MIN(time) FROM events) AS lo, (SELECT MAX(time) FROM events) AS hi');
  }

  json(range: TimeRange): string {
    const { lo, hi } = this.extent.get() as { lo: number | null; hi: number | null };
    if (lo === null || hi === null) return '[]';
    const from = Math.max(range.from, lo);
    const to = Math.min(range.to - 1, hi);
    const out: number[] = [];
    for (let b = Math.floor(from / CLIENT_BUCKET_MS); b <= Math.floor(to / CLIENT_BUCKET_MS); b++) out.push(b);
    return JSON.stringify(out);
  }
}

/** The WHERE fragment that drives the bucket index: bind @buckets (from ClientBuckets.json) and @client. */
export const BY_CLIENT = 'time / 600000 IN (SELECT value FROM json_each(@buckets)) AND client = @client';
