import { emptyEvent } from '../events/event';
import type { ParseErrorCode } from '../events/parse-error';
import { peerAddress } from './addr';
import { findClfBracket, parseClfTime } from './clf-time';
import { classifyUnparsed, isBlank, unparsedMessage } from './line-class';
import type { LineParser, ParseSink } from './parser';
import { absoluteTarget, fillRequestLine } from './request-line';
import { quote, reject, type ParserOptions } from './sink-util';

/**
 * HAProxy's HTTP log (`option httplog`, and `httpslog`, which appends TLS fields after the request), usually
 * through syslog:
 *
 *     [syslog header] haproxy[pid]: client:port [accept date] frontend backend/server TR/Tw/Tc/Tr/Ta status
 *       bytes req_cookie res_cookie term_state ac/fc/bc/sc/rc sq/bq [{req headers}] [{res headers}] "request"
 *
 * The accept date has milliseconds and no zone: it is HAProxy's local time, read as UTC (as the other
 * zone-less formats are). Latency is the last timer (Ta, or Tt before 1.9; -1 when the client aborted).
 * An HTTP/2 request is logged with an absolute URI: its authority becomes the host, not an open-proxy hit.
 * Captured request headers have no names in the log; the first value shaped like `product/version` is taken
 * for the user agent (the header most configurations capture), the others are ignored. TCP-mode lines
 * (three timers, no request) and HAProxy's own messages ("Proxy x started.") are not requests: ignored.
 */
export class HaproxyParser implements LineParser {
  readonly format = 'haproxy' as const;
  private readonly source: number;
  /** Captured header blocks repeat (one per client and agent): each is looked at once. */
  private readonly agents = new Map<string, string>();

  constructor(opts: ParserOptions = {}) {
    this.source = opts.source ?? 0;
  }

  line(text: string, lineNo: number, offset: number, sink: ParseSink): void {
    if (text.length === 0) return sink.ignored(lineNo, 'blank');
    if (text.charCodeAt(0) === 35 /* # */) return sink.ignored(lineNo, 'comment');
    const b = findClfBracket(text);
    if (b < 0) {
      if (isBlank(text)) return sink.ignored(lineNo, 'blank');
      if (HAPROXY_TAG.test(text)) return sink.ignored(lineNo, 'not-an-event');
      const code = classifyUnparsed(text);
      return this.fail(sink, code, unparsedMessage(code, 'no [accept date] field'), text, lineNo, offset);
    }
    const close = text.indexOf(']', b + 2);
    const time = close > 0 ? parseClfTime(text, b + 2, close) : NaN;
    if (Number.isNaN(time)) {
      const raw = text.slice(b + 2, close > 0 ? close : b + 40);
      return this.fail(sink, 'bad-timestamp', `accept date ${quote(raw)} is not dd/Mon/yyyy:HH:MM:SS.mmm`, text, lineNo, offset);
    }

    // `] frontend backend/server timers status bytes req_cookie res_cookie term_state conns queues`; a TCP-mode
    // line (`Tw/Tc/Tt bytes term_state …`: no status, no request) has fewer fields and three timers.
    const f = fields(text, close + 2, 10) ?? fields(text, close + 2, 3);
    const timers = f === null ? '' : text.slice(f[2]!, f[3]! - 1);
    let slashes = 0;
    for (let i = 0; i < timers.length; i++) if (timers.charCodeAt(i) === 47) slashes++;
    if (slashes === 2) return sink.ignored(lineNo, 'not-an-event');
    if (slashes !== 4) return this.fail(sink, 'missing-field', `timers ${quote(timers)} are not TR/Tw/Tc/Tr/Ta`, text, lineNo, offset);
    if (f === null || f.length < 11) return this.fail(sink, 'missing-field', 'fewer fields after the accept date than HAProxy writes', text, lineNo, offset);

    const status = parseSigned(text, f[3]!, f[4]! - 1);
    if (status === null || status > 999 || (status < 100 && status !== -1)) {
      return this.fail(sink, 'bad-status', `status ${quote(text.slice(f[3]!, f[4]! - 1))} is not a 3-digit number`, text, lineNo, offset);
    }
    const bytes = parseSigned(text, f[4]!, f[5]! - 1);
    if (bytes === null) {
      return this.fail(sink, 'bad-number', `bytes ${quote(text.slice(f[4]!, f[5]! - 1))} is not a number`, text, lineNo, offset);
    }

    const e = emptyEvent();
    e.time = time;
    e.line = lineNo;
    e.offset = offset;
    e.source = this.source;
    e.client = clientOf(text, b);
    e.status = status < 0 ? 0 : status;
    e.bytes = bytes < 0 ? -1 : bytes;
    const total = Number(timers.slice(timers.lastIndexOf('/') + 1));
    e.latencyMs = total >= 0 ? total : -1;
    if (e.client === '') return this.fail(sink, 'missing-field', 'no client address before the accept date', text, lineNo, offset);

    // After `sq/bq`: optional `{captured request headers}` and `{captured response headers}`, then the request.
    let p = f[10]!;
    if (text.charCodeAt(p) === 123 /* { */) {
      const end = text.indexOf('}', p);
      if (end < 0) return this.fail(sink, 'missing-field', 'unterminated {captured headers}', text, lineNo, offset);
      e.userAgent = this.userAgentOf(text.slice(p + 1, end));
      p = end + 2;
      if (text.charCodeAt(p) === 123) {
        const end2 = text.indexOf('}', p);
        if (end2 < 0) return this.fail(sink, 'missing-field', 'unterminated {captured headers}', text, lineNo, offset);
        p = end2 + 2;
      }
    }
    if (text.charCodeAt(p) !== 34 /* " */) {
      return this.fail(sink, 'bad-request-line', 'no quoted request after the connection counters', text, lineNo, offset);
    }
    // HAProxy escapes '"' inside the request (as #22), so the next quote closes it; a long request is cut
    // without one.
    let q = text.indexOf('"', p + 1);
    if (q < 0) q = text.length;
    fillRequestLine(e, text, p + 1, q);
    absoluteTarget(e);
    sink.event(e);
  }

