import { emptyEvent, type AccessEvent } from '../events/event';
import type { ParseErrorCode } from '../events/parse-error';
import { fieldOrEmpty, firstHop, stripPort } from './addr';
import { findClfBracket, parseClfTime } from './clf-time';
import { classifyUnparsed, isBlank, unparsedMessage } from './line-class';
import type { LineParser, ParseSink } from './parser';
import { fillRequestLine } from './request-line';
import { quote, reject, type ParserOptions } from './sink-util';

export interface CombinedOptions extends ParserOptions {
  /**
   * Take the client from a third quoted field after the user agent, as nginx's stock `main` format writes
   * `"$http_x_forwarded_for"` there (first hop). Off by default: any client can send that header, so
   * trusting it lets an attacker pick the address it is blamed under. Turn it on behind a proxy.
   */
  trustForwardedFor?: boolean;
}

/**
 * nginx / Apache access logs in `combined` or `common` layout, one request per line:
 *
 *     [syslog prefix] [vhost[:port]] client ident user [time] "request" status bytes ["referer" "ua" [extra…]]
 *
 * The prefix is read right to left from the `[time]` bracket, so a syslog header (`Sep 15 16:13:46 host
 * nginx[2869]: `), an Apache `%v`/`%v:%p` vhost and nginx's missing ident all fit one rule. The request
 * runs to the first unescaped `" ddd` (quote, status), which also copes with Apache 1.3's unescaped quotes
 * inside requests. `-` in user, referer and user agent becomes ''; values are kept as logged (Apache's `\"`
 * and nginx's `\x22` escapes are not undone). A request line that is not `METHOD target [HTTP/x]` is kept
 * as an event with method '' and the raw text in `path` (see fillRequestLine). Server error-log lines
 * become 'error-log-line' errors; lines starting with '#' are comments.
 */
export class CombinedParser implements LineParser {
  readonly format = 'combined' as const;
  private readonly source: number;
  private readonly trustXff: boolean;

  constructor(opts: CombinedOptions = {}) {
    this.source = opts.source ?? 0;
    this.trustXff = opts.trustForwardedFor ?? false;
  }

  line(text: string, lineNo: number, offset: number, sink: ParseSink): void {
    const n = text.length;
    if (n === 0) return sink.ignored(lineNo, 'blank');
    if (text.charCodeAt(0) === 35 /* # */) return sink.ignored(lineNo, 'comment');

    const b = findClfBracket(text);
    if (b < 0) {
      if (isBlank(text)) return sink.ignored(lineNo, 'blank');
      const code = classifyUnparsed(text);
      return this.fail(sink, code, unparsedMessage(code, 'no [time] field'), text, lineNo, offset);
    }
    // ` [dd/Mon/yyyy:HH:MM:SS ±zzzz]`: the usual layout is checked in place before searching.
    const sign = text.charCodeAt(b + 23);
    const close =
      text.charCodeAt(b + 28) === 93 && text.charCodeAt(b + 22) === 32 && (sign === 43 || sign === 45)
        ? b + 28
        : text.indexOf(']', b + 2);
    const time = close > 0 ? parseClfTime(text, b + 2, close) : NaN;
    if (Number.isNaN(time)) {
      const code = classifyUnparsed(text);
      if (code === 'error-log-line') return this.fail(sink, code, unparsedMessage(code, ''), text, lineNo, offset);
      const raw = close > 0 ? text.slice(b + 2, close) : text.slice(b + 2, b + 40);
      return this.fail(sink, 'bad-timestamp', `time ${quote(raw)} is not dd/Mon/yyyy:HH:MM:SS ±zzzz`, text, lineNo, offset);
    }

    const e = emptyEvent();
    e.time = time;
    e.line = lineNo;
    e.offset = offset;
    e.source = this.source;
    if (!readPrefix(e, text, b)) {
      return this.fail(sink, 'missing-field', 'no client address before [time]', text, lineNo, offset);
    }

    // The request opens at `] "`; a fail2ban fixture puts a vhost between them.
    let reqStart = close + 2;
    if (text.charCodeAt(close + 1) !== 32) reqStart = -1;
    else if (text.charCodeAt(reqStart) !== 34) {
      const sp = text.indexOf(' ', reqStart);
      if (sp > 0 && text.charCodeAt(sp + 1) === 34 && e.host === '') {
        e.host = stripPort(text.slice(reqStart, sp));
        reqStart = sp + 2;
      } else reqStart = -1;
    } else reqStart++;
    if (reqStart < 0) {
      return this.fail(sink, 'bad-request-line', 'no quoted request after [time]', text, lineNo, offset);
    }

    const reqEnd = findRequestEnd(text, reqStart);
    if (reqEnd < 0) return this.failStatus(sink, text, reqStart, lineNo, offset);
    fillRequestLine(e, text, reqStart, reqEnd);
    const st = reqEnd + 2;
    e.status =
      (text.charCodeAt(st) - 48) * 100 + (text.charCodeAt(st + 1) - 48) * 10 + (text.charCodeAt(st + 2) - 48);

    let p = st + 3;
    if (p < n && text.charCodeAt(p) === 32 && p + 1 < n && text.charCodeAt(p + 1) !== 34) {
      let sp = text.indexOf(' ', p + 1);
      if (sp < 0) sp = n;
      const bytes = parseBytes(text, p + 1, sp);
      if (bytes === -2) {
        return this.fail(sink, 'bad-number', `bytes ${quote(text.slice(p + 1, sp))} is not a number`, text, lineNo, offset);
      }
      e.bytes = bytes;
      p = sp;
    }
    if (p + 1 < n && text.charCodeAt(p + 1) === 34) p = this.readQuoted(e, text, p + 2);
    sink.event(e);
  }

