/**
 * The REFERENCE templater the detector's one-pass scan (core/detect/path-scan.ts) is checked against: the
 * same rules written plainly, segment by segment (test/detect/path-scan.test.ts). Not used by the product.
 *
 * Path templating: `/users/123/orders/9f1c…` → `/users/{id}/orders/{uuid}`.
 *
 * Scan and enumeration rules count ENDPOINTS, not raw URLs, so a client reading fifty different users is one
 * endpoint, not fifty. This runs for every distinct raw path (results are cached by the caller), so it is a
 * single pass over the characters with no regex and no allocation when nothing needs replacing.
 */

export interface Templated {
  template: string;
  /** Raw text of the last placeholder segment ('' when the path has none): the "object id" for enumeration. */
  lastId: string;
}

const C_0 = 48;
const C_9 = 57;

/** Segment classes returned by classify(); 0 keeps the segment as is. */
const KEEP = 0;
const ID = 1;
const UUID = 2;
const HASH = 3;
const TOKEN = 4;
const PLACEHOLDERS = ['', '{id}', '{uuid}', '{hash}', '{token}'];

function isHex(c: number): boolean {
  return (c >= C_0 && c <= C_9) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** Classifies path[start, end) as an identifier kind, or KEEP. */
function classify(path: string, start: number, end: number): number {
  const len = end - start;
  if (len === 0) return KEEP;
  let digits = 0;
  let hex = 0;
  let letters = 0;
  let tokenChars = 0;
  let dashes = 0;
  for (let i = start; i < end; i++) {
    const c = path.charCodeAt(i);
    if (c >= C_0 && c <= C_9) {
      digits++;
      hex++;
      tokenChars++;
    } else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) {
      letters++;
      tokenChars++;
      if (isHex(c)) hex++;
    } else if (c === 45 /* - */) {
      dashes++;
      tokenChars++;
    } else if (c === 95 /* _ */ || c === 61 /* = */ || c === 126 /* ~ */) {
      tokenChars++;
    } else {
      return KEEP; // dots, percent signs, etc.: a file name or an encoded string, not an opaque id
    }
  }
  if (digits === len) return ID;
  if (len === 36 && dashes === 4 && hex === 32 && isUuidShape(path, start)) return UUID;
  if (hex === len && len >= 16 && digits > 0) return HASH;
  // Long opaque tokens (API keys, base64url ids) mix letters and digits; plain words and slugs have few digits.
  if (tokenChars === len && len >= 20 && digits >= 2 && letters >= 2 && dashes <= len / 4) return TOKEN;
  // Short mixed ids such as "a1b2c3d4" (≥8 hex chars with digits) are hashes/ids, not words.
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

/** Templates a path and reports the last id-like segment. Pure; callers cache it per raw path. */
export function templatePathWithId(path: string): Templated {
  const n = path.length;
  // Fast path: no digit anywhere means no id, uuid, hash or token segment is possible.
  let hasDigit = false;
  for (let i = 0; i < n; i++) {
    const c = path.charCodeAt(i);
    if (c >= C_0 && c <= C_9) {
      hasDigit = true;
      break;
    }
  }
  if (!hasDigit) return { template: path, lastId: '' };

  let out = '';
  let copied = 0; // path[0, copied) has been appended to out
  let lastId = '';
  let start = 0;
  for (let i = 0; i <= n; i++) {
    if (i < n && path.charCodeAt(i) !== 47 /* / */) continue;
    if (i > start) {
      let end = i;
      let kind = classify(path, start, end);
      // "123.json" style: an id followed by a short extension keeps the extension.
      if (kind === KEEP) {
        const dot = path.lastIndexOf('.', end - 1);
        if (dot > start && end - dot <= 6) {
          const k = classify(path, start, dot);
          if (k === ID || k === UUID || k === HASH) {
            kind = k;
            end = dot;
          }
        }
      }
      if (kind !== KEEP) {
        out += path.slice(copied, start) + PLACEHOLDERS[kind];
        copied = end;
        lastId = path.slice(start, end);
      }
    }
    start = i + 1;
  }
  if (copied === 0) return { template: path, lastId: '' };
  out += path.slice(copied);
  return { template: out, lastId };
}

/** `/users/123` → `/users/{id}`. */
export function templatePath(path: string): string {
  return templatePathWithId(path).template;
}
