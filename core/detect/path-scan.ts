/**
 * One pass over a raw path that yields everything the rules need without allocating: the hash and length of
 * its TEMPLATE (the rules written plainly in test/detect/path-template-reference.ts, which the tests check
 * this against; the template string is only built when the template is new), the replaced id segments (which, with the template, identify the raw path in
 * distinct-value windows), and the last id segment's numeric value.
 *
 * Why not cache per raw path: id-rich APIs have millions of distinct raw paths, so a raw-path cache mostly
 * misses, and even when it hits, a lookup in a 100k-entry Map costs more than this scan.
 */

/** Segment kinds. */
const KEEP = 0;
const ID = 1;
const UUID = 2;
const HASH = 3;
const TOKEN = 4;
const PLACEHOLDERS = ['', '{id}', '{uuid}', '{hash}', '{token}'];

const FNV_SEED = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
const B_SEED = 0x6a09e667 | 0;
const B_PRIME = 0x5bd1e995;

/** Results of scanPath, overwritten by every call. */
export class PathScan {
  /** FNV-1a (32-bit) of the template's characters. */
  tmplHash = 0;
  tmplLen = 0;
  /** Replaced segments as (start, end, kind) triples; `end` excludes a kept extension ("123.json"). */
  reps = new Int32Array(48);
  nReps = 0;
  /** Numeric value of the last replaced segment when it is a plain number of ≤15 digits, else NaN. */
  idNum = NaN;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** 53-bit identity of a string (queries in the cache-bypass window): exact in a double, collisions ~2^-53. */
export function hashText(s: string): number {
  let a = FNV_SEED;
  let b = B_SEED;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, FNV_PRIME);
    b = Math.imul(b ^ c, B_PRIME);
    b ^= b >>> 15;
  }
  return fmix(a) * 2097152 + (fmix(b ^ n) >>> 11);
}

function feed(h: number, s: string, from: number, to: number): number {
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** A segment's kind from its character counts (any other character means KEEP). */
function kindOf(path: string, start: number, len: number, digits: number, hex: number, letters: number, dashes: number): number {
  if (digits === len) return ID;
  if (len === 36 && dashes === 4 && hex === 32 && isUuidShape(path, start)) return UUID;
  if (hex === len && len >= 16 && digits > 0) return HASH;
  if (len >= 20 && digits >= 2 && letters >= 2 && dashes <= len / 4) return TOKEN;
  if (hex === len && len >= 8 && digits >= 2 && letters > 0) return HASH;
  return KEEP;
}

function isUuidShape(path: string, start: number): boolean {
  return (
    path.charCodeAt(start + 8) === 45 &&
    path.charCodeAt(start + 13) === 45 &&
    path.charCodeAt(start + 18) === 45 &&
    path.charCodeAt(start + 23) === 45
  );
}

/**
 * Character classes for the segment counters, one table load per character instead of a chain of range
 * tests (the branches mispredict on every change between letters and digits).
 */
const C_DIGIT = 1;
const C_HEX = 2;
const C_LETTER = 4;
const C_DASH = 8;
/** Not an id character: a file name or an encoded string (dots, percent signs …). */
const C_BAD = 16;
const C_DOT = 32;
const C_SLASH = 64;
const CLASS = new Uint8Array(128).fill(C_BAD);
for (let c = 48; c <= 57; c++) CLASS[c] = C_DIGIT | C_HEX;
for (let c = 97; c <= 122; c++) CLASS[c] = C_LETTER | (c <= 102 ? C_HEX : 0);
for (let c = 65; c <= 90; c++) CLASS[c] = C_LETTER | (c <= 70 ? C_HEX : 0);
CLASS[45] = C_DASH;
CLASS[95] = CLASS[61] = CLASS[126] = 0; // _ = ~: token characters
CLASS[46] = C_BAD | C_DOT;
CLASS[47] = C_SLASH;

export function scanPath(path: string, s: PathScan): void {
  const n = path.length;
  let th = FNV_SEED; // template hash
  let thSeg = th; // template hash before the current segment
  let tlen = n;
  let nReps = 0;
  let idNum = NaN;
  let sawDigit = false;
  // Current segment: character counts and the running number; the same as of its last '.' (for "123.json").
  let start = 0;
  let digits = 0;
  let hex = 0;
  let letters = 0;
  let dashes = 0;
  let bad = 0;
  let val = 0;
  let dot = -1;
  let dDigits = 0;
  let dHex = 0;
  let dLetters = 0;
  let dDashes = 0;
  let dBad = 0;
  let dVal = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? path.charCodeAt(i) : 47;
    const k = c < 128 ? CLASS[c]! : C_BAD;
    if (k < C_DOT) {
      th = Math.imul(th ^ c, FNV_PRIME);
      digits += k & C_DIGIT;
      hex += (k >> 1) & 1;
      letters += (k >> 2) & 1;
      dashes += (k >> 3) & 1;
      bad |= k & C_BAD;
      val = val * 10 + (c - 48); // meaningful only while every character is a digit
      continue;
    }
    if (k === (C_BAD | C_DOT)) {
      th = Math.imul(th ^ c, FNV_PRIME);
      dot = i;
      dDigits = digits;
      dHex = hex;
      dLetters = letters;
      dDashes = dashes;
      dBad = bad;
      dVal = val;
      bad = C_BAD;
      continue;
    }
    // '/' or the end: classify the segment [start, i).
    if (i > start) {
      if (digits > 0) sawDigit = true;
      let kind = bad !== 0 ? KEEP : kindOf(path, start, i - start, digits, hex, letters, dashes);
      let end = i;
      let v = val;
      if (kind === KEEP && dot > start && i - dot <= 6 && dBad === 0) {
        const kk = kindOf(path, start, dot - start, dDigits, dHex, dLetters, dDashes);
        if (kk === ID || kk === UUID || kk === HASH) {
          kind = kk;
          end = dot;
          v = dVal;
        }
      }
      if (kind !== KEEP) {
        addRep(s, nReps++, start, end, kind);
        const ph = PLACEHOLDERS[kind]!;
        th = feed(feed(thSeg, ph, 0, ph.length), path, end, i);
        tlen += ph.length - (end - start);
        idNum = kind === ID && end - start <= 15 ? v : NaN;
      }
    }
    if (i < n) th = Math.imul(th ^ 47, FNV_PRIME);
    thSeg = th;
    start = i + 1;
    digits = hex = letters = dashes = bad = val = 0;
    dot = -1;
  }
  if (nReps > 0 && !sawDigit) {
    // A path without any digit is left untouched (even a digit-less uuid segment).
    nReps = 0;
    th = feed(FNV_SEED, path, 0, n);
    tlen = n;
    idNum = NaN;
  }
  s.tmplHash = th;
  s.tmplLen = tlen;
  s.nReps = nReps;
  s.idNum = idNum;
}

