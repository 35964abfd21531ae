/**
 * Splits one CSV record (RFC 4180: fields may be quoted, `""` is a quote inside a quoted field). Returns
 * null when a quoted field is not closed. Records spanning lines are not supported: a line is a record.
 */
export function splitCsvLine(s: string, sep = 44): string[] | null {
  const out: string[] = [];
  const n = s.length;
  let i = 0;
  for (;;) {
    if (s.charCodeAt(i) === 34) {
      let v = '';
      let from = i + 1;
      for (;;) {
        const q = s.indexOf('"', from);
        if (q < 0) return null;
        if (s.charCodeAt(q + 1) === 34) {
          v += s.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        v += s.slice(from, q);
        i = q + 1;
        break;
      }
      // Anything between the closing quote and the separator is kept, as lenient readers do.
      const c = s.indexOf(String.fromCharCode(sep), i);
      if (c < 0) {
        out.push(v + s.slice(i));
        return out;
      }
      out.push(v + s.slice(i, c));
      i = c + 1;
    } else {
      const c = s.indexOf(String.fromCharCode(sep), i);
      if (c < 0) {
        out.push(s.slice(i));
        return out;
      }
      out.push(s.slice(i, c));
      i = c + 1;
    }
    if (i > n) return out;
  }
}
