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

/**
 * Distinct values seen in the last `windowMs`, each with the time it was last seen. Values are compared with
 * `===`. Holds at most `cap` values; when full, the least recently seen one makes room. Times pushed never
 * decrease (the detector clamps late events to its watermark).
 */
export class DistinctWindow<V> {
  private vals: V[] = [];
  /** Stride 3: last-seen time, packed ref, offset (one array: one cache region instead of three). */
  private meta: number[] = [];
  /** Optional payload per value (the client's key state, for target windows); allocated on first use. */
  private tags: unknown[] | null = null;
  size = 0;
  /** The window overflowed its cap: more distinct values were seen than it holds ("at least"). */
  saturated = false;

  constructor(private readonly cap: number) {}

  /** Records `v` at time t (with its latest `tag`, if given); returns the number of distinct values in the window. */
  add(v: V, t: number, ref: number, off: number, windowMs: number, tag?: unknown): number {
    const lo = t - windowMs;
    const vals = this.vals;
    const meta = this.meta;
    if (tag !== undefined) this.tags ??= [];
    const tags = this.tags;
    let w = 0;
    let found = false;
    const n = this.size;
    for (let r = 0; r < n; r++) {
      const tr = meta[r * 3]!;
      if (tr <= lo) continue;
      const vr = vals[r]!;
      if (w !== r) {
        vals[w] = vr;
        meta[w * 3] = tr;
        meta[w * 3 + 1] = meta[r * 3 + 1]!;
        meta[w * 3 + 2] = meta[r * 3 + 2]!;
        if (tags !== null) tags[w] = tags[r];
      }
      if (vr === v) {
        found = true;
        meta[w * 3] = t;
        if (tags !== null && tag !== undefined) tags[w] = tag;
      }
      w++;
    }
    // Release values that left the window (the arrays keep their length: no reallocation churn).
    for (let r = w; r < n; r++) vals[r] = undefined as V;
    if (tags !== null) for (let r = w; r < n; r++) tags[r] = undefined;
    if (w < n) this.saturated = false;
    this.size = w;
    if (!found) {
      if (w === this.cap) {
        this.dropLeastRecent();
        this.saturated = true;
      }
      const i = this.size;
      vals[i] = v;
      if (tags !== null) tags[i] = tag;
      meta[i * 3] = t;
      meta[i * 3 + 1] = ref;
      meta[i * 3 + 2] = off;
      this.size = i + 1;
    }
    return this.size;
  }

  /** Empties the window, keeping its storage. */
  clear(): void {
    for (let i = 0; i < this.size; i++) this.vals[i] = undefined as V;
    if (this.tags !== null) this.tags.length = 0;
    this.size = 0;
    this.saturated = false;
  }

  /** Oldest last-seen time among the values (the start of the distinct set). */
  oldest(): number {
    let m = Infinity;
    for (let i = 0; i < this.size; i++) if (this.meta[i * 3]! < m) m = this.meta[i * 3]!;
    return this.size ? m : 0;
  }

  visit(fn: RefVisitor, max: number): void {
    for (let i = 0; i < this.size && i < max; i++) fn(this.meta[i * 3]!, this.meta[i * 3 + 1]!, this.meta[i * 3 + 2]!);
  }

  /** The distinct values currently in the window (a target alert names its attacking IPs from these). */
  values(): V[] {
    return this.vals.slice(0, this.size);
  }

  /** The tag stored with the i-th value (0 ≤ i < size), undefined if none. */
  tagAt(i: number): unknown {
    return this.tags?.[i];
  }

  private dropLeastRecent(): void {
    const meta = this.meta;
    let k = 0;
    for (let i = 1; i < this.size; i++) if (meta[i * 3]! < meta[k * 3]!) k = i;
    const last = this.size - 1;
    this.vals[k] = this.vals[last]!;
    if (this.tags !== null) {
      this.tags[k] = this.tags[last];
      this.tags[last] = undefined;
    }
    meta[k * 3] = meta[last * 3]!;
    meta[k * 3 + 1] = meta[last * 3 + 1]!;
    meta[k * 3 + 2] = meta[last * 3 + 2]!;
    this.vals[last] = undefined as V;
    this.size = last;
  }
}
