import { parseZone, utcMs } from './clf-time';

function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k) - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * ISO-8601 / RFC 3339 date-time: `2022-12-15T02:53:34.894Z`, `2022-12-15T02:53Z` (Java drops zero
 * seconds), `2025-12-31T17:40:00.000000100+01:00` (CRI, nanoseconds), `2020-02-23 01:53:55,763` (log4j).
 * A value without a zone is read at `defaultZoneMinutes` east of UTC (0 unless the caller knows better).
 * Returns UTC ms, or NaN.
 */
export function parseIsoTime(s: string, defaultZoneMinutes = 0): number {
  const n = s.length;
  if (n < 16) return NaN;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const sep = s.charCodeAt(10);
  if (y < 0 || mo < 0 || d < 0 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  if (sep !== 84 && sep !== 32 && sep !== 116) return NaN;
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  if (h < 0 || mi < 0 || s.charCodeAt(13) !== 58) return NaN;
  let i = 16;
  let sec = 0;
  let ms = 0;
  if (s.charCodeAt(i) === 58) {
    sec = digits(s, i + 1, 2);
    if (sec < 0) return NaN;
    i += 3;
    const c = s.charCodeAt(i);
    if (c === 46 || c === 44) {
      i++;
      let scale = 100;
      const from = i;
      while (i < n) {
        const v = s.charCodeAt(i) - 48;
        if (!(v >= 0 && v <= 9)) break;
        ms += v * scale;
        scale /= 10;
        i++;
      }
      if (i === from) return NaN;
      ms = Math.floor(ms);
    }
  }
  let zone = defaultZoneMinutes;
  if (i < n) {
    zone = parseZone(s, i, n);
    if (Number.isNaN(zone)) return NaN;
  }
  return utcMs(y, mo, d, h, mi, sec, ms) - zone * 60_000;
}

/** Epoch seconds, ms, µs or ns, told apart by magnitude (10^11 s is the year 5138; 10^11 ms is 1973). */
export function epochToMs(v: number): number {
  if (!Number.isFinite(v) || v < 0) return NaN;
  if (v < 1e11) return Math.round(v * 1000);
  if (v < 1e14) return Math.round(v);
  if (v < 1e17) return Math.round(v / 1000);
  return Math.round(v / 1e6);
}