function addRep(s: PathScan, r: number, start: number, end: number, kind: number): void {
  let reps = s.reps;
  if (r * 3 + 3 > reps.length) {
    reps = new Int32Array(reps.length * 2);
    reps.set(s.reps);
    s.reps = reps;
  }
  reps[r * 3] = start;
  reps[r * 3 + 1] = end;
  reps[r * 3 + 2] = kind;
}

/**
 * Identity of the scanned raw path in distinct-value windows, given its interned template. A path without
 * replaced segments IS its template, so the template id identifies it exactly. Otherwise the template and
 * the replaced segments (positions and text) determine the path: those are hashed, and only the id
 * characters are read again. Hashes are 52-bit (collisions ~2^-52) and offset past any template id.
 */
export function pathIdentity(path: string, s: PathScan, templateId: number): number {
  if (s.nReps === 0) return templateId;
  let a = FNV_SEED ^ templateId;
  let b = Math.imul(B_SEED ^ templateId, B_PRIME);
  for (let r = 0; r < s.nReps; r++) {
    const start = s.reps[r * 3]!;
    const end = s.reps[r * 3 + 1]!;
    a = Math.imul(a ^ start, FNV_PRIME);
    b = Math.imul(b ^ start, B_PRIME);
    for (let i = start; i < end; i++) {
      const c = path.charCodeAt(i);
      a = Math.imul(a ^ c, FNV_PRIME);
      b = Math.imul(b ^ c, B_PRIME);
      b ^= b >>> 15;
    }
  }
  return 2147483648 + fmix(a) * 1048576 + (fmix(b) >>> 12);
}

/** The template string of the last scanned path (built only for a template not seen before). */
export function buildTemplate(path: string, s: PathScan): string {
  if (s.nReps === 0) return path;
  let out = '';
  let copied = 0;
  for (let r = 0; r < s.nReps; r++) {
    out += path.slice(copied, s.reps[r * 3]!) + PLACEHOLDERS[s.reps[r * 3 + 2]!]!;
    copied = s.reps[r * 3 + 1]!;
  }
  return out + path.slice(copied);
}

/** Whether `template` is the template of the last scanned path (exact: guards the hash table). */
export function isTemplateOf(template: string, path: string, s: PathScan): boolean {
  if (template.length !== s.tmplLen) return false;
  if (s.nReps === 0) return template === path;
  let ti = 0;
  let pi = 0;
  for (let r = 0; r < s.nReps; r++) {
    const st = s.reps[r * 3]!;
    for (; pi < st; pi++, ti++) if (template.charCodeAt(ti) !== path.charCodeAt(pi)) return false;
    const ph = PLACEHOLDERS[s.reps[r * 3 + 2]!]!;
    for (let j = 0; j < ph.length; j++, ti++) if (template.charCodeAt(ti) !== ph.charCodeAt(j)) return false;
    pi = s.reps[r * 3 + 1]!;
  }
  for (; pi < path.length; pi++, ti++) if (template.charCodeAt(ti) !== path.charCodeAt(pi)) return false;
  return true;
}
