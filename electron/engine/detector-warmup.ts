/**
 * Detection context across restarts. The detector's windows live in memory, so after a restart an attack
 * in progress would start counting from zero: twelve slow login failures before the restart and eight after
 * are twenty in fifteen minutes, but a fresh detector sees eight. Before reading on, the engine replays the
 * newest stored events (the longest rule window's worth, bounded) into the new detector with its alerts
 * muted, then closes the episodes the replay opened, so that the next matching event opens them afresh.
 *
 * Stored events keep what the rules read: time, client, method, path and query, status, bytes, latency, user
 * agent, consumer identity, event kind and gateway error code (the last three since schema version 5).
 */
import { makeEvent } from '../../core/events/event';
import type { DetectorLike } from './core-deps';
import type { Db } from './store/db';
import type { Interner } from './store/interner';
import { eventKind } from './store/event-rows';

/** The longest default rule window (low-and-slow stuffing, 15 min). */
export const WARMUP_SPAN_MS = 15 * 60_000;
export const WARMUP_MAX_EVENTS = 200_000;

interface Row {
  time: number;
  client: number;
  method: number;
  path: number;
  status: number;
  bytes: number;
  latency: number;
  ua: number;
  api: number;
  app: number;
  user: number;
  file_id: number;
  line: number;
  offset: number;
  kind: number;
  error_code: number;
  query: string;
}

/** Replays the newest stored events into `detector`; returns how many. The caller mutes its alerts meanwhile. */
export function warmUp(db: Db, strings: Interner, detector: DetectorLike, spanMs = WARMUP_SPAN_MS, maxEvents = WARMUP_MAX_EVENTS): number {
  const last = (db.prepare('SELECT MAX(time) AS t FROM events').get() as { t: number | null }).t;
  if (last === null) return 0;
  const rows = db
    .prepare(
      `SELECT * FROM (SELECT id, time, client, method, path, status, bytes, latency, ua, api, app, user, file_id, line, offset,
           kind, error_code, query
         FROM events WHERE time >= ? ORDER BY time DESC, id DESC LIMIT ?) ORDER BY time, id`,
    )
    .all(last - spanMs, maxEvents) as Row[];
  const text = new Map<number, string>([[0, '']]);
  const s = (id: number): string => {
    let v = text.get(id);
    if (v === undefined) text.set(id, (v = strings.value(id)));
    return v;
  };
  for (const r of rows) {
    detector.push(
      makeEvent({
        time: r.time, client: s(r.client), method: s(r.method), path: s(r.path), query: r.query, status: r.status, bytes: r.bytes,
        kind: eventKind(r.kind), errorCode: r.error_code,
        latencyMs: r.latency, userAgent: s(r.ua), api: s(r.api), application: s(r.app), user: s(r.user),
        source: r.file_id, line: r.line, offset: r.offset,
      }),
    );
  }
  detector.finish();
  return rows.length;
}
