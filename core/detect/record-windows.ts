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
import * as record from './record';
import type { RefVisitor } from './window';

// Imported values are bound to module constants once: under Vite's module transform (vitest) every
// read of an imported binding is a getter call, which the per-event code would pay on each use.
const { CAP, desc, ENUM_DATA, exists, FLAGGED, HEAD, MINT, reserve, RING_DATA, SAT_Q, SAT_V, SIZE_Q, SIZE_V, TQ, TQ_DATA, VW, VW_DATA } = record;

/** Adds an event to time queue w (created with `initialCap` entries); returns the count in the window. */
export function tqPush(r: number[], w: number, t: number, ref: number, off: number, windowMs: number, initialCap: number, maxCap: number): number {
  if (!exists(r, w)) reserve(r, w, Math.min(initialCap, maxCap));
  let d = desc(r, w);
  tqExpire(r, d, t - windowMs);
  let cap = r[d + CAP]!;
  if (r[d + SIZE_Q] === cap) {
    if (cap < maxCap) {
      reserve(r, w, Math.min(maxCap, cap * 2));
      d = desc(r, w);
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
  const at = d + TQ_DATA + i * 3;
  r[at] = t;
  r[at + 1] = ref;
  r[at + 2] = off;
  r[d + SIZE_Q] = size + 1;
  return size + 1;
}

function tqExpire(r: number[], d: number, lo: number): void {
  let size = r[d + SIZE_Q]!;
  if (size === 0) return;
  const data = d + TQ_DATA;
  const cap = r[d + CAP]!;
  let head = r[d + HEAD]!;
  if (r[data + head * 3]! > lo) return;
  do {
    head = head + 1 === cap ? 0 : head + 1;
    size--;
  } while (size > 0 && r[data + head * 3]! <= lo);
  r[d + HEAD] = head;
  r[d + SIZE_Q] = size;
  r[d + SAT_Q] = 0;
}

/**
 * Records value v in value window w (created on first use); returns the number of distinct values.
 * `dataAt` is where entries start after the descriptor: VW_DATA, or ENUM_DATA for enumeration tracks.
 */
export function vwAdd(r: number[], w: number, v: number, t: number, ref: number, off: number, windowMs: number, limit: number, dataAt = VW_DATA): number {
  if (!exists(r, w)) reserve(r, w, Math.min(limit, 8));
  let d = desc(r, w);
  const lo = t - windowMs;
  if (r[d + MINT]! <= lo) vwExpire(r, d, d + dataAt, lo);
  let data = d + dataAt;
  let cap = r[d + CAP]!;
  const n = r[d + SIZE_V]!;
  for (let i = 0; i < n; i++) {
    if (r[data + cap + i] === v) {
      r[data + i] = t;
      return n;
    }
  }
  if (n === limit) {
    vwDropLeastRecent(r, d, data);
    r[d + SAT_V] = 1;
  }
  let i = r[d + SIZE_V]!;
  if (i === cap) {
    reserve(r, w, Math.min(limit, cap * 2));
    d = desc(r, w);
    data = d + dataAt;
    cap = r[d + CAP]!;
  }
  r[data + i] = t;
  r[data + cap + i] = v;
  r[data + 2 * cap + i] = ref;
  r[data + 3 * cap + i] = off;
  r[d + SIZE_V] = ++i;
  if (t < r[d + MINT]!) r[d + MINT] = t;
  return i;
}

/** Drops values last seen at or before `lo`, keeping the order of the others. */
function vwExpire(r: number[], d: number, data: number, lo: number): void {
  const cap = r[d + CAP]!;
  const n = r[d + SIZE_V]!;
  let w = 0;
  let min = Infinity;
  for (let k = 0; k < n; k++) {
    const tk = r[data + k]!;
    if (tk <= lo) continue;
    if (w !== k) {
      r[data + w] = tk;
      r[data + cap + w] = r[data + cap + k]!;
      r[data + 2 * cap + w] = r[data + 2 * cap + k]!;
      r[data + 3 * cap + w] = r[data + 3 * cap + k]!;
    }
    if (tk < min) min = tk;
    w++;
  }
  if (w < n) r[d + SAT_V] = 0;
  r[d + SIZE_V] = w;
  r[d + MINT] = min;
}

function vwDropLeastRecent(r: number[], d: number, data: number): void {
  const cap = r[d + CAP]!;
  const last = r[d + SIZE_V]! - 1;
  let k = 0;
  for (let i = 1; i <= last; i++) if (r[data + i]! < r[data + k]!) k = i;
  for (let col = 0; col < 4; col++) r[data + col * cap + k] = r[data + col * cap + last]!;
  r[d + SIZE_V] = last;
}

/** Empties value window w (if it exists), keeping its storage. */
export function vwClear(r: number[], w: number): void {
  if (!exists(r, w)) return;
  const d = desc(r, w);
  r[d + SIZE_V] = 0;
  r[d + SAT_V] = 0;
  r[d + MINT] = Infinity;
}

/** Pushes a request into ring w of n entries. */
export function ringPush(r: number[], w: number, t: number, flag: boolean, n: number): void {
  if (!exists(r, w)) reserve(r, w, n);
  const d = desc(r, w);
  const data = d + RING_DATA;
  const f = flag ? 1 : 0;
  const head = r[d + HEAD]!;
  if (r[d + SIZE_Q] === n) {
    r[d + FLAGGED] -= r[data + head * 2 + 1]!;
    r[data + head * 2] = t;
    r[data + head * 2 + 1] = f;
    r[d + HEAD] = head + 1 === n ? 0 : head + 1;
  } else {
    let i = head + r[d + SIZE_Q]!;
    if (i >= n) i -= n;
    r[data + i * 2] = t;
    r[data + i * 2 + 1] = f;
    r[d + SIZE_Q]++;
  }
  r[d + FLAGGED] += f;
}

/** Ring w's entries held, flagged count and oldest time. */
export function ringSize(r: number[], w: number): number {
  return r[desc(r, w) + SIZE_Q]!;
}

export function ringFlagged(r: number[], w: number): number {
  return r[desc(r, w) + FLAGGED]!;
}

export function ringOldest(r: number[], w: number): number {
  const d = desc(r, w);
  return r[d + SIZE_Q]! > 0 ? r[d + RING_DATA + r[d + HEAD]! * 2]! : 0;
}

/** Whether window w (of the given type) is saturated, for the alert. */
export function saturated(r: number[], w: number, type: number): boolean {
  return r[desc(r, w) + (type === TQ ? SAT_Q : SAT_V)] === 1;
}

/**
 * A window of a record as an episode's evidence source. One instance is reused: `of` points it at a window
 * just before EpisodeBook.hit, which reads it synchronously.
 */
export class RecordSource implements EvidenceSource {
  private r: number[] = [];
  private w = 0;
  private type = TQ;

  /** `type` is TQ, VW or ENUM (record.ts). */
  of(r: number[], w: number, type: number): this {
    this.r = r;
    this.w = w;
    this.type = type;
    return this;
  }

  visit(fn: RefVisitor, max: number): void {
    const r = this.r;
    const d = desc(r, this.w);
    const cap = r[d + CAP]!;
    if (this.type === TQ) {
      const data = d + TQ_DATA;
      for (let k = 0; k < r[d + SIZE_Q]! && k < max; k++) {
        let i = r[d + HEAD]! + k;
        if (i >= cap) i -= cap;
        fn(r[data + i * 3]!, r[data + i * 3 + 1]!, r[data + i * 3 + 2]!);
      }
    } else {
      const data = d + (this.type === VW ? VW_DATA : ENUM_DATA);
      for (let i = 0; i < r[d + SIZE_V]! && i < max; i++) fn(r[data + i]!, r[data + 2 * cap + i]!, r[data + 3 * cap + i]!);
    }
  }

  oldest(): number {
    const r = this.r;
    const d = desc(r, this.w);
    if (this.type === TQ) return r[d + SIZE_Q]! > 0 ? r[d + TQ_DATA + r[d + HEAD]! * 3]! : 0;
    const data = d + (this.type === VW ? VW_DATA : ENUM_DATA);
    let m = Infinity;
    for (let i = 0; i < r[d + SIZE_V]!; i++) if (r[data + i]! < m) m = r[data + i]!;
    return r[d + SIZE_V]! > 0 ? m : 0;
  }
}
