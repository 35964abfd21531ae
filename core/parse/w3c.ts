import { emptyEvent } from '../events/event';
import type { ParseErrorCode } from '../events/parse-error';
import { percentDecode } from '../text/percent';
import { dashToEmpty, stripPort } from './addr';
import { parseIsoTime } from './iso-time';
import { classifyUnparsed, unparsedMessage } from './line-class';
import type { LineParser, ParseSink } from './parser';
import { quote, reject, type ParserOptions } from './sink-util';

/** IIS's default W3C field set: what a file resumed past its `#Fields:` header is read with. */
const IIS_DEFAULT_FIELDS =
  'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken';

/** Column of each field an event is made of (-1: not logged). */
interface Columns {
  count: number;
  date: number;
  time: number;
  client: number;
  forwardedFor: number;
  method: number;
  path: number;
  query: number;
  protocol: number;
  status: number;
  bytes: number;
  latency: number;
  userAgent: number;
  referer: number;
  user: number;
  host: number;
  /** CloudFront: `time-taken` in seconds (IIS: ms) and percent-encoded header values (IIS: '+' for spaces). */
  cloudFront: boolean;
}

function columnsOf(fieldList: string): Columns {
  const names = fieldList.trim().split(/\s+/).map((n) => n.toLowerCase());
  const at = (...candidates: string[]) => {
    for (const c of candidates) {
      const i = names.indexOf(c);
      if (i >= 0) return i;
    }
    return -1;
  };
  return {
    count: names.length,
    date: at('date'),
    time: at('time'),
    client: at('c-ip'),
    forwardedFor: at('x-forwarded-for', 'cs(x-forwarded-for)'),
    method: at('cs-method'),
    path: at('cs-uri-stem'),
    query: at('cs-uri-query'),
    protocol: at('cs-version', 'cs-protocol-version'),
    status: at('sc-status'),
    bytes: at('sc-bytes'),
    latency: at('time-taken'),
    userAgent: at('cs(user-agent)'),
    referer: at('cs(referer)'),
    user: at('cs-username'),
    // CloudFront: x-host-header is the name the viewer asked for, cs(Host) the distribution's own domain.
    host: at('x-host-header', 'cs-host', 'cs(host)'),
    cloudFront: names.some((n) => n.startsWith('x-edge-')),
  };
}

export interface W3cOptions extends ParserOptions {
  /** Take the client from an `X-Forwarded-For` column when one is logged (first hop). Off by default: see combined. */
  trustForwardedFor?: boolean;
}

/**
 * The W3C extended log format as IIS and Amazon CloudFront write it: `#Fields:` names the columns, data lines
 * are space-separated (IIS) or tab-separated (CloudFront), `-` is an empty value, date and time are UTC. IIS
 * writes '+' for the spaces of a user agent, CloudFront percent-encodes header values: both are undone.
 * `time-taken` is ms in IIS and seconds in CloudFront (told apart by CloudFront's `x-edge-*` columns). Lines
 * before any `#Fields:` line are read with IIS's default field set (the engine primes a parser resuming
 * mid-file with the file's head: see FileReader.prime). Other `#` directives are comments.
 */
export class W3cParser implements LineParser {
  readonly format = 'w3c' as const;
  private readonly source: number;
  private readonly trustXff: boolean;
  private cols: Columns = columnsOf(IIS_DEFAULT_FIELDS);

  constructor(opts: W3cOptions = {}) {
    this.source = opts.source ?? 0;
    this.trustXff = opts.trustForwardedFor ?? false;
  }

  line(text: string, lineNo: number, offset: number, sink: ParseSink): void {
    if (text.length === 0 || text.trim() === '') return sink.ignored(lineNo, 'blank');
    if (text.charCodeAt(0) === 35 /* # */) {
      if (!text.startsWith('#Fields:')) return sink.ignored(lineNo, 'comment');
      this.cols = columnsOf(text.slice(8));
      return sink.ignored(lineNo, 'header');
    }
    const c = this.cols;
    const v = text.indexOf('\t') >= 0 ? text.split('\t') : text.split(' ');
    if (v.length !== c.count) {
      const code = classifyUnparsed(text);
      if (code !== 'unrecognized') return this.fail(sink, code, unparsedMessage(code, ''), text, lineNo, offset);
      return this.fail(sink, 'missing-field', `${v.length} fields where #Fields names ${c.count}`, text, lineNo, offset);
    }
    const field = (i: number) => (i < 0 ? '' : dashToEmpty(v[i]!));
    const time = timeOf(field(c.date), field(c.time));
    if (Number.isNaN(time)) {
      return this.fail(sink, 'bad-timestamp', `date and time ${quote(`${field(c.date)} ${field(c.time)}`)} are not yyyy-mm-dd HH:MM:SS`, text, lineNo, offset);
    }
    const e = emptyEvent();
    e.time = time;
    e.line = lineNo;
    e.offset = offset;
    e.source = this.source;
    const xff = this.trustXff ? field(c.forwardedFor).split(',')[0]!.trim() : '';
    e.client = stripPort(xff !== '' ? xff : field(c.client));
    e.method = field(c.method).toUpperCase();
    e.path = field(c.path);
    e.query = field(c.query);
    e.protocol = field(c.protocol);
    e.host = stripPort(field(c.host));
    e.user = field(c.user);
    const status = field(c.status);
    if (status !== '') {
      e.status = status.length === 3 ? Number(status) : NaN;
      if (!(e.status >= 100)) return this.fail(sink, 'bad-status', `status ${quote(status)} is not a 3-digit number`, text, lineNo, offset);
    }
    const bytes = field(c.bytes);
    const b = bytes === '' ? NaN : Number(bytes);
    e.bytes = Number.isInteger(b) && b >= 0 ? b : -1;
    const taken = Number(field(c.latency));
    if (field(c.latency) !== '' && taken >= 0) e.latencyMs = c.cloudFront ? Math.round(taken * 1_000_000) / 1000 : taken;
    e.userAgent = headerValue(field(c.userAgent), c.cloudFront);
    e.referer = headerValue(field(c.referer), c.cloudFront);
    if (e.client === '' && e.method === '' && e.path === '') {
      return this.fail(sink, 'missing-field', 'no client, method or path column', text, lineNo, offset);
    }
    sink.event(e);
  }

  end(_sink: ParseSink): void {}

  private fail(sink: ParseSink, code: ParseErrorCode, msg: string, text: string, line: number, off: number): void {
    reject(sink, code, msg, text, line, off, this.source);
  }
}

/** `2024-06-03` and `14:05:09` (or `14:05:09.123`), UTC; NaN when either is malformed. */
function timeOf(date: string, time: string): number {
  if (date.length !== 10 || time.length < 8 || time.charCodeAt(2) !== 58) return NaN;
  return parseIsoTime(`${date} ${time}`);
}

/** IIS writes a header value's spaces as '+'; CloudFront percent-encodes it (twice, for the user agent). */
function headerValue(v: string, cloudFront: boolean): string {
  if (!cloudFront) return v.indexOf('+') < 0 ? v : v.replace(/\+/g, ' ');
  let out = percentDecode(v, false);
  if (out.indexOf('%') >= 0) out = percentDecode(out, false);
  return out;
}

