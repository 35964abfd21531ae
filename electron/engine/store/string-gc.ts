import type { Db } from './db';

/**
 * Columns holding `strings` ids. Events reference every text column; the dimension rollups reference
 * strings for every dimension but status (dim 2, a number). Alerts, parse errors, the allowlist and the
 * model tables keep their text inline.
 */
const EVENT_STRING_COLUMNS = ['client', 'method', 'path', 'template', 'ua', 'api', 'app', 'user'] as const;

const LIVE_SQL = [
  ...EVENT_STRING_COLUMNS.map((c) => `SELECT ${c} FROM events`),
  'SELECT value FROM rollup_hour_dim WHERE dim <> 2',
  'SELECT value FROM rollup_day_dim WHERE dim <> 2',
].join(' UNION ');

/**
 * Deletes the strings nothing stored refers to any more, in one transaction; returns how many.
 *
 * Why: strings are interned (an event stores ids) and never deleted with the events that used them, so a
 * long watch over paths with object ids (`/users/81723`) grew the table without bound. With a size budget
 * that was worse than growth: retention deleted every event, hour after hour, and stayed over budget.
 *
 * It reads every event, so retention runs it only after it has deleted a good share of them. The caller must
 * commit pending events first and forget every cached id afterwards (Interner.forgetCached and the event
 * encoder's template cache): a cached id of a deleted string would store events pointing at nothing. A
 * deleted id may be handed out again after a restart; nothing stored refers to it, so that is harmless.
 */
export function deleteUnusedStrings(db: Db): number {
  return db
    .transaction(() => db.prepare(`DELETE FROM strings WHERE id NOT IN (${LIVE_SQL})`).run().changes)
    .immediate();
}