  end(_sink: ParseSink): void {}

  /** Referer, user agent and (optionally) the forwarded-for field, each `"…"` with `\"` escapes. */
  private readQuoted(e: AccessEvent, text: string, from: number): number {
    const n = text.length;
    let q = closingQuote(text, from);
    e.referer = fieldOrEmpty(text, from, q < 0 ? n : q);
    if (q < 0 || text.charCodeAt(q + 1) !== 32 || text.charCodeAt(q + 2) !== 34) return n;
    const uaStart = q + 3;
    q = closingQuote(text, uaStart);
    // A line cut short inside the user agent still yields the event.
    e.userAgent = fieldOrEmpty(text, uaStart, q < 0 ? n : q);
    if (q < 0) return n;
    if (this.trustXff && text.charCodeAt(q + 1) === 32 && text.charCodeAt(q + 2) === 34) {
      const xq = closingQuote(text, q + 3);
      const hop = firstHop(text.slice(q + 3, xq < 0 ? n : xq));
      if (hop !== '') e.client = hop;
    }
    return q + 1;
  }

  private failStatus(sink: ParseSink, text: string, reqStart: number, lineNo: number, offset: number): void {
    const q = text.indexOf('" ', reqStart);
    if (q < 0) {
      return text.charCodeAt(text.length - 1) === 34 && text.length > reqStart
        ? this.fail(sink, 'missing-field', 'no status after the request', text, lineNo, offset)
        : this.fail(sink, 'bad-request-line', 'unterminated request', text, lineNo, offset);
    }
    let sp = text.indexOf(' ', q + 2);
    if (sp < 0) sp = text.length;
    this.fail(sink, 'bad-status', `status ${quote(text.slice(q + 2, sp))} is not a 3-digit number`, text, lineNo, offset);
  }

  private fail(sink: ParseSink, code: ParseErrorCode, msg: string, text: string, line: number, off: number): void {
    reject(sink, code, msg, text, line, off, this.source);
  }
}

/**
 * Reads `[…] [vhost] client ident user` from the space before `[time]` (b). Returns false when there is
 * no client at all.
 */
