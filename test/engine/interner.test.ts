import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../electron/engine/store/db';
import { Interner } from '../../electron/engine/store/interner';
import { tempDir } from './helpers';

let tmp: ReturnType<typeof tempDir>;
const open: Db[] = [];
const db = (readonly = false) => {
  const d = openDb(tmp.dir, { readonly });
  open.push(d);
  return d;
};
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  for (const d of open.splice(0)) d.close();
  tmp.cleanup();
});

/** Writes the pending strings as a batch commit does. */
function commit(w: Db, s: Interner): void {
  const list = s.takePending();
  w.transaction(() => Interner.writer(w)(list))();
  s.saved(list);
}

describe('interner', () => {
  it('gives one id per string, through cache evictions, commits and a restart', () => {
    const w = db();
    let s = new Interner(w, 100, db(true));
    const values = Array.from({ length: 1_000 }, (_, i) => `/api/items/${i}`);
    const ids = values.map((v) => s.id(v));
    expect(new Set(ids).size).toBe(values.length);
    commit(w, s);
    // The cache (100 entries) has long dropped most of them: the table answers.
    expect(values.map((v) => s.id(v))).toEqual(ids);
    expect(s.id('/api/items/new')).toBe(Math.max(...ids) + 1);
    commit(w, s);
    // A new interner (a restart) finds every stored string.
    s = new Interner(w, 100, db(true));
    expect(values.map((v) => s.id(v))).toEqual(ids);
    expect(s.id('/api/items/other')).toBe(Math.max(...ids) + 2);
    commit(w, s);
    expect((w.prepare('SELECT COUNT(*) AS n FROM strings').get() as { n: number }).n).toBe(values.length + 3); // with ''
  });

  it('gives a string evicted before its commit the id it was given', () => {
    const w = db();
    const s = new Interner(w, 10, db(true));
    const first = s.id('/kept/pending');
    for (let i = 0; i < 50; i++) s.id(`/filler/${i}`);
    expect(s.id('/kept/pending')).toBe(first);
    commit(w, s);
    expect(s.id('/kept/pending')).toBe(first);
  });

  it('keeps the ids of strings whose commit is still in flight, or failed, through evictions', () => {
    const w = db();
    const s = new Interner(w, 10, db(true));
    const inFlight = s.id('/in/flight');
    const handed = s.takePending();
    for (let i = 0; i < 50; i++) s.id(`/filler/${i}`);
    expect(s.id('/in/flight')).toBe(inFlight);
    // The commit that carried it failed and is retried later: the id still holds until it lands.
    for (let i = 50; i < 100; i++) s.id(`/filler/${i}`);
    expect(s.id('/in/flight')).toBe(inFlight);
    w.transaction(() => Interner.writer(w)(handed))();
    s.saved(handed);
    commit(w, s);
    for (let i = 100; i < 150; i++) s.id(`/filler/${i}`);
    expect(s.id('/in/flight')).toBe(inFlight);
  });
});
