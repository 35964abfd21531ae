import type { Statement } from 'better-sqlite3';
import type { EngineApi } from '../../contract/handlers';
import type { EventRow } from '../../contract/types';
import type { Db } from '../store/db';
import type { Interner } from '../store/interner';
import { BY_CLIENT, ClientBuckets } from './buckets';

/** Raw event rows with their strings resolved: drill-down, client activity and evidence. */
export const eventSelect = (from = 'FROM events e') => `SELECT e.id, e.time, c.value AS client, m.value AS method, p.value AS path, e.query, t.value AS template,
  e.status, e.bytes, e.latency AS latencyMs, u.value AS userAgent, a.value AS api, ap.value AS application,
  us.value AS user, h.value AS host, f.source_id AS sourceId, e.file_id AS fileId, e.line, e.offset
  ${from}
  JOIN strings c ON c.id = e.client JOIN strings m ON m.id = e.method JOIN strings p ON p.id = e.path
  JOIN strings t ON t.id = e.template JOIN strings u ON u.id = e.ua JOIN strings a ON a.id = e.api
  JOIN strings ap ON ap.id = e.app JOIN strings us ON us.id = e.user JOIN strings h ON h.id = e.host
  JOIN files f ON f.id = e.file_id`;

export type EventFilter = EngineApi['query.events']['params'];

/** Exact-string filters: the value becomes its interned id, so a string never stored matches nothing. */
const STRING_FILTERS = [
  ['path', 'e.path = @path'],
  ['user', 'e.user = @user'],
  ['api', 'e.api = @api'],
  ['application', 'e.app = @application'],
  ['host', 'e.host = @host'],
] as const;

/**
 * A path with `*` is a pattern over the whole path (`/wp-*`, `*.php`, `/api/v1/users*`): `*` matches any run of
 * characters, everything else itself, case-sensitively as paths are. It becomes a GLOB over the interned
 * strings, whose unique index serves a literal prefix; `?` and `[` are GLOB syntax and are escaped.
 */
export function pathGlob(pattern: string): string | null {
  if (!pattern.includes('*')) return null;
  return pattern.replace(/[[?]/g, (c) => `[${c}]`);
}

export class EventQueries {
  private readonly cache = new Map<string, Statement>();
  private readonly byPosition: Statement;
  private readonly buckets: ClientBuckets;

  constructor(
    private readonly db: Db,
    private readonly strings: Interner,
  ) {
    this.buckets = new ClientBuckets(db);
    this.byPosition = db.prepare(`${eventSelect()} WHERE e.file_id = ? AND e.offset = ? LIMIT 1`);
  }

  /** Newest first. The WHERE clause is assembled from fixed fragments; every value is a bound parameter. */
  list(f: EventFilter): EventRow[] {
    // The cursor moves the end of the range, so the index seek starts at the page instead of filtering from
    // the newest row down to it; events of the cursor's own millisecond continue below its id.
    const cursorEnd = f.before === undefined ? Infinity : f.beforeId === undefined ? f.before : f.before + 1;
    const range = { from: f.range.from, to: Math.min(f.range.to, cursorEnd) };
    if (range.to <= range.from) return [];
    const where = ['e.time >= @from', 'e.time < @to'];
    const params: Record<string, number> = { from: range.from, to: range.to, limit: f.limit ?? 100 };
    const strParams: Record<string, string> = {};
    if (f.before !== undefined && f.beforeId !== undefined) {
      where.push('(e.time < @before OR e.id < @beforeId)');
      params.before = f.before;
      params.beforeId = f.beforeId;
    }
    if (f.client !== undefined) {
      const id = this.strings.find(f.client);
      if (id < 0) return [];
      where.push(BY_CLIENT.replace('time', 'e.time').replace('client =', 'e.client ='));
      params.client = id;
      strParams.buckets = this.buckets.json(range);
    }
    const glob = f.path === undefined ? null : pathGlob(f.path);
    if (glob !== null) {
      where.push('e.path IN (SELECT id FROM strings WHERE value GLOB @pathGlob)');
      strParams.pathGlob = glob;
    }
    for (const [key, fragment] of STRING_FILTERS) {
      const value = f[key];
      if (value === undefined || (key === 'path' && glob !== null)) continue;
      const id = this.strings.find(value);
      if (id < 0) return [];
      where.push(fragment);
      params[key] = id;
    }
    if (f.status !== undefined) {
      where.push('e.status = @status');
      params.status = f.status;
    }
    if (f.statusClass !== undefined) {
      where.push('e.status >= @statusLo AND e.status < @statusHi');
      params.statusLo = f.statusClass * 100;
      params.statusHi = f.statusClass * 100 + 100;
    }
    if (f.sourceId !== undefined) {
      where.push('f.source_id = @sourceId');
      params.sourceId = f.sourceId;
    }
    // With a client, force the bucket index: otherwise the planner may walk the time index backwards through
    // every event looking for this client's newest rows (200 ms at 1M events).
    const from = f.client !== undefined ? 'FROM events e INDEXED BY events_bucket_client' : 'FROM events e';
    return this.statement(`${eventSelect(from)} WHERE ${where.join(' AND ')} ORDER BY e.time DESC, e.id DESC LIMIT @limit`)
      .all({ ...params, ...strParams }) as EventRow[];
  }

  private statement(sql: string): Statement {
    let st = this.cache.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.cache.set(sql, st);
    }
    return st;
  }

  at(fileId: number, offset: number): EventRow | null {
    return (this.byPosition.get(fileId, offset) as EventRow | undefined) ?? null;
  }
}
