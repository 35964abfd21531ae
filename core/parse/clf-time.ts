/**
 * Hand-written parsers for the timestamps access logs use. Date.parse is far too slow for the hot path
 * (about 1 µs a call) and too lenient (it accepts and guesses at malformed input).
 */

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (the days-from-civil formula). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

// Consecutive lines almost always share a date: remember the last one.
let cacheY = -1;
let cacheM = -1;
let cacheD = -1;
let cacheDays = 0;

/** UTC ms of a calendar date and time; NaN if a field is out of range. */
export function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return NaN;
  if (y !== cacheY || mo !== cacheM || d !== cacheD) {
    cacheDays = daysFromCivil(y, mo, d);
    cacheY = y;
    cacheM = mo;
    cacheD = d;
  }
  return cacheDays * DAY_MS + ((h * 60 + mi) * 60 + s) * 1000 + ms;
}

/** Value of the decimal digit at s[i], or -1. */
function dig(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function num2(s: string, i: number): number {
  const a = dig(s, i);
  const b = dig(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** A numeric UTC offset at s[i..end): `+0500`, `-07:00`, `Z`; returns minutes, or NaN. */
export function parseZone(s: string, i: number, end: number): number {
  if (i >= end) return NaN;
  const c = s.charCodeAt(i);
  if (c === 90 /* Z */ || c === 122 /* z */) return i + 1 === end ? 0 : NaN;
  if (c !== 43 && c !== 45) return NaN;
  const hh = num2(s, i + 1);
  let j = i + 3;
  if (s.charCodeAt(j) === 58 /* : */) j++;
  const mm = j + 2 <= end ? num2(s, j) : -1;
  if (hh < 0 || mm < 0 || hh > 23 || mm > 59 || j + 2 !== end) return NaN;
  const off = hh * 60 + mm;
  return c === 45 ? -off : off;
}

/** Month number of a three-letter English abbreviation at s[i..i+3), or -1. */
function monthAt(s: string, i: number): number {
  const a = s.charCodeAt(i);
  const b = s.charCodeAt(i + 1);
  const c = s.charCodeAt(i + 2);
  switch (a) {
    case 74: // J
      return b === 97 ? (c === 110 ? 1 : -1) : b === 117 ? (c === 110 ? 6 : c === 108 ? 7 : -1) : -1;
    case 70: // F
      return b === 101 && c === 98 ? 2 : -1;
    case 77: // M
      return b === 97 ? (c === 114 ? 3 : c === 121 ? 5 : -1) : -1;
    case 65: // A
      return b === 112 && c === 114 ? 4 : b === 117 && c === 103 ? 8 : -1;
    case 83: // S
      return b === 101 && c === 112 ? 9 : -1;
    case 79: // O
      return b === 99 && c === 116 ? 10 : -1;
    case 78: // N
      return b === 111 && c === 118 ? 11 : -1;
    case 68: // D
      return b === 101 && c === 99 ? 12 : -1;
    default:
      return -1;
  }
}

/**
 * Apache/nginx `%t` body between the brackets, s[start..end): `10/Oct/2000:13:55:36 -0700`, with optional
 * milliseconds (`13:55:36.142`, WSO2 4.x) and an optional zone (fail2ban fixtures omit it: read as UTC).
 * Returns UTC ms, or NaN when malformed.
 */
export function parseClfTime(s: string, start: number, end: number): number {
  if (end - start < 20) return NaN;
  // Digits read as (code - 48) and range-checked in one go: `>>> 0` turns a negative into a huge value.
  const d0 = s.charCodeAt(start) - 48;
  const d1 = s.charCodeAt(start + 1) - 48;
  const y0 = s.charCodeAt(start + 7) - 48;
  const y1 = s.charCodeAt(start + 8) - 48;
  const y2 = s.charCodeAt(start + 9) - 48;
  const y3 = s.charCodeAt(start + 10) - 48;
  const h0 = s.charCodeAt(start + 12) - 48;
  const h1 = s.charCodeAt(start + 13) - 48;
  const m0 = s.charCodeAt(start + 15) - 48;
  const m1 = s.charCodeAt(start + 16) - 48;
  const s0 = s.charCodeAt(start + 18) - 48;
  const s1 = s.charCodeAt(start + 19) - 48;
  if (
    (d0 >>> 0) > 9 || (d1 >>> 0) > 9 || (y0 >>> 0) > 9 || (y1 >>> 0) > 9 || (y2 >>> 0) > 9 || (y3 >>> 0) > 9 ||
    (h0 >>> 0) > 9 || (h1 >>> 0) > 9 || (m0 >>> 0) > 9 || (m1 >>> 0) > 9 || (s0 >>> 0) > 9 || (s1 >>> 0) > 9 ||
    s.charCodeAt(start + 2) !== 47 || s.charCodeAt(start + 6) !== 47 || s.charCodeAt(start + 11) !== 58 ||
    s.charCodeAt(start + 14) !== 58 || s.charCodeAt(start + 17) !== 58
  ) {
    return NaN;
  }
  const mo = monthAt(s, start + 3);
  if (mo < 0) return NaN;
  let i = start + 20;
  let ms = 0;
  let c = s.charCodeAt(i);
  if (c === 46 /* . */ || c === 44 /* , */) {
    i++;
    let scale = 100;
    while (i < end) {
      const v = s.charCodeAt(i) - 48;
      if ((v >>> 0) > 9) break;
      ms += v * scale;
      scale /= 10;
      i++;
    }
    ms = Math.floor(ms);
    c = s.charCodeAt(i);
  }
  let zone = 0;
  if (c === 32) {
    i++;
    // The usual ` +0000` / ` -0700`, read in place.
    const z0 = s.charCodeAt(i + 1) - 48;
    const z1 = s.charCodeAt(i + 2) - 48;
    const z2 = s.charCodeAt(i + 3) - 48;
    const z3 = s.charCodeAt(i + 4) - 48;
    const sign = s.charCodeAt(i);
    if (
      i + 5 === end && (sign === 43 || sign === 45) &&
      (z0 >>> 0) <= 2 && (z1 >>> 0) <= 9 && z0 * 10 + z1 <= 23 && (z2 >>> 0) <= 5 && (z3 >>> 0) <= 9
    ) {
      zone = (z0 * 10 + z1) * 60 + z2 * 10 + z3;
      if (sign === 45) zone = -zone;
    } else {
      while (i < end && s.charCodeAt(i) === 32) i++;
      if (i < end) {
        zone = parseZone(s, i, end);
        if (Number.isNaN(zone)) return NaN;
      }
    }
  } else if (i < end) {
    zone = parseZone(s, i, end);
    if (Number.isNaN(zone)) return NaN;
  }
  // No per-minute string cache: comparing cached slices measured slower than these few digit reads.
  return (
    utcMs(y0 * 1000 + y1 * 100 + y2 * 10 + y3, mo, d0 * 10 + d1, h0 * 10 + h1, m0 * 10 + m1, s0 * 10 + s1, ms) -
    zone * 60_000
  );
}

/**
 * Index of the ' [' that opens a `%t` timestamp (`[dd/Mon/…`), skipping other brackets such as a syslog
 * `nginx[123]:` or an error log's `[error]`; -1 if none.
 */
export function findClfBracket(s: string): number {
  let b = s.indexOf(' [');
  while (b >= 0 && s.charCodeAt(b + 4) !== 47) b = s.indexOf(' [', b + 2);
  return b;
}
