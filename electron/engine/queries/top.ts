import type { Statement } from 'better-sqlite3';
import type { TimeRange, TopDimension, TopRow } from '../../contract/types';
import type { Db } from '../store/db';
import { DAY_MS, DIM, HOUR_MS } from '../store/rollups';
import { splitTiers } from './range';

/** events column per dimension: a fixed table, never text from a request. */
const COLUMN: Record<TopDimension, string> = {
  client: 'client',
  endpoint: 'template',
  status: 'status',
  userAgent: 'ua',
  api: 'api',
  application: 'app',
  host: 'host',
};

/** Top-N from the daily and hourly dimension rollups, plus raw events for the partial hours at either end. */
export class TopQueries {
  private readonly st = new Map<TopDimension, Statement>();

  constructor(db: Db) {
    for (const dim of Object.keys(COLUMN) as TopDimension[]) {
      const col = COLUMN[dim];
      const notEmpty = dim === 'status' ? '' : `AND ${col} != 0`;
      const raw = `SELECT ${col} AS value, COUNT(*) AS requests, SUM(status >= 400) AS errors FROM events
        WHERE time >= ? AND time < ? ${notEmpty} GROUP BY ${col}`;
      const value = dim === 'status' ? 'CAST(t.value AS TEXT)' : 's.value';
      const join = dim === 'status' ? '' : 'JOIN strings s ON s.id = t.value';
      this.st.set(
        dim,
        db.prepare(`SELECT ${value} AS value, t.requests, t.errors FROM (
          SELECT value, SUM(requests) AS requests, SUM(errors) AS errors FROM (
            SELECT value, requests, errors FROM rollup_hour_dim WHERE dim = ${DIM[dim]} AND hour >= ? AND hour < ?
            UNION ALL SELECT value, requests, errors FROM rollup_day_dim WHERE dim = ${DIM[dim]} AND day >= ? AND day < ?
            UNION ALL SELECT value, requests, errors FROM rollup_hour_dim WHERE dim = ${DIM[dim]} AND hour >= ? AND hour < ?
            UNION ALL ${raw} UNION ALL ${raw}
          ) GROUP BY value ORDER BY requests DESC, value LIMIT ?) t ${join} ORDER BY t.requests DESC, value`),
      );
    }
  }

  top(range: TimeRange, dimension: TopDimension, limit = 10): TopRow[] {
    const t = splitTiers(range, HOUR_MS, DAY_MS);
    return this.st.get(dimension)!.all(
      t.hoursA.from, t.hoursA.to, t.days.from, t.days.to, t.hoursB.from, t.hoursB.to,
      t.head.from, t.head.to, t.tail.from, t.tail.to, limit,
    ) as TopRow[];
  }
}