  end(_sink: ParseSink): void {}

  private userAgentOf(captured: string): string {
    let ua = this.agents.get(captured);
    if (ua === undefined) {
      ua = userAgentOf(captured);
      if (this.agents.size >= 4096) this.agents.clear();
      this.agents.set(captured, ua);
    }
    return ua;
  }

  private fail(sink: ParseSink, code: ParseErrorCode, msg: string, text: string, line: number, off: number): void {
    reject(sink, code, msg, text, line, off, this.source);
  }
}

/** `haproxy[123]:` or `haproxy:` near the start: one of HAProxy's own messages. */
const HAPROXY_TAG = /^.{0,80}?\bhaproxy(?:\[\d+\])?: /;

/**
 * Start offsets of `count` space-separated fields from `from`, plus the offset after the last one (so field
 * i runs from out[i] to out[i + 1] - 1); null if the line ends first.
 */
function fields(text: string, from: number, count: number): number[] | null {
  const out = [from];
  let p = from;
  for (let i = 0; i < count - 1; i++) {
    const sp = text.indexOf(' ', p);
    if (sp < 0) return null;
    p = sp + 1;
    out.push(p);
  }
  const sp = text.indexOf(' ', p);
  out.push(sp < 0 ? text.length + 1 : sp + 1);
  return out;
}

/** An integer with an optional sign or HAProxy's '+' (a value logged before it was final); null if not one. */
function parseSigned(s: string, start: number, end: number): number | null {
  let i = start;
  let sign = 1;
  const c = s.charCodeAt(i);
  if (c === 43 /* + */) i++;
  else if (c === 45 /* - */) {
    sign = -1;
    i++;
  }
  if (i >= end || end - i > 15) return null;
  let v = 0;
  for (; i < end; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    v = v * 10 + d;
  }
  return sign * v;
}

/** The `client:port` token before the accept date, as an address. */
function clientOf(text: string, b: number): string {
  return peerAddress(text.slice(text.lastIndexOf(' ', b - 1) + 1, b));
}

/** The captured value that looks like a user agent (`Mozilla/5.0 …`, `curl/8.4.0`), '' if none. */
function userAgentOf(captured: string): string {
  for (const v of captured.split('|')) if (/^[A-Za-z][\w.+-]*\/[\w.]/.test(v)) return v;
  return '';
}
