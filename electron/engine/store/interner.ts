import type { Statement } from 'better-sqlite3';
import { detach } from '../../../core/detect/strings';
import type { Db } from './db';
import { StringBloom } from './string-bloom';

/** New strings handed to a batch commit: written in the same transaction as the events that use them. */
export type NewStrings = { id: number; value: string }[];

/**
 * Maps strings to integer ids in the `strings` table. Ids are assigned here, in memory, when an event is
 * read (the engine orders every ingest write, so MAX(id) + 1 is safe); the new strings leave with the batch
 * whose events use them (takePending) and stay "unsaved" until that commit lands (saved). A failed commit
 * keeps them with its batch for the retry.
 */
export class Interner {
  private cache = new Map<string, number>();
  private pending: NewStrings = [];
  /** Handed to commits that have not landed yet: the table cannot answer for them. */
  private readonly unsaved = new Set<NewStrings>();
  private nextId: number;
  private readonly select: Statement<[string], { id: number }>;
  private readonly byId: Statement<[number], { value: string }>;

  /** Whether `reader` has an open read transaction (a snapshot as of the last commit). */
  private reading = false;
  /** Every string ever stored or assigned an id here: a string it has never seen is new, without a lookup. */
  private readonly known = new StringBloom();

  /**
   * `reader`: a read-only connection to the same file for the lookups of uncached strings. Every new string
   * is looked up once, and on the writer connection each lookup is its own implicit read transaction (tens of
   * microseconds with a large WAL: a third of ingest time); the reader keeps one read transaction open from
   * commit to commit, where a lookup costs about half a microsecond.
   */
  constructor(
    db: Db,
    private readonly maxCached = 300_000,
    private readonly reader: Db | null = null,
  ) {
    this.select = (reader ?? db).prepare('SELECT id FROM strings WHERE value = ?');
    this.byId = db.prepare('SELECT value FROM strings WHERE id = ?');
    this.nextId = ((db.prepare('SELECT MAX(id) AS m FROM strings').get() as { m: number | null }).m ?? 0) + 1;
    // One pass over the table at start (about a second per million strings; retention keeps the table to the
    // strings stored events use). Strings deleted later stay in the filter: a "perhaps" costs one lookup.
    for (const [v] of db.prepare('SELECT value FROM strings').raw(true).iterate() as IterableIterator<[string]>) this.known.add(v);
  }

  /** `flat`: the caller already made `value` a flat copy (detach), so it is not copied again. */
  id(value: string, flat = false): number {
    if (value === '') return 0;
    const hit = this.cache.get(value);
    if (hit !== undefined) return hit;
    // Cached for long: a slice of the parser's 64 KiB line slab would keep the whole slab alive (and every
    // young-generation collection would copy it).
    if (!flat) value = detach(value);
    let id: number | undefined;
    if (this.known.mightHave(value)) {
      if (this.reader !== null && !this.reading) {
        this.reader.exec('BEGIN');
        this.reading = true;
      }
      id = this.select.get(value)?.id;
    }
    if (id === undefined) {
      id = this.nextId++;
      this.pending.push({ id, value });
      this.known.add(value);
    }
    if (this.cache.size >= this.maxCached) this.trim();
    this.cache.set(value, id);
    return id;
  }

  /** Bounded memory: drop the cache but keep uncommitted strings (the table cannot answer for them yet). */
  private trim(): void {
    this.cache.clear();
    for (const list of this.unsaved) for (const p of list) this.cache.set(p.value, p.id);
    for (const p of this.pending) this.cache.set(p.value, p.id);
  }

  /** After unused strings were deleted (string-gc.ts): cached ids may name deleted rows. */
  forgetCached(): void {
    this.trim();
    this.endRead();
  }

  /** The strings assigned since the last call, for the batch being handed to the writer. */
  takePending(): NewStrings {
    const list = this.pending;
    this.pending = [];
    this.unsaved.add(list);
    return list;
  }

  /** After the commit that carried `list` landed. */
  saved(list: NewStrings): void {
    this.unsaved.delete(list);
    // The reader's next snapshot must include the strings just written.
    this.endRead();
  }

  /** Inserts new strings (inside a batch transaction, on the writing connection). */
  static writer(db: Db): (list: NewStrings) => void {
    const insert = db.prepare<[number, string]>('INSERT INTO strings (id, value) VALUES (?, ?)');
    return (list) => {
      for (const p of list) insert.run(p.id, p.value);
    };
  }

  /** Ends the reader's snapshot (also before the connections close). */
  endRead(): void {
    if (!this.reading) return;
    this.reader!.exec('COMMIT');
    this.reading = false;
  }

  /** Looks a string up without creating it (queries); -1 when unknown. */
  find(value: string): number {
    if (value === '') return 0;
    return this.cache.get(value) ?? this.select.get(value)?.id ?? -1;
  }

  value(id: number): string {
    return this.byId.get(id)?.value ?? '';
  }
}
