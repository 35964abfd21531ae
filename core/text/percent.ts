/** Percent-decoding shared by the parsers (logged user agents) and the content signatures (paths, queries). */

export function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/** Tolerant percent-decoding: bad escapes stay as they are; bytes ≥ 0x80 map to Latin-1 (enough for matching). */
export function percentDecode(s: string, plusIsSpace: boolean): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37 /* % */ && i + 2 < s.length) {
      const h = hexVal(s.charCodeAt(i + 1));
      const l = hexVal(s.charCodeAt(i + 2));
      if (h >= 0 && l >= 0) {
        out += s.slice(from, i) + String.fromCharCode(h * 16 + l);
        i += 2;
        from = i + 1;
      }
    } else if (plusIsSpace && c === 43 /* + */) {
      out += s.slice(from, i) + ' ';
      from = i + 1;
    }
  }
  return from === 0 ? s : out + s.slice(from);
}
