/**
 * Distinct NUMBERS seen in the last `windowMs` (template ids, path and query hashes), each with the time it
 * was last seen and the evidence reference of its first sighting: DistinctWindow's semantics exactly (same
 * order, same eviction, same saturation), stored in ONE array of doubles so that an update touches one
 * contiguous block instead of an object array, a number array and the objects they point to.
 *
 * Layout for capacity c: times [0, c), values [c, 2c), refs [2c, 3c), offsets [3c, 4c).
 */
import type { RefVisitor } from './window';

export class ValueWindow {
  private d: number[];
  private c: number;
  size = 0;
  /** The window overflowed its cap: more distinct values were seen than it holds ("at least"). */
  saturated = false;
  /** A lower bound of the oldest last-seen time: while it is inside the window nothing can expire. */
  private minT = Infinity;

  constructor(private readonly cap: number) {
    this.c = Math.min(cap, 8);
    this.d = doubles(this.c * 4);
  }

  /** Records `v` at time t; returns the number of distinct values in the window. */
  add(v: number, t: number, ref: number, off: number, windowMs: number): number {
    const lo = t - windowMs;
    if (this.minT <= lo) this.expire(lo);
    const d = this.d;
    const c = this.c;
    const n = this.size;
    for (let i = 0; i < n; i++) {
      if (d[c + i] === v) {
        d[i] = t;
        return n;
      }
    }
    if (n === this.cap) {
      this.dropLeastRecent();
      this.saturated = true;
    }
    if (this.size === this.c) this.grow();
    const i = this.size;
    const b = this.d;
    const cc = this.c;
    b[i] = t;
    b[cc + i] = v;
    b[2 * cc + i] = ref;
    b[3 * cc + i] = off;
    this.size = i + 1;
    if (t < this.minT) this.minT = t;
    return this.size;
  }

  /** Empties the window, keeping its storage. */
  clear(): void {
    this.size = 0;
    this.saturated = false;
    this.minT = Infinity;
  }

  /** Oldest last-seen time among the values (the start of the distinct set). */
  oldest(): number {
    let m = Infinity;
    for (let i = 0; i < this.size; i++) if (this.d[i]! < m) m = this.d[i]!;
    return this.size ? m : 0;
  }

  visit(fn: RefVisitor, max: number): void {
    const d = this.d;
    const c = this.c;
    for (let i = 0; i < this.size && i < max; i++) fn(d[i]!, d[2 * c + i]!, d[3 * c + i]!);
  }

  /** Drops values last seen at or before `lo`, keeping the order of the others. */
  private expire(lo: number): void {
    const d = this.d;
    const c = this.c;
    const n = this.size;
    let w = 0;
    let min = Infinity;
    for (let r = 0; r < n; r++) {
      const tr = d[r]!;
      if (tr <= lo) continue;
      if (w !== r) {
        d[w] = tr;
        d[c + w] = d[c + r]!;
        d[2 * c + w] = d[2 * c + r]!;
        d[3 * c + w] = d[3 * c + r]!;
      }
      if (tr < min) min = tr;
      w++;
    }
    if (w < n) this.saturated = false;
    this.size = w;
    this.minT = min;
  }

  private dropLeastRecent(): void {
    const d = this.d;
    const c = this.c;
    let k = 0;
    for (let i = 1; i < this.size; i++) if (d[i]! < d[k]!) k = i;
    const last = this.size - 1;
    d[k] = d[last]!;
    d[c + k] = d[c + last]!;
    d[2 * c + k] = d[2 * c + last]!;
    d[3 * c + k] = d[3 * c + last]!;
    this.size = last;
  }

  private grow(): void {
    const c = this.c;
    const nc = Math.min(this.cap, c * 2);
    const nd = doubles(nc * 4);
    for (let blk = 0; blk < 4; blk++) for (let i = 0; i < this.size; i++) nd[blk * nc + i] = this.d[blk * c + i]!;
    this.d = nd;
    this.c = nc;
  }
}

/** A JS array with double elements from the start (no SMI → double transition on the first store). */
export function doubles(n: number): number[] {
  const a = new Array<number>(n).fill(0.5);
  a.fill(0);
  return a;
}
