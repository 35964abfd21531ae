/**
 * Detection context across restarts. The detector's windows live in memory, so after a restart an attack
 * in progress would start counting from zero: twelve slow login failures before the restart and eight after
 * are twenty in fifteen minutes, but a fresh detector sees eight. Before reading on, the engine replays the
 * newest stored events (the longest enabled rule window's worth, bounded) into the new detector with its alerts
 * muted, then closes the episodes the replay opened, so that the next matching event opens them afresh.
 *
 * Stored events keep what the rules read: time, client, method, path and query, status, bytes, latency, user
 * agent, consumer identity, event kind and gateway error code (the last three since schema version 5).
 */
import type { DetectorLike } from './core-deps';
import type { Db } from './store/db';
import type { Interner } from './store/interner';
import { storedEvent, type EventDbRow } from './model/stored-events';

export const WARMUP_MAX_EVENTS = 200_000;

/** The same row with string ids where EventDbRow has their text. */
type IdRow = Omit<EventDbRow, 'client' | 'method' | 'path' | 'ua' | 'api' | 'app' | 'user'> &
  Record<'client' | 'method' | 'path' | 'ua' | 'api' | 'app' | 'user', number>;

/**
 * Replays the stored events of the last `spanMs` of log time (at most `maxEvents`, the newest) into `detector`;
 * returns how many. The caller mutes its alerts meanwhile.
 * Strings are resolved through a memo rather than joined: the few distinct clients and agents of a quarter
 * hour repeat, and joining seven lookups per row took 1.5 times as long (750 vs 500 ms for 60k rows).
 */
export function warmUp(db: Db, strings: Interner, detector: DetectorLike, spanMs: number, maxEvents = WARMUP_MAX_EVENTS): number {
  const last = (db.prepare('SELECT MAX(time) AS t FROM events').get() as { t: number | null }).t;
  if (last === null) return 0;
  const rows = db
    .prepare(
      `SELECT * FROM (SELECT id, time, client, method, path, status, bytes, latency, ua, api, app, user, file_id, line, offset,
           kind, error_code, query
         FROM events WHERE time >= ? ORDER BY time DESC, id DESC LIMIT ?) ORDER BY time, id`,
    )
    .all(last - spanMs, maxEvents) as IdRow[];
  const text = new Map<number, string>([[0, '']]);
  const s = (id: number): string => {
    let v = text.get(id);
    if (v === undefined) text.set(id, (v = strings.value(id)));
    return v;
  };
  for (const r of rows) {
    detector.push(
      storedEvent({ ...r, client: s(r.client), method: s(r.method), path: s(r.path), ua: s(r.ua), api: s(r.api), app: s(r.app), user: s(r.user) }),
    );
  }
  detector.finish();
  return rows.length;
}
