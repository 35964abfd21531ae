/**
 * Evidence references, and the window of distinct STRINGS (user agents, WordPress authors, client IPs of a
 * target) that the few rules needing one keep as an object. Numeric windows, which every client has, live
 * in the key's record instead (record.ts, record-windows.ts), with the same semantics.
 *
 * Each entry also carries its evidence reference (packed source/line and byte offset) so that an alert can
 * cite the events that built up the window, not only those after it tripped.
 */

/** source * 2^32 + line: one double per reference instead of an object. */
export function packRef(source: number, line: number): number {
  return source * 4294967296 + line;
}

/** Sink for the evidence of a window when an episode opens. */
export type RefVisitor = (time: number, ref: number, offset: number) => void;

/** One value of a DistinctWindow: when it was last seen, the evidence of that sighting, and its tag. */
class Sighting<V> {
  /** Index (in DistinctWindow's absolute numbering) of this value's latest entry in the queue. */
  at = 0;

  constructor(
    readonly v: V,
    public t: number,
    public ref: number,
    public off: number,
    public tag: unknown,
  ) {}
}

/** Stale entries tolerated in the queue beyond the live ones before it is compacted. */
const SLACK = 32;

/**
 * Distinct values seen in the last `windowMs`, each with the time it was last seen. Values are compared as
 * Map keys (SameValueZero). Holds at most `cap` values; when full, the least recently seen one makes room.
 *
 * Times pushed never decrease (the detector clamps late events to its watermark), so values expire in the
 * order they were last seen: a queue in that order, beside a Map for lookup. A value seen again gets a new
 * queue entry and its old one goes stale (skipped, and dropped when the queue is compacted). A Map alone,
 * kept in last-seen order by delete and re-insert, was O(size) per add, not O(1): V8 leaves a deleted entry
 * as a hole that every iteration from the front skips until the table is rebuilt, and expiry iterates from
 * the front. A target under attack holds hundreds of IPs; that cost an eighth of a scan of such traffic.
 */
export class DistinctWindow<V> {
  private readonly seen = new Map<V, Sighting<V>>();
  /** Sightings in last-seen order; q[i] is entry number base + i. Entries whose `at` differs are stale. */
  private q: Sighting<V>[] = [];
  private head = 0;
  private base = 0;
  /** The window overflowed its cap: more distinct values were seen than it holds ("at least"). */
  saturated = false;

  constructor(private readonly cap: number) {}

  get size(): number {
    return this.seen.size;
  }

  /** Queue entries held, stale ones included: bounded by about twice the size (memory stays in proportion). */
  get queued(): number {
    return this.q.length - this.head;
  }

  /** Records `v` at time t (with its latest `tag`, if given); returns the number of distinct values in the window. */
  add(v: V, t: number, ref: number, off: number, windowMs: number, tag?: unknown): number {
    const seen = this.seen;
    const lo = t - windowMs;
    for (let s = this.first(); s !== null && s.t <= lo; s = this.first()) {
      seen.delete(s.v);
      this.head++;
      this.saturated = false;
    }
    let s = seen.get(v);
    if (s !== undefined) {
      s.t = t;
      if (tag !== undefined) s.tag = tag;
    } else {
      if (seen.size >= this.cap) {
        seen.delete(this.first()!.v);
        this.head++;
        this.saturated = true;
      }
      s = new Sighting(v, t, ref, off, tag);
      seen.set(v, s);
    }
    this.push(s);
    return seen.size;
  }

  /** Empties the window. */
  clear(): void {
    this.seen.clear();
    this.q = [];
    this.head = 0;
    this.saturated = false;
  }

  /** Oldest last-seen time among the values (the start of the distinct set). */
  oldest(): number {
    return this.first()?.t ?? 0;
  }

  /** The evidence of each value's first sighting, least recently seen first. */
  visit(fn: RefVisitor, max: number): void {
    let n = 0;
    this.each((s) => {
      if (n++ >= max) return false;
      fn(s.t, s.ref, s.off);
      return true;
    });
  }

  /** Each value with its tag, least recently seen first. */
  forEach(fn: (v: V, tag: unknown) => void): void {
    this.each((s) => {
      fn(s.v, s.tag);
      return true;
    });
  }

  /** Live sightings in queue order until `fn` answers false. */
  private each(fn: (s: Sighting<V>) => boolean): void {
    const q = this.q;
    for (let i = this.head; i < q.length; i++) {
      const s = q[i]!;
      if (s.at === this.base + i && !fn(s)) return;
    }
  }

  /** The least recently seen live sighting (stale entries before it are dropped). */
  private first(): Sighting<V> | null {
    const q = this.q;
    while (this.head < q.length) {
      const s = q[this.head]!;
      if (s.at === this.base + this.head) return s;
      this.head++;
    }
    return null;
  }

  private push(s: Sighting<V>): void {
    let q = this.q;
    if (q.length - this.head > 2 * this.seen.size + SLACK) {
      // Mostly stale: keep the live entries, in order, renumbered from the new base.
      const live: Sighting<V>[] = [];
      this.each((x) => {
        live.push(x);
        return true;
      });
      this.base += q.length;
      for (let i = 0; i < live.length; i++) live[i]!.at = this.base + i;
      q = this.q = live;
      this.head = 0;
    } else if (this.head > SLACK && this.head * 2 > q.length) {
      // Drop the consumed front (amortized: only once it outweighs what is left).
      q.splice(0, this.head);
      this.base += this.head;
      this.head = 0;
    }
    s.at = this.base + q.length;
    q.push(s);
  }
}
