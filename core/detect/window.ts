/**
 * Per-key sliding windows on log time. Times pushed into one window never decrease (the detector clamps
 * late events to its watermark), so each window is a queue and expiry is amortised O(1).
 *
 * Each entry also carries its evidence reference (packed source/line and byte offset) so that an alert can
 * cite the events that built up the window, not only those after it tripped.
 */

import { doubles } from './value-window';

/** source * 2^32 + line: one double per reference instead of an object. */
export function packRef(source: number, line: number): number {
  return source * 4294967296 + line;
}

/** Sink for the evidence of a window when an episode opens. */
export type RefVisitor = (time: number, ref: number, offset: number) => void;

/**
 * Count of events in the last `windowMs` (entries with time > now - windowMs). Grows from a small ring up to
 * `maxCap` entries; beyond that the count saturates (reported as "at least").
 */
export class TimeQueue {
  private buf: number[];
  private head = 0;
  private cap: number;
  size = 0;
  saturated = false;

  constructor(
    initialCap: number,
    private readonly maxCap: number,
  ) {
    this.cap = initialCap;
    this.buf = doubles(initialCap * 3);
  }

  push(t: number, ref: number, off: number, windowMs: number): number {
    this.expire(t - windowMs);
    if (this.size === this.cap) {
      if (this.cap < this.maxCap) this.grow();
      else {
        this.head = this.head + 1 === this.cap ? 0 : this.head + 1;
        this.size--;
        this.saturated = true;
      }
    }
    let i = this.head + this.size;
    if (i >= this.cap) i -= this.cap;
    const b = this.buf;
    b[i * 3] = t;
    b[i * 3 + 1] = ref;
    b[i * 3 + 2] = off;
    return ++this.size;
  }

  /** Drops entries at or before `lo`. */
  expire(lo: number): void {
    const b = this.buf;
    while (this.size > 0 && b[this.head * 3]! <= lo) {
      this.head = this.head + 1 === this.cap ? 0 : this.head + 1;
      this.size--;
      this.saturated = false;
    }
  }

  oldest(): number {
    return this.size > 0 ? this.buf[this.head * 3]! : 0;
  }

  visit(fn: RefVisitor, max: number): void {
    for (let k = 0; k < this.size && k < max; k++) {
      let i = this.head + k;
      if (i >= this.cap) i -= this.cap;
      fn(this.buf[i * 3]!, this.buf[i * 3 + 1]!, this.buf[i * 3 + 2]!);
    }
  }

  private grow(): void {
    const cap = Math.min(this.maxCap, this.cap * 2);
    const nb = doubles(cap * 3);
    for (let k = 0; k < this.size; k++) {
      let i = this.head + k;
      if (i >= this.cap) i -= this.cap;
      nb[k * 3] = this.buf[i * 3]!;
      nb[k * 3 + 1] = this.buf[i * 3 + 1]!;
      nb[k * 3 + 2] = this.buf[i * 3 + 2]!;
    }
    this.buf = nb;
    this.cap = cap;
    this.head = 0;
  }
}

/**
 * Distinct values seen in the last `windowMs`, each with the time it was last seen. Values are compared with
 * `===`: callers pass interned objects (path infos, templates) so the scan is pointer compares. Holds at
 * most `cap` values; when full, the least recently seen one makes room.
 */
export class DistinctWindow<V> {
  private vals: V[] = [];
  /** Stride 3: last-seen time, packed ref, offset (one array: one cache region instead of three). */
  private meta: number[] = [];
  size = 0;
  /** The window overflowed its cap: more distinct values were seen than it holds ("at least"). */
  saturated = false;

  constructor(private readonly cap: number) {}

  /** Records `v` at time t; returns the number of distinct values in the window. */
  add(v: V, t: number, ref: number, off: number, windowMs: number): number {
    const lo = t - windowMs;
    const vals = this.vals;
    const meta = this.meta;
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
      }
      if (vr === v) {
        found = true;
        meta[w * 3] = t;
      }
      w++;
    }
    // Release values that left the window (the arrays keep their length: no reallocation churn).
    for (let r = w; r < n; r++) vals[r] = undefined as V;
    if (w < n) this.saturated = false;
    this.size = w;
    if (!found) {
      if (w === this.cap) {
        this.dropLeastRecent();
        this.saturated = true;
      }
      const i = this.size;
      vals[i] = v;
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

  private dropLeastRecent(): void {
    const meta = this.meta;
    let k = 0;
    for (let i = 1; i < this.size; i++) if (meta[i * 3]! < meta[k * 3]!) k = i;
    const last = this.size - 1;
    this.vals[k] = this.vals[last]!;
    meta[k * 3] = meta[last * 3]!;
    meta[k * 3 + 1] = meta[last * 3 + 1]!;
    meta[k * 3 + 2] = meta[last * 3 + 2]!;
    this.vals[last] = undefined as V;
    this.size = last;
  }
}

/** The last N requests of a client with a flag each (e.g. "answered 404"), for ratio rules. */
export class FlagRing {
  private times: number[];
  private flags: number[];
  private head = 0;
  size = 0;
  flagged = 0;

  constructor(private readonly n: number) {
    this.times = doubles(n);
    this.flags = new Array<number>(n).fill(0);
  }

  push(t: number, flag: boolean): void {
    const f = flag ? 1 : 0;
    if (this.size === this.n) {
      this.flagged -= this.flags[this.head]!;
      this.times[this.head] = t;
      this.flags[this.head] = f;
      this.head = this.head + 1 === this.n ? 0 : this.head + 1;
    } else {
      let i = this.head + this.size;
      if (i >= this.n) i -= this.n;
      this.times[i] = t;
      this.flags[i] = f;
      this.size++;
    }
    this.flagged += f;
  }

  /** Time of the oldest of the last N requests. */
  oldest(): number {
    return this.size ? this.times[this.head]! : 0;
  }
}
