import { emptyEvent } from '../events/event';
import type { ParseErrorCode } from '../events/parse-error';
import { dashToEmpty, peerAddress } from './addr';
import { parseIsoTime } from './iso-time';
import { closingQuote } from './combined';
import { classifyUnparsed, isBlank, unparsedMessage } from './line-class';
import type { LineParser, ParseSink } from './parser';
import { absoluteTarget, fillRequestLine } from './request-line';
import { quote, reject, type ParserOptions } from './sink-util';

/** Connection types an Application Load Balancer writes first on a line. */
const TYPES = new Set(['http', 'https', 'h2', 'grpcs', 'ws', 'wss']);

/**
 * AWS Application Load Balancer access logs, one request per line, space-separated with some fields quoted:
 *
 *     type time elb client:port target:port request_processing_time target_processing_time
 *       response_processing_time elb_status_code target_status_code received_bytes sent_bytes "request"
 *       "user_agent" ssl_cipher ssl_protocol target_group_arn "trace_id" "domain_name" … (more fields)
 *
 * The time is the request's `request_creation_time` (when the client asked; the line's own time, when the
 * balancer answered, is used only when that field is missing): a slow answer must not move a client's
 * request later than its next ones, or windows would count a burst as spread out. The status is the balancer's (what the client got;
 * a 502/503/504 the balancer made itself is an answer too). Latency is the sum of the three processing times
 * (-1 when one is -1: the request never reached a target or the client left). The request line carries an
 * absolute URL: its host becomes the event's host, its path and query the event's; `domain_name` (the TLS SNI)
 * is the host when the URL has none.
 */
export class AwsAlbParser implements LineParser {
  readonly format = 'aws-alb' as const;
  private readonly source: number;
  private readonly t = new Tokens();

  constructor(opts: ParserOptions = {}) {
    this.source = opts.source ?? 0;
  }

  line(text: string, lineNo: number, offset: number, sink: ParseSink): void {
    if (text.length === 0) return sink.ignored(lineNo, 'blank');
    if (text.charCodeAt(0) === 35 /* # */) return sink.ignored(lineNo, 'comment');
    const t = this.t;
    t.reset(text);
    const type = t.next();
    if (type === null || !TYPES.has(type)) {
      if (isBlank(text)) return sink.ignored(lineNo, 'blank');
      const code = classifyUnparsed(text);
      return this.fail(sink, code, unparsedMessage(code, 'not an ALB entry (no http/https/h2/ws type first)'), text, lineNo, offset);
    }
    const stamp = t.next() ?? '';
    // Read only when request_creation_time is missing (below), but a line whose own time is not a time is no ALB entry.
    const c0 = stamp.charCodeAt(0) - 48;
    if (stamp.length < 20 || c0 < 0 || c0 > 9 || stamp.charCodeAt(4) !== 45) {
      return this.fail(sink, 'bad-timestamp', `time ${quote(stamp)} is not ISO-8601`, text, lineNo, offset);
    }
    const f: string[] = [];
    for (let i = 0; i < 12; i++) {
      const v = t.next();
      if (v === null) return this.fail(sink, 'missing-field', `${f.length + 2} fields where an ALB entry has at least 14`, text, lineNo, offset);
      f.push(v);
    }
    // f: elb, client:port, target:port, 3 processing times, elb status, target status, received, sent, request, user agent
    const e = emptyEvent();
    e.line = lineNo;
    e.offset = offset;
    e.source = this.source;
    // The port is always written, and an IPv6 client comes without brackets: the last field is the port.
    e.client = dashToEmpty(peerAddress(f[1]!));
    const status = f[6] === '-' ? 0 : Number(f[6]);
    if (!Number.isInteger(status) || status < 0 || status > 999) {
      return this.fail(sink, 'bad-status', `status ${quote(f[6]!)} is not a 3-digit number`, text, lineNo, offset);
    }
    e.status = status;
    const sent = Number(f[9]);
    if (f[9] !== '-' && !Number.isInteger(sent)) return this.fail(sink, 'bad-number', `sent bytes ${quote(f[9]!)} is not a number`, text, lineNo, offset);
    e.bytes = f[9] === '-' ? -1 : sent;
    e.latencyMs = latencyOf(f[3]!, f[4]!, f[5]!);
    const request = f[10]!;
    // `- - -` (a request the balancer could not parse) leaves method and path empty: the status still counts.
    if (request.trim() !== '- - -') fillRequestLine(e, request, 0, request.length);
    absoluteTarget(e);
    e.userAgent = dashToEmpty(f[11]!);
    // ssl_cipher ssl_protocol target_group_arn "trace_id" "domain_name" "chosen_cert_arn" matched_rule_priority request_creation_time
    for (let i = 0; i < 4; i++) t.next();
    const domain = t.next();
    if (e.host === '') e.host = dashToEmpty(domain ?? '');
    t.next();
    t.next();
    const created = parseIsoTime(t.next() ?? '');
    e.time = Number.isNaN(created) ? parseIsoTime(stamp) : created;
    if (Number.isNaN(e.time)) return this.fail(sink, 'bad-timestamp', `time ${quote(stamp)} is not ISO-8601`, text, lineNo, offset);
    sink.event(e);
  }

  end(_sink: ParseSink): void {}

  private fail(sink: ParseSink, code: ParseErrorCode, msg: string, text: string, line: number, off: number): void {
    reject(sink, code, msg, text, line, off, this.source);
  }
}

/** Space-separated fields, a `"…"` field (with `\"` escapes kept as written) read whole. */
class Tokens {
  private at = 0;
  private s = '';

  reset(s: string): void {
    this.s = s;
    this.at = 0;
  }

  next(): string | null {
    const s = this.s;
    while (s.charCodeAt(this.at) === 32) this.at++;
    if (this.at >= s.length) return null;
    if (s.charCodeAt(this.at) === 34 /* " */) {
      const q = closingQuote(s, this.at + 1);
      const end = q < 0 ? s.length : q;
      const v = s.slice(this.at + 1, end);
      this.at = end + 1;
      return v;
    }
    let sp = s.indexOf(' ', this.at);
    if (sp < 0) sp = s.length;
    const v = s.slice(this.at, sp);
    this.at = sp;
    return v;
  }
}

/** The three processing times (seconds) as one latency in ms; -1 when one is unknown. */
function latencyOf(a: string, b: string, c: string): number {
  const x = secondsInMicros(a);
  const y = secondsInMicros(b);
  const z = secondsInMicros(c);
  if (x < 0 || y < 0 || z < 0) return -1;
  return (x + y + z) / 1000;
}

/** `0.001` (ALB writes up to 6 decimals) as whole microseconds, by hand (Number() is the line's dearest call); -1 if not. */
function secondsInMicros(s: string): number {
  let whole = 0;
  let i = 0;
  const n = s.length;
  for (; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    whole = whole * 10 + d;
  }
  if (i === 0) return -1;
  let frac = 0;
  let scale = 100_000;
  if (i < n) {
    if (s.charCodeAt(i) !== 46 /* . */) return -1;
    for (i++; i < n; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return -1;
      frac += d * scale;
      scale /= 10;
    }
  }
  return whole * 1_000_000 + Math.round(frac);
}
