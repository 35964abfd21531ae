import { emptyEvent } from '../events/event';
import type { ParseErrorCode } from '../events/parse-error';
import { firstHop, stripPort } from './addr';
import { CombinedParser } from './combined';
import { unwrapCri, unwrapDocker, type Unwrapped } from './container-wrap';
import { jsonInt, JsonFields, jsonTime, latencyMs, setUrl, type JsonFieldMap } from './json-fields';
import { isBlank } from './line-class';
import type { LineParser, ParseSink } from './parser';
import { fillRequestLine } from './request-line';
import { quote, reject, type ParserOptions } from './sink-util';

export interface JsonOptions extends ParserOptions {
  /** Keys to read each field from, replacing the defaults per field (see DEFAULT_JSON_FIELDS). */
  fields?: JsonFieldMap;
  /**
   * Prefer the first X-Forwarded-For hop over the peer address (default true: a JSON log names the field
   * explicitly, and gateways that log it sit behind load balancers). Set false if clients reach the
   * gateway directly, since they can forge the header.
   */
  trustForwardedFor?: boolean;
}

/** Most bytes of a line held while its CRI/docker fragments arrive. */
const MAX_PARTIAL = 1024 * 1024;

type Obj = Record<string, unknown>;

/**
 * JSON Lines access logs: envoy, traefik, nginx `escape=json`, API gateways, with fields found through
 * JsonFieldMap. The line may be wrapped by a container runtime: CRI (`<time> stdout F {…}`) or docker
 * json-file (`{"log":"{…}\n","stream":"stdout","time":…}`); a wrapped line that is not JSON (nginx in a
 * container writing combined lines) is handed to the combined parser. A record needs a time (its own, or
 * the wrapper's) and at least one of method, path and status. Fragments of a split line are ignored as
 * 'paired' and the whole line is parsed on its last fragment.
 */
export class JsonParser implements LineParser {
  readonly format = 'json' as const;
  private readonly source: number;
  private readonly fields: JsonFields;
  private readonly trustXff: boolean;
  private readonly plain: CombinedParser;
  private partial = '';
  private partialOverflow = false;

  constructor(opts: JsonOptions = {}) {
    this.source = opts.source ?? 0;
    this.fields = new JsonFields(opts.fields);
    this.trustXff = opts.trustForwardedFor ?? true;
    this.plain = new CombinedParser({ source: this.source });
  }

  line(text: string, lineNo: number, offset: number, sink: ParseSink): void {
    let i = 0;
    while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
    if (i === text.length) return sink.ignored(lineNo, 'blank');
    if (text.charCodeAt(i) === 123 /* { */) {
      const o = parseObject(text);
      if (!o) return this.fail(sink, 'bad-json', 'not a valid JSON object', text, lineNo, offset);
      const d = unwrapDocker(o);
      if (d) return this.inner(d, text, lineNo, offset, sink);
      return this.record(o, NaN, text, lineNo, offset, sink);
    }
    const c = unwrapCri(text);
    if (c) return this.inner(c, text, lineNo, offset, sink);
    this.fail(sink, 'bad-json', 'not a JSON object', text, lineNo, offset);
  }

  end(_sink: ParseSink): void {
    this.partial = '';
    this.partialOverflow = false;
  }

  private inner(u: Unwrapped, text: string, lineNo: number, offset: number, sink: ParseSink): void {
    if (u.partial) {
      if (this.partial.length + u.inner.length > MAX_PARTIAL) this.partialOverflow = true;
      else this.partial += u.inner;
      return sink.ignored(lineNo, 'paired');
    }
    const whole = this.partial === '' ? u.inner : this.partial + u.inner;
    const overflow = this.partialOverflow;
    this.partial = '';
    this.partialOverflow = false;
    if (overflow) return this.fail(sink, 'line-too-long', `fragments exceed ${MAX_PARTIAL} bytes`, text, lineNo, offset);
    if (isBlank(whole)) return sink.ignored(lineNo, 'blank');
    if (whole.trimStart().charCodeAt(0) !== 123) return this.plain.line(whole, lineNo, offset, sink);
    const o = parseObject(whole);
    if (!o) return this.fail(sink, 'bad-json', 'wrapped line is not a valid JSON object', text, lineNo, offset);
    this.record(o, u.time, text, lineNo, offset, sink);
  }

  private record(o: Obj, fallbackTime: number, text: string, lineNo: number, offset: number, sink: ParseSink): void {
    const f = this.fields;
    f.load(o);
    const tv = f.get('time');
    const time = tv === undefined ? fallbackTime : jsonTime(tv);
    if (Number.isNaN(time)) {
      return tv === undefined
        ? this.fail(sink, 'missing-field', 'no time field', text, lineNo, offset)
        : this.fail(sink, 'bad-timestamp', `time ${quote(String(tv))} is not ISO-8601, epoch or %t`, text, lineNo, offset);
    }
    const e = emptyEvent();
    e.time = time;
    e.line = lineNo;
    e.offset = offset;
    e.source = this.source;
    const xff = this.trustXff ? firstHop(f.str('forwardedFor')) : '';
    e.client = xff !== '' ? xff : stripPort(f.str('client'));

    e.host = stripPort(f.str('host'));
    const req = f.str('request');
    if (req.indexOf(' ') > 0) fillRequestLine(e, req, 0, req.length);
    const method = f.str('method');
    if (method !== '') e.method = method.toUpperCase();
    const path = f.str('path') || (e.path === '' ? f.str('url') || req : '');
    if (path !== '') {
      e.path = '';
      setUrl(e, path);
    }
    const query = f.str('query');
    if (query !== '') e.query = query.charCodeAt(0) === 63 ? query.slice(1) : query;
    const protocol = f.str('protocol');
    if (protocol !== '') e.protocol = protocol;

    const sv = f.get('status');
    if (sv !== undefined) {
      e.status = jsonInt(sv, -1);
      if (e.status < 0 || e.status > 999) {
        return this.fail(sink, 'bad-status', `status ${quote(String(sv))} is not an HTTP status`, text, lineNo, offset);
      }
    }
    e.bytes = jsonInt(f.get('bytes'), -1);
    const lv = f.get('latency');
    if (lv !== undefined) {
      const key = f.keyOf('latency');
      // Caddy's access log writes `duration` in seconds (envoy's is in ms): its logger name tells them apart.
      const unit = f.latencyUnit ?? (key === 'duration' && isCaddyAccess(o) ? 's' : undefined);
      e.latencyMs = latencyMs(lv, key, unit);
    }
    e.userAgent = f.str('userAgent');
    e.referer = f.str('referer');
    e.user = f.str('user');
    e.api = f.str('api');
    e.apiVersion = f.str('apiVersion');
    e.application = f.str('application');
    e.keyType = f.str('keyType');
    e.errorCode = jsonInt(f.get('errorCode'), 0);
    if (e.method === '' && e.path === '' && e.status === 0) {
      return this.fail(sink, 'missing-field', 'no method, path or status field', text, lineNo, offset);
    }
    sink.event(e);
  }

  private fail(sink: ParseSink, code: ParseErrorCode, msg: string, text: string, line: number, off: number): void {
    reject(sink, code, msg, text, line, off, this.source);
  }
}

function isCaddyAccess(o: Obj): boolean {
  return typeof o.logger === 'string' && o.logger.startsWith('http.log.access');
}

function parseObject(s: string): Obj | null {
  try {
    const v: unknown = JSON.parse(s);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null;
  } catch {
    return null;
  }
}
