import type { Db } from './db';

/**
 * Every column holding `strings` ids: all the text columns of events, and the value of every dimension rollup
 * but status (dim 2, a number). Alerts, parse errors, the allowlist and the model tables keep text inline.
 */
const USES = [
  'SELECT client, method, path, template, ua, api, app, user, host FROM events',
  'SELECT value FROM rollup_hour_dim WHERE dim <> 2',
  'SELECT value FROM rollup_day_dim WHERE dim <> 2',
];

/**
 * Deletes the strings nothing stored refers to any more, in one transaction; returns how many.
 *
 * Why: strings are interned (an event stores ids) and were never deleted with the events that used them, so
 * a long watch over paths with object ids (`/users/81723`) grew the table without bound. With a size budget
 * that was worse than growth: retention deleted every event, hour after hour, and stayed over budget.
 *
 * One pass over the events marks the ids in use in a bitset (SQL with a UNION per column read the events
 * eight times and took three times as long). It still reads every event, so retention runs it only after it
 * has deleted a good share of them. The caller must commit pending events first and forget every cached id
 * afterwards (Interner.forgetCached and the event encoder's template cache): a cached id of a deleted string
 * would store events pointing at nothing. A deleted id may be handed out again after a restart; nothing
 * stored refers to it, so that is harmless.
 */
export function deleteUnusedStrings(db: Db): number {
  return db
    .transaction(() => {
      const max = (db.prepare('SELECT MAX(id) AS m FROM strings').get() as { m: number | null }).m ?? 0;
      const used = new Uint32Array((max >>> 5) + 1);
      for (const sql of USES) {
        for (const row of db.prepare(sql).raw(true).iterate() as IterableIterator<number[]>) {
          for (let i = 0; i < row.length; i++) {
            const id = row[i]!;
            if (id <= max) used[id >>> 5]! |= 1 << (id & 31);
          }
        }
      }
      const unused: number[] = [];
      for (const [id] of db.prepare('SELECT id FROM strings').raw(true).iterate() as IterableIterator<[number]>) {
        if ((used[id >>> 5]! & (1 << (id & 31))) === 0) unused.push(id);
      }
      const del = db.prepare('DELETE FROM strings WHERE id = ?');
      for (const id of unused) del.run(id);
      return unused.length;
    })
    .immediate();
}
