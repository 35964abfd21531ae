/**
 * The numeric state of one key, packed into ONE array of doubles: its scalars, a directory of its windows,
 * then one block per window (the window's descriptor followed by its entries).
 *
 * Why: detection is memory-bound. With thousands of active clients a key's state is no longer in cache when
 * its next event arrives, and every separate object (a window, its array, a boxed double field) is another
 * dependent cache miss: with objects, a client's event cost about thirty of them. A record costs a few, and
 * a window's descriptor shares a cache line with its newest entries.
 *
 * The record is the KeyState itself (it extends Array), so reaching it from the key costs no extra pointer.
 *
 * Windows are numbered; the directory covers windows 0..n-1 (at least the DIR_MIN common ones; the rare
 * content windows extend it on demand). A window with no block does not exist yet. A new or grown block is
 * APPENDED to the record (a grown one leaves a hole where it was), so creating a client's windows one by one
 * costs one append each rather than a copy of the whole record; the record is re-laid out whole only when
 * the directory must grow or holes make up half of it. Callers therefore never keep a block offset across a
 * window operation. The operations on windows are in record-windows.ts.
 */

// Window types. A block is the descriptor, then `cap` entries.
/** Time queue: descriptor [CAP, HEAD, SIZE, SAT], entries (time, ref, offset) interleaved, as a ring. */
export const TQ = 0;
/** Distinct values: descriptor [CAP, SIZE, SAT, MINT, TAG], entries as columns: times | values | refs | offsets. */
export const VW = 1;
/** Last N requests with a flag: descriptor [CAP, HEAD, SIZE, FLAGGED], entries (time, flag), as a ring. */
export const RING = 2;
/** Enumeration track: a VW whose descriptor also holds the state of the current sequential run. */
export const ENUM = 3;
/** Where entries start in a block, by type (= descriptor size). */
export const TQ_DATA = 4;
export const VW_DATA = 5;
export const RING_DATA = 4;
export const ENUM_DATA = 9;
const DESC_SIZE = [TQ_DATA, VW_DATA, RING_DATA, ENUM_DATA];
/** Doubles per entry, by type. */
const STRIDE = [3, 4, 2, 4];

// Descriptor slots (relative to the start of the window's block).
export const CAP = 0;
export const HEAD = 1; // TQ, RING
export const SIZE_Q = 2; // TQ, RING: entries held
export const SAT_Q = 3; // TQ: saturated (0/1)
export const FLAGGED = 3; // RING: flagged entries held
export const SIZE_V = 1; // VW, ENUM: values held
export const SAT_V = 2; // VW, ENUM: saturated (0/1)
export const MINT = 3; // VW, ENUM: a lower bound of the oldest last-seen time (nothing expires while it is in the window)
export const TAG = 4; // VW, ENUM: owner-defined (the template id for cache-bypass and enumeration)
export const LAST_NUM = 5; // ENUM
export const LAST_TIME = 6; // ENUM
export const RUN = 7; // ENUM
export const LAST_USE = 8; // ENUM

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
/** Length of the directory (windows 0..n-1 have a slot). */
const N_WIN = 9;
/** Doubles in blocks abandoned by growth (re-lay out when they are half the record). */
const HOLES = 10;
/** Where the next block goes: the array keeps spare zeroed room beyond it, so most appends do not resize it. */
const END = 11;
const SCALARS = 12;

// Windows, most used first: the directory runs up to the highest window a key uses, so the order keeps it
// short (identity keys use only the first two; ordinary clients the first dozen).
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
/** Static-asset requests (asset-flood): web servers only, so after the windows every API client uses. */
export const W_ASSETS = 14;
/** Content rules: window W_CONTENT + (rule index - index of the first content rule). */
export const W_CONTENT = 15;
export const CONTENT_WINDOWS = 18;

const TYPES: number[] = [TQ, TQ, VW, VW, RING, VW, VW, TQ, VW, ENUM, ENUM, TQ, ENUM, ENUM, TQ];
for (let i = 0; i < CONTENT_WINDOWS; i++) TYPES.push(TQ);

/**
 * Appends n zeros to a record. A KeyState is an Array SUBCLASS, and V8's fast paths for push (and apply)
 * only take plain arrays, costing tens of nanoseconds per element here: the length is set instead, and the
 * new slots filled by index.
 */
function grow(r: number[], n: number): void {
  const from = r.length;
  r.length = from + n;
  for (let i = from; i < from + n; i++) r[i] = 0;
}

/** Makes room for `need` doubles in all, with spare room so that the next few blocks fit without a resize. */
function ensure(r: number[], need: number): void {
  if (need > r.length) grow(r, Math.max(need, 2 * r.length) - r.length);
}

/** Length of a record without windows: a KeyState is constructed with this length (see initRecord). */
export const RECORD_SCALARS = SCALARS;

/** Makes a new KeyState, constructed with length RECORD_SCALARS, a record with no windows. */
export function initRecord(r: number[]): void {
  r[0] = 0.5; // double elements from the first store on (no SMI → double transition later)
  for (let i = 0; i < SCALARS; i++) r[i] = 0;
  r[FIRST_ID_NUM] = NaN;
}

