/**
 * One CSV field, RFC 4180 quoted when it must be. A string a spreadsheet would evaluate as a formula
 * (starting with = + - @, a tab or a carriage return) gets a leading apostrophe: every field here comes from
 * log lines an attacker wrote (a client key from X-Forwarded-For, a path, a user agent), and analysts open
 * exports in spreadsheets. Numbers are written as they are.
 */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV line (without its line break). */
export function csvLine(fields: readonly unknown[]): string {
  return fields.map(csvField).join(',');
}
