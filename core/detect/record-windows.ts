/**
 * Window operations on a key's record (record.ts). Same semantics as the object windows they replace:
 *
 * - time queue: count of events in the last `windowMs` (entries with time > now - windowMs), growing up to
 *   `maxCap` entries; beyond that the count saturates (reported as "at least").
 * - value window: distinct values seen in the last `windowMs`, each with the time it was last seen and the
 *   evidence of its first sighting; at most `limit` values, the least recently seen one making room.
 * - ring: the last N requests with a flag each (e.g. "answered 404").
 *
 * Times pushed into one window never decrease (the detector clamps late events to its watermark), so expiry
 * is amortised O(1).
 */
import type { EvidenceSource } from './episodes';
import {
  BASE,
  CAP,
  desc,
  exists,
  FLAGGED,
  HEAD,
  MINT,
  reserve,
  SAT_Q,
  SAT_V,
  SIZE_Q,
  SIZE_V,
  TQ,
  VW,
} from './record';
import type { RefVisitor } from './window';

interface Holder {
  r: number[];
}

/** Adds an event to time queue w (created with `initialCap` entries); returns the count in the window. */
export function tqPush(ks: Holder, w: number, t: number, ref: number, off: number, windowMs: number, initialCap: number, maxCap: number): number {
  let r = ks.r;
  if (!exists(r, w)) r = reserve(ks, w, Math.min(initialCap, maxCap));
  const d = desc(w);
  tqExpire(r, d, t - windowMs);
  let cap = r[d + CAP]!;
  if (r[d + SIZE_Q] === cap) {
    if (cap < maxCap) {
      r = reserve(ks, w, Math.min(maxCap, cap * 2));
      cap = r[d + CAP]!;
    } else {
      r[d + HEAD] = r[d + HEAD]! + 1 === cap ? 0 : r[d + HEAD]! + 1;
      r[d + SIZE_Q]--;
      r[d + SAT_Q] = 1;
    }
  }
  const size = r[d + SIZE_Q]!;
  let i = r[d + HEAD]! + size;
  if (i >= cap) i -= cap;
  const at = r[d + BASE]! + i * 3;
  r[at] = t;
  r[at + 1] = ref;
  r[at + 2] = off;
  r[d + SIZE_Q] = size + 1;
  return size + 1;
}

function tqExpire(r: number[], d: number, lo: number): void {
  let size = r[d + SIZE_Q]!;
  if (size === 0) return;
  const base = r[d + BASE]!;
  const cap = r[d + CAP]!;
  let head = r[d + HEAD]!;
  if (r[base + head * 3]! > lo) return;
  do {
    head = head + 1 === cap ? 0 : head + 1;
    size--;
  } while (size > 0 && r[base + head * 3]! <= lo);
  r[d + HEAD] = head;
  r[d + SIZE_Q] = size;
  r[d + SAT_Q] = 0;
}

/** Records value v in value window w (created on first use); returns the number of distinct values. */
export function vwAdd(ks: Holder, w: number, v: number, t: number, ref: number, off: number, windowMs: number, limit: number): number {
  let r = ks.r;
  if (!exists(r, w)) r = reserve(ks, w, Math.min(limit, 8));
  const d = desc(w);
  const lo = t - windowMs;
  if (r[d + MINT]! <= lo) vwExpire(r, d, lo);
  let base = r[d + BASE]!;
  let cap = r[d + CAP]!;
  const n = r[d + SIZE_V]!;
  for (let i = 0; i < n; i++) {
    if (r[base + cap + i] === v) {
      r[base + i] = t;
      return n;
    }
  }
  if (n === limit) {
    vwDropLeastRecent(r, d);
    r[d + SAT_V] = 1;
  }
  let i = r[d + SIZE_V]!;
  if (i === cap) {
    r = reserve(ks, w, Math.min(limit, cap * 2));
    base = r[d + BASE]!;
    cap = r[d + CAP]!;
  }
  r[base + i] = t;
  r[base + cap + i] = v;
  r[base + 2 * cap + i] = ref;
  r[base + 3 * cap + i] = off;
  r[d + SIZE_V] = ++i;
  if (t < r[d + MINT]!) r[d + MINT] = t;
  return i;
}