function readPrefix(e: AccessEvent, text: string, b: number): boolean {
  // The common case, `client ident user`, by forward scans (lastIndexOf is far slower than indexOf in V8).
  const s1 = text.indexOf(' ');
  if (
    s1 === b - 4 && s1 > 0 &&
    text.charCodeAt(b - 1) === 45 && text.charCodeAt(b - 2) === 32 && text.charCodeAt(b - 3) === 45
  ) {
    // `client - - [time]`, by far the most frequent.
    e.client = text.slice(0, s1);
    return true;
  }
  if (s1 > 0 && s1 < b) {
    const s2 = text.indexOf(' ', s1 + 1);
    if (s2 === b) {
      // nginx without ident: `client user [time]`.
      e.client = text.slice(0, s1);
      e.user = fieldOrEmpty(text, s1 + 1, b);
      return true;
    }
    if (s2 > s1 && text.indexOf(' ', s2 + 1) === b) {
      e.client = text.slice(0, s1);
      e.user = fieldOrEmpty(text, s2 + 1, b);
      return true;
    }
  }
  return readPrefixBackwards(e, text, b);
}

/** Any other prefix: syslog header, vhost, extra fields; read right to left. */
function readPrefixBackwards(e: AccessEvent, text: string, b: number): boolean {
  if (b === 0) return false;
  const sU = text.lastIndexOf(' ', b - 1);
  if (sU < 0) {
    e.client = text.slice(0, b);
    return true;
  }
  e.user = fieldOrEmpty(text, sU + 1, b);
  const sI = sU > 0 ? text.lastIndexOf(' ', sU - 1) : -1;
  if (sI < 0) {
    e.client = text.slice(0, sU);
    return e.client !== '';
  }
  const sC = sI > 0 ? text.lastIndexOf(' ', sI - 1) : -1;
  let client = text.slice(sC + 1, sI);
  if (sC > 0) {
    let vhost = text.slice(text.lastIndexOf(' ', sC - 1) + 1, sC);
    if (client === '-' && vhost !== '') {
      // `client - - - [time]` (an extra dash field, seen in fail2ban fixtures).
      client = vhost;
      vhost = '';
    }
    // A syslog tag (`nginx[2869]:`, `nginx:`) is not a vhost.
    if (vhost !== '' && vhost !== '-' && vhost.charCodeAt(vhost.length - 1) !== 58 && !vhost.includes('[')) {
      e.host = stripPort(vhost);
    }
  }
  e.client = client;
  return client !== '';
}

/** Index of the quote closing the request: the first unescaped `" ddd` followed by a space or the end. */
function findRequestEnd(text: string, from: number): number {
  const n = text.length;
  let q = text.indexOf('" ', from);
  while (q >= 0) {
    const c1 = text.charCodeAt(q + 2) - 48;
    const c2 = text.charCodeAt(q + 3) - 48;
    const c3 = text.charCodeAt(q + 4) - 48;
    if (
      c1 >= 0 && c1 <= 9 && c2 >= 0 && c2 <= 9 && c3 >= 0 && c3 <= 9 &&
      (q + 5 === n || text.charCodeAt(q + 5) === 32) &&
      !escaped(text, q)
    ) {
      return q;
    }
    q = text.indexOf('" ', q + 1);
  }
  return -1;
}

/** True if the quote at q is escaped by an odd run of backslashes. */
function escaped(text: string, q: number): boolean {
  let k = q - 1;
  while (k >= 0 && text.charCodeAt(k) === 92) k--;
  return ((q - 1 - k) & 1) === 1;
}

/** Index of the `"` closing a quoted field that starts at `from` (a `\"` inside does not close it); -1 if none. */
export function closingQuote(text: string, from: number): number {
  let q = text.indexOf('"', from);
  while (q > 0 && text.charCodeAt(q - 1) === 92 && escaped(text, q)) q = text.indexOf('"', q + 1);
  return q;
}

/** Byte count s[start..end): digits → value, '-' → -1, anything else → -2. */
function parseBytes(s: string, start: number, end: number): number {
  if (end - start === 1 && s.charCodeAt(start) === 45) return -1;
  if (end <= start || end - start > 15) return -2;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -2;
    v = v * 10 + c;
  }
  return v;
}
