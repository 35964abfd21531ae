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
class Sighting {
  constructor(
    public t: number,
    public ref: number,
    public off: number,
    public tag: unknown,
  ) {}
}

/**
 * Distinct values seen in the last `windowMs`, each with the time it was last seen. Values are compared as
 * Map keys (SameValueZero). Holds at most `cap` values; when full, the least recently seen one makes room.
 * Times pushed never decrease (the detector clamps late events to its watermark), so a Map kept in
 * last-seen order (a value seen again moves to the end) expires from its front: O(1) per add however large
 * the window (a target under attack holds hundreds of IPs).
 */
export class DistinctWindow<V> {
  private readonly seen = new Map<V, Sighting>();
  /** The window overflowed its cap: more distinct values were seen than it holds ("at least"). */
  saturated = false;

  constructor(private readonly cap: number) {}

  get size(): number {
    return this.seen.size;
  }

  /** Records `v` at time t (with its latest `tag`, if given); returns the number of distinct values in the window. */
  add(v: V, t: number, ref: number, off: number, windowMs: number, tag?: unknown): number {
    const seen = this.seen;
    const lo = t - windowMs;
    for (const [k, s] of seen) {
      if (s.t > lo) break;
      seen.delete(k);
      this.saturated = false;
    }
    let s = seen.get(v);
    if (s !== undefined) {
      seen.delete(v);
      s.t = t;
      if (tag !== undefined) s.tag = tag;
    } else {
      if (seen.size >= this.cap) {
        seen.delete(seen.keys().next().value as V);
        this.saturated = true;
      }
      s = new Sighting(t, ref, off, tag);
    }
    seen.set(v, s);
    return seen.size;
  }

  /** Empties the window. */
  clear(): void {
    this.seen.clear();
    this.saturated = false;
  }

  /** Oldest last-seen time among the values (the start of the distinct set). */
  oldest(): number {
    for (const s of this.seen.values()) return s.t;
    return 0;
  }

  /** The evidence of each value's first sighting, least recently seen first. */
  visit(fn: RefVisitor, max: number): void {
    let n = 0;
    for (const s of this.seen.values()) {
      if (n++ >= max) break;
      fn(s.t, s.ref, s.off);
    }
  }

  /** Each value with its tag, least recently seen first. */
  forEach(fn: (v: V, tag: unknown) => void): void {
    for (const [v, s] of this.seen) fn(v, s.tag);
  }
}