/** Drops values last seen at or before `lo`, keeping the order of the others. */
function vwExpire(r: number[], d: number, lo: number): void {
  const base = r[d + BASE]!;
  const cap = r[d + CAP]!;
  const n = r[d + SIZE_V]!;
  let w = 0;
  let min = Infinity;
  for (let k = 0; k < n; k++) {
    const tk = r[base + k]!;
    if (tk <= lo) continue;
    if (w !== k) {
      r[base + w] = tk;
      r[base + cap + w] = r[base + cap + k]!;
      r[base + 2 * cap + w] = r[base + 2 * cap + k]!;
      r[base + 3 * cap + w] = r[base + 3 * cap + k]!;
    }
    if (tk < min) min = tk;
    w++;
  }
  if (w < n) r[d + SAT_V] = 0;
  r[d + SIZE_V] = w;
  r[d + MINT] = min;
}

function vwDropLeastRecent(r: number[], d: number): void {
  const base = r[d + BASE]!;
  const cap = r[d + CAP]!;
  const last = r[d + SIZE_V]! - 1;
  let k = 0;
  for (let i = 1; i <= last; i++) if (r[base + i]! < r[base + k]!) k = i;
  for (let blk = 0; blk < 4; blk++) r[base + blk * cap + k] = r[base + blk * cap + last]!;
  r[d + SIZE_V] = last;
}

/** Empties value window w (if it exists), keeping its storage. */
export function vwClear(r: number[], w: number): void {
  if (!exists(r, w)) return;
  const d = desc(w);
  r[d + SIZE_V] = 0;
  r[d + SAT_V] = 0;
  r[d + MINT] = Infinity;
}

/** Pushes a request into ring w of n entries; returns the record (the ring's state is read from it). */
export function ringPush(ks: Holder, w: number, t: number, flag: boolean, n: number): number[] {
  let r = ks.r;
  if (!exists(r, w)) r = reserve(ks, w, n);
  const d = desc(w);
  const base = r[d + BASE]!;
  const f = flag ? 1 : 0;
  const head = r[d + HEAD]!;
  if (r[d + SIZE_Q] === n) {
    r[d + FLAGGED] -= r[base + head * 2 + 1]!;
    r[base + head * 2] = t;
    r[base + head * 2 + 1] = f;
    r[d + HEAD] = head + 1 === n ? 0 : head + 1;
  } else {
    let i = head + r[d + SIZE_Q]!;
    if (i >= n) i -= n;
    r[base + i * 2] = t;
    r[base + i * 2 + 1] = f;
    r[d + SIZE_Q]++;
  }
  r[d + FLAGGED] += f;
  return r;
}

/** Time of the oldest request in ring w. */
export function ringOldest(r: number[], w: number): number {
  const d = desc(w);
  return r[d + SIZE_Q]! > 0 ? r[r[d + BASE]! + r[d + HEAD]! * 2]! : 0;
}

/** Count / saturation of a window, for the alert. */
export function saturated(r: number[], w: number, type: number): boolean {
  return r[desc(w) + (type === TQ ? SAT_Q : SAT_V)] === 1;
}

/**
 * A window of a record as an episode's evidence source. One instance is reused: `of` points it at a window
 * just before EpisodeBook.hit, which reads it synchronously.
 */
export class RecordSource implements EvidenceSource {
  private ks: Holder = { r: [] };
  private w = 0;
  private type = TQ;

  of(ks: Holder, w: number, type: number): this {
    this.ks = ks;
    this.w = w;
    this.type = type;
    return this;
  }

  visit(fn: RefVisitor, max: number): void {
    const r = this.ks.r;
    const d = desc(this.w);
    const base = r[d + BASE]!;
    const cap = r[d + CAP]!;
    if (this.type === TQ) {
      for (let k = 0; k < r[d + SIZE_Q]! && k < max; k++) {
        let i = r[d + HEAD]! + k;
        if (i >= cap) i -= cap;
        fn(r[base + i * 3]!, r[base + i * 3 + 1]!, r[base + i * 3 + 2]!);
      }
    } else {
      for (let i = 0; i < r[d + SIZE_V]! && i < max; i++) fn(r[base + i]!, r[base + 2 * cap + i]!, r[base + 3 * cap + i]!);
    }
  }

  oldest(): number {
    const r = this.ks.r;
    const d = desc(this.w);
    const base = r[d + BASE]!;
    if (this.type === TQ) return r[d + SIZE_Q]! > 0 ? r[base + r[d + HEAD]! * 3]! : 0;
    let m = Infinity;
    for (let i = 0; i < r[d + SIZE_V]!; i++) if (r[base + i]! < m) m = r[base + i]!;
    return r[d + SIZE_V]! > 0 ? m : 0;
  }
}

export { TQ, VW };