export function exists(r: number[], w: number): boolean {
  return w < r[N_WIN]! && r[SCALARS + w]! > 0;
}

/** Where window w's block starts; the window must exist. */
export function desc(r: number[], w: number): number {
  return r[SCALARS + w]!;
}

/** Reused copy of the record being re-laid out (Array methods would create a KeyState: the subclass). */
const scratch: number[] = [0.5];

function copyToScratch(rec: number[]): number[] {
  for (let i = scratch.length; i < rec.length; i++) scratch.push(0);
  for (let i = 0; i < rec.length; i++) scratch[i] = rec[i]!;
  return scratch;
}

/** The common windows (all but the content ones) always have a directory slot once a key has any window. */
const DIR_MIN = W_CONTENT;

/** Doubles in a block of `type` with `cap` entries. */
function blockSize(type: number, cap: number): number {
  return DESC_SIZE[type]! + cap * STRIDE[type]!;
}

/** Gives window w capacity `cap` (creating it when it has none), preserving every window's content. */
export function reserve(rec: number[], w: number, cap: number): void {
  if (w >= rec[N_WIN]!) {
    relayout(rec, w, cap);
    return;
  }
  const type = TYPES[w]!;
  const at = rec[END]!;
  const size = blockSize(type, cap);
  ensure(rec, at + size); // room past END is zeroed: by grow, and by relayout when it compacts
  rec[END] = at + size;
  if (exists(rec, w)) {
    const from = desc(rec, w);
    copyBlock(rec, from, rec, at, type, cap);
    rec[HOLES] += blockSize(type, rec[from + CAP]!);
  } else initBlock(rec, at, type, cap);
  rec[SCALARS + w] = at;
  if (rec[HOLES]! * 2 > at + size) relayout(rec, -1, 0);
}

/**
 * Rebuilds the record without holes, with a directory covering window w (w = -1: only compacts), giving
 * window w capacity `cap`.
 */
function relayout(rec: number[], w: number, cap: number): void {
  const old = copyToScratch(rec); // the layout is rebuilt in place from this copy
  const n = Math.max(old[N_WIN]!, w + 1, DIR_MIN);
  let len = SCALARS + n;
  for (let i = 0; i < n; i++) {
    const c = i === w ? cap : exists(old, i) ? old[desc(old, i) + CAP]! : -1;
    if (c >= 0) len += blockSize(TYPES[i]!, c);
  }
  const r = rec;
  const oldLen = r.length;
  ensure(r, len);
  // Give back room a compaction freed (keeping some spare), and zero what the blocks and the spare reuse.
  if (r.length > 2 * len + 64) r.length = len + 32;
  for (let i = SCALARS; i < Math.min(oldLen, r.length); i++) r[i] = 0;
  r[N_WIN] = n;
  r[HOLES] = 0;
  r[END] = len;
  let at = SCALARS + n;
  for (let i = 0; i < n; i++) {
    const had = exists(old, i);
    if (!had && i !== w) continue;
    r[SCALARS + i] = at;
    const type = TYPES[i]!;
    if (had) copyBlock(old, desc(old, i), r, at, type, i === w ? cap : old[desc(old, i) + CAP]!);
    else initBlock(r, at, type, cap);
    at += blockSize(type, r[at + CAP]!);
  }
}

function initBlock(r: number[], d: number, type: number, cap: number): void {
  r[d + CAP] = cap;
  if (type === VW || type === ENUM) r[d + MINT] = Infinity;
  if (type === ENUM) r[d + LAST_NUM] = NaN;
}

/** Copies a block from `old` at `from` to `r` at `to`, giving it capacity `cap` (≥ its old one). */
function copyBlock(old: number[], from: number, r: number[], to: number, type: number, cap: number): void {
  const size = DESC_SIZE[type]!;
  const stride = STRIDE[type]!;
  const oldCap = old[from + CAP]!;
  for (let k = 0; k < size; k++) r[to + k] = old[from + k]!;
  r[to + CAP] = cap;
  const src = from + size;
  const dst = to + size;
  if (cap === oldCap) {
    for (let k = 0; k < oldCap * stride; k++) r[dst + k] = old[src + k]!;
  } else if (type === TQ || type === RING) {
    // Unroll the ring so that it starts at 0 in the larger buffer.
    const head = old[from + HEAD]!;
    for (let k = 0; k < old[from + SIZE_Q]!; k++) {
      const e = src + ((head + k) % oldCap) * stride;
      for (let j = 0; j < stride; j++) r[dst + k * stride + j] = old[e + j]!;
    }
    r[to + HEAD] = 0;
  } else {
    // Value windows are four columns of `cap` entries: each column moves to its new offset.
    const used = old[from + SIZE_V]!;
    for (let col = 0; col < 4; col++) for (let k = 0; k < used; k++) r[dst + col * cap + k] = old[src + col * oldCap + k]!;
  }
}
