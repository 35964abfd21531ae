import type { ParseErrorCode } from '../events/parse-error';

// Server error-log layouts that end up interleaved with access logs (shared log files, `2>&1` into one
// stream, container stdout). Only consulted once a line has failed to parse, so regexes are fine here.
const ERROR_LOG_PATTERNS: RegExp[] = [
  // nginx: 2021/12/01 13:53:33 [error] 31#31: *46 …
  /(?:^|\s)\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[(?:emerg|alert|crit|error|warn|notice|info|debug)\] \d+#\d+:/,
  // Apache 2.2 / 2.4: [Thu Oct 13 12:24:49.880562 2022] [auth_basic:error] [pid 10:tid …] [client …]
  /^\[(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d+)? \d{4}\] \[[\w:]*\]/,
  // Apache 2.4 behind syslog: `Feb 15 16:23:00 srv httpd[22034]: [authz_core:error] [pid 22034] …`
  /\[(?:[\w-]*:)?(?:emerg|alert|crit|error|warn|notice|info|debug|trace\d)\] \[(?:pid \d+|client )/,
  // lighttpd: 2011-12-25 17:09:20: (http_auth.c.875) …, also syslog-wrapped
  /^\d{4}-\d\d-\d\d[ T][\d:.]+:? .*?\(?\w+\.c\.\d+\) /,
];

/** A web-server error-log line (nginx, Apache, lighttpd), not an access record. */
export function isErrorLogLine(s: string): boolean {
  const head = s.length > 400 ? s.slice(0, 400) : s;
  for (const re of ERROR_LOG_PATTERNS) if (re.test(head)) return true;
  return false;
}

/** Mostly control characters or NULs: a binary blob or a mis-decoded file, not text. */
export function looksBinary(s: string): boolean {
  const n = Math.min(s.length, 512);
  if (n === 0) return false;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9) || c === 0xfffd) bad++;
  }
  return bad * 4 > n;
}

/** The error code for a line that matched nothing: error-log, binary or plain unrecognized. */
export function classifyUnparsed(s: string): ParseErrorCode {
  if (isErrorLogLine(s)) return 'error-log-line';
  if (looksBinary(s)) return 'binary';
  return 'unrecognized';
}

/** True for an empty or all-whitespace line. */
export function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 12 && c !== 11) return false;
  }
  return true;
}

/** Message for a line classifyUnparsed put in a class; `fallback` for 'unrecognized'. */
export function unparsedMessage(code: ParseErrorCode, fallback: string): string {
  if (code === 'error-log-line') return 'a web-server error-log line, not an access record';
  if (code === 'binary') return 'binary data, not a text log line';
  return fallback;
}
