import type { Statement } from 'better-sqlite3';
import { makeEvent, type AccessEvent } from '../../../core/events/event';
import type { Verdict } from '../../../core/model/labels';
import type { TimeRange } from '../../contract/types';
import type { Db } from '../store/db';
import { eventKind } from '../store/event-rows';

const PAGE = 5_000;

export interface StoredEventFilter {
  sources?: number[];
  range?: TimeRange;
}

/** An `events` row with its strings resolved, as STORED_EVENT_COLUMNS select it. */
export interface EventDbRow {
  id: number;
  time: number;
  client: string;
  method: string;
  path: string;
  status: number;
  bytes: number;
  latency: number;
  ua: string;
  api: string;
  app: string;
  user: string;
  file_id: number;
  line: number;
  offset: number;
  kind: number;
  error_code: number;
  query: string;
  host: string;
}

/** `SELECT ${STORED_EVENT_COLUMNS} FROM events e ${STORED_EVENT_JOINS}`: what rebuilds an AccessEvent. */
export const STORED_EVENT_COLUMNS = `e.id, e.time, c.value AS client, m.value AS method, p.value AS path, e.status,
  e.bytes, e.latency, u.value AS ua, a.value AS api, ap.value AS app, us.value AS user, e.file_id, e.line, e.offset,
  e.kind, e.error_code, e.query, h.value AS host`;
export const STORED_EVENT_JOINS = `JOIN strings c ON c.id = e.client JOIN strings m ON m.id = e.method
  JOIN strings p ON p.id = e.path JOIN strings u ON u.id = e.ua JOIN strings a ON a.id = e.api
  JOIN strings ap ON ap.id = e.app JOIN strings us ON us.id = e.user JOIN strings h ON h.id = e.host`;

/** The event a stored row was made from (its source is the file generation id). */
export function storedEvent(r: EventDbRow): AccessEvent {
  return makeEvent({
    time: r.time,
    client: r.client,
    method: r.method,
    path: r.path,
    query: r.query,
    kind: eventKind(r.kind),
    errorCode: r.error_code,
    status: r.status,
    bytes: r.bytes,
    latencyMs: r.latency,
    userAgent: r.ua,
    api: r.api,
    application: r.app,
    user: r.user,
    host: r.host,
    source: r.file_id,
    line: r.line,
    offset: r.offset,
  });
}

/**
 * Stored events in log-time order, a page at a time, yielding to the event loop between pages so ingest
 * keeps running while a training job reads. Events stored before schema version 5 have no query string,
 * WSO2 error code or event kind: features built from them (query-borne injections, gateway auth-failure
 * codes) read as absent there.
 */
export async function* storedEvents(db: Db, f: StoredEventFilter, signal?: AbortSignal): AsyncGenerator<AccessEvent> {
  const where = ['(e.time > @t OR (e.time = @t AND e.id > @id))'];
  if (f.range) where.push('e.time >= @from AND e.time < @to');
  if (f.sources?.length) where.push('e.file_id IN (SELECT id FROM files WHERE source_id IN (SELECT value FROM json_each(@sources)))');
  const st: Statement = db.prepare(`SELECT ${STORED_EVENT_COLUMNS} FROM events e INDEXED BY events_time_path ${STORED_EVENT_JOINS}
    WHERE ${where.join(' AND ')} ORDER BY e.time, e.id LIMIT ${PAGE}`);
  const args: Record<string, number | string> = { t: -1, id: 0 };
  if (f.range) {
    args.from = f.range.from;
    args.to = f.range.to;
  }
  if (f.sources?.length) args.sources = JSON.stringify(f.sources);
  for (;;) {
    signal?.throwIfAborted();
    const rows = st.all(args) as EventDbRow[];
    for (const r of rows) {
      yield storedEvent(r);
    }
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1]!;
    args.t = last.time;
    args.id = last.id;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * The analyst's verdicts on alerts: true-positive = attack, false-positive and benign = not an attack, for the
 * alert's client IP or, on a target alert (distributed credential stuffing), for every attacking IP it names.
 * Other statuses (open, acknowledged, resolved) say nothing either way and label nothing.
 */
export function storedVerdicts(db: Db): { verdicts: Verdict[]; attacks: number; benign: number } {
  const rows = db
    .prepare(`SELECT key, key_kind, clients, rule, first_seen, last_seen, status, category FROM alerts
      WHERE key_kind IN ('ip', 'target') AND status IN ('true-positive', 'false-positive', 'benign') ORDER BY updated_at, uid`)
    .all() as { key: string; key_kind: string; clients: string; rule: string; first_seen: number; last_seen: number; status: string; category: string }[];
  let attacks = 0;
  const verdicts: Verdict[] = [];
  for (const r of rows) {
    const attack = r.status === 'true-positive';
    if (attack) attacks++;
    const clients = r.key_kind === 'ip' ? [r.key] : clientsOf(r.clients);
    for (const key of clients) {
      verdicts.push({
        key,
        firstSeen: r.first_seen,
        lastSeen: r.last_seen,
        verdict: attack ? 'true-positive' : r.status === 'benign' ? 'benign' : 'false-positive',
        ...(attack ? { attackType: r.key_kind === 'ip' ? r.category : r.rule } : {}),
      });
    }
  }
  return { verdicts, attacks, benign: rows.length - attacks };
}

function clientsOf(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
