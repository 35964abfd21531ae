/**
 * The numeric state of one key, packed into ONE array of doubles: its scalars, then a descriptor per
 * window, then each window's entries.
 *
 * Why: detection is memory-bound. With thousands of active clients a key's state is no longer in cache when
 * its next event arrives, and every separate object (a window, its array, a boxed double field) is another
 * dependent cache miss. One contiguous record costs the same few misses however many rules look at it.
 *
 * Windows are numbered; a record describes windows 0..n-1 (n grows on demand, so the rarely used windows
 * come last and most records never describe them). A window with capacity 0 does not exist yet. Growing a
 * window re-lays the record out; callers therefore never keep `ks.r` across a window operation.
 */
import { doubles } from './value-window';

/** Window types and their descriptor sizes. */
export const TQ = 0; // time queue: [BASE, CAP, HEAD, SIZE, SAT], entries (time, ref, off) interleaved
export const VW = 1; // distinct values: [BASE, CAP, SIZE, SAT, MINT, TAG], blocks times | values | refs | offs
export const RING = 2; // last N requests with a flag: [BASE, CAP, HEAD, SIZE, FLAGGED], entries (time, flag)
export const ENUM = 3; // a VW plus the sequential-run state of an enumeration track
const DESC_SIZE = [5, 6, 5, 10];
const STRIDE = [3, 4, 2, 4];

// Descriptor slots (relative to the window's descriptor).
export const BASE = 0;
export const CAP = 1;
export const HEAD = 2; // TQ, RING
export const SIZE_Q = 3; // TQ, RING: entries held
export const SAT_Q = 4; // TQ: saturated (0/1)
export const FLAGGED = 4; // RING
export const SIZE_V = 2; // VW, ENUM
export const SAT_V = 3; // VW, ENUM
export const MINT = 4; // VW, ENUM: lower bound of the oldest last-seen time
export const TAG = 5; // VW, ENUM: owner-defined (the template id for cache-bypass and enumeration)
export const LAST_NUM = 6; // ENUM
export const LAST_TIME = 7; // ENUM
export const RUN = 8; // ENUM
export const LAST_USE = 9; // ENUM

// Key scalars.
export const LAST_SEEN = 0;
/** Evidence reference of the key's previous event (packed source/line, byte offset). */
export const LAST_REF = 1;
export const LAST_OFF = 2;
/** Log time until which the key must be kept for its long windows (slow scan, low-and-slow stuffing). */
export const KEEP_UNTIL = 3;
/** The first request (a one-shot client allocates no window: see KeyState). */
export const FIRST_T = 4;
export const FIRST_REF = 5;
export const FIRST_OFF = 6;
export const FIRST_HASH = 7;
export const FIRST_ID_NUM = 8;
/** Number of windows the record describes. */
const N_DESC = 9;
const SCALARS = 10;

// Windows, most used first: a record describes every window up to the highest one it uses, so the order
// decides header sizes (identity keys use only the first two; ordinary clients the first dozen).
export const W_BURST = 0;
export const W_AUTH = 1;
export const W_TEMPLATES = 2;
export const W_CRAWL = 3;
export const W_RATIO = 4;
export const W_BUST = 5;
export const W_NOT_FOUND_TEMPLATES = 6;
export const W_NOT_FOUND = 7;
export const W_PROBE = 8;
export const W_AUTH_SLOW = 11;
/** Enumeration tracks: most clients walk one or two collections, so tracks 2 and 3 come later. */
export const ENUM_TRACKS = 4;
const ENUM_WINDOWS = [9, 10, 12, 13];
export function enumTrack(i: number): number {
  return ENUM_WINDOWS[i]!;
}
/** Content rules: window W_CONTENT + (rule index - first content rule index). */
export const W_CONTENT = 14;
const CONTENT_WINDOWS = 16;

const TYPES: number[] = [TQ, TQ, VW, VW, RING, VW, VW, TQ, VW, ENUM, ENUM, TQ, ENUM, ENUM];
for (let i = 0; i < CONTENT_WINDOWS; i++) TYPES.push(TQ);
/** Offset of each window's descriptor in the record. */
const DESC: number[] = [];
for (let i = 0, at = SCALARS; i < TYPES.length; i++) {
  DESC.push(at);
  at += DESC_SIZE[TYPES[i]!]!;
}

/** Where window w's descriptor starts (the window must be described: see `exists`). */
export function desc(w: number): number {
  return DESC[w]!;
}

export function newRecord(): number[] {
  const r = doubles(SCALARS);
  r[FIRST_ID_NUM] = NaN;
  return r;
}

export function exists(r: number[], w: number): boolean {
  return w < r[N_DESC]! && r[DESC[w]! + CAP]! > 0;
}

/**
 * Gives window w capacity `cap` (creating it when it has none), preserving every window's content; returns
 * the new record (also stored in `holder.r`).
 */
export function reserve(holder: { r: number[] }, w: number, cap: number): number[] {
  const old = holder.r;
  const oldN = old[N_DESC]!;
  const n = Math.max(oldN, w + 1);
  const header = DESC[n - 1]! + DESC_SIZE[TYPES[n - 1]!]!;
  const oldHeader = oldN > 0 ? DESC[oldN - 1]! + DESC_SIZE[TYPES[oldN - 1]!]! : SCALARS;
  let len = header;
  for (let i = 0; i < n; i++) len += (i === w ? cap : i < oldN ? old[DESC[i]! + CAP]! : 0) * STRIDE[TYPES[i]!]!;
  const r = doubles(len);
  for (let i = 0; i < oldHeader; i++) r[i] = old[i]!;
  for (let i = oldN; i < n; i++) initDescriptor(r, i);
  r[N_DESC] = n;
  let at = header;
  for (let i = 0; i < n; i++) {
    const d = DESC[i]!;
    const type = TYPES[i]!;
    const oldCap = i < oldN ? old[d + CAP]! : 0;
    const newCap = i === w ? cap : oldCap;
    const from = i < oldN ? old[d + BASE]! : 0;
    r[d + BASE] = at;
    r[d + CAP] = newCap;
    if (newCap === oldCap || oldCap === 0) {
      for (let k = 0; k < oldCap * STRIDE[type]!; k++) r[at + k] = old[from + k]!;
    } else if (type === TQ || type === RING) {
      // Unroll the ring so that it starts at 0 in the larger buffer.
      const stride = STRIDE[type]!;
      const head = old[d + HEAD]!;
      for (let k = 0; k < old[d + SIZE_Q]!; k++) {
        const src = from + ((head + k) % oldCap) * stride;
        for (let j = 0; j < stride; j++) r[at + k * stride + j] = old[src + j]!;
      }
      r[d + HEAD] = 0;
    } else {
      // Value windows are four blocks of `cap` entries: each block moves to its new offset.
      const size = old[d + SIZE_V]!;
      for (let blk = 0; blk < 4; blk++) for (let k = 0; k < size; k++) r[at + blk * newCap + k] = old[from + blk * oldCap + k]!;
    }
    at += newCap * STRIDE[type]!;
  }
  holder.r = r;
  return r;
}

function initDescriptor(r: number[], w: number): void {
  const d = DESC[w]!;
  for (let k = 0; k < DESC_SIZE[TYPES[w]!]!; k++) r[d + k] = 0;
  if (TYPES[w] === VW || TYPES[w] === ENUM) r[d + MINT] = Infinity;
  if (TYPES[w] === ENUM) r[d + LAST_NUM] = NaN;
}
