import { emptyEvent, type AccessEvent } from '../events/event';
import { parseIsoTime } from './iso-time';
import { isBlank } from './line-class';
import type { LineParser, ParseSink } from './parser';
import { quote, reject, type ParserOptions } from './sink-util';

const MARK = 'apimMetrics:';

type Json = Record<string, unknown>;

/**
 * `apim_metrics.log` (API-M 4.x ELK analytics):
 * `08:23:34,898 [-] [PassThroughMessageProcessor-188]  INFO ELKCounterMetric apimMetrics: apim:response, properties :{…}`.
 * The log4j time has no date, so `requestTimestamp` (ISO-8601 UTC, request-in time) is the event time.
 * `apim:response` carries `userIp`; `apim:faulty` does not (4.2+), so those events have client '' until
 * joined with the gateway access log (see wso2-join.ts). Faults with a 9009xx code (errorType AUTH) are
 * kind 'auth-failure'. 'UNKNOWN' placeholders (auth faults) become ''. Other lines are 'not-an-event'.
 */
export class Wso2MetricsParser implements LineParser {
  readonly format = 'wso2-metrics' as const;
  private readonly source: number;

  constructor(opts: ParserOptions = {}) {
    this.source = opts.source ?? 0;
  }

  line(text: string, lineNo: number, offset: number, sink: ParseSink): void {
    const k = text.indexOf(MARK);
    if (k < 0) return sink.ignored(lineNo, isBlank(text) ? 'blank' : 'not-an-event');
    const comma = text.indexOf(',', k);
    const name = text.slice(k + MARK.length, comma < 0 ? text.length : comma).trim();
    if (name !== 'apim:response' && name !== 'apim:faulty') return sink.ignored(lineNo, 'not-an-event');
    const brace = comma < 0 ? -1 : text.indexOf('{', comma);
    let props: unknown;
    try {
      props = brace < 0 ? undefined : JSON.parse(text.slice(brace));
    } catch {
      props = undefined;
    }
    if (props === null || typeof props !== 'object' || Array.isArray(props)) {
      return reject(sink, 'bad-json', `${name} properties are not a JSON object`, text, lineNo, offset, this.source);
    }
    const p = props as Json;
    const ts = p.requestTimestamp;
    if (typeof ts !== 'string') {
      return reject(sink, 'missing-field', `${name} without requestTimestamp`, text, lineNo, offset, this.source);
    }
    const time = parseIsoTime(ts);
    if (Number.isNaN(time)) {
      return reject(sink, 'bad-timestamp', `requestTimestamp ${quote(ts)} is not ISO-8601`, text, lineNo, offset, this.source);
    }
    const e = metricsEvent(p, time);
    e.line = lineNo;
    e.offset = offset;
    e.source = this.source;
    sink.event(e);
  }

  end(_sink: ParseSink): void {}
}

/** Maps one analytics event (response or fault) onto an AccessEvent. */
export function metricsEvent(p: Json, time: number): AccessEvent {
  const inner = (typeof p.properties === 'object' && p.properties !== null ? p.properties : {}) as Json;
  const e = emptyEvent();
  e.time = time;
  e.client = str(p.userIp);
  e.method = str(p.apiMethod).toUpperCase();
  const context = str(p.apiContext) || str(inner.apiContext);
  const template = str(p.apiResourceTemplate);
  e.path = template && !template.startsWith(context + '/') ? joinPath(context, template) : template || context;
  e.status = int(p.proxyResponseCode, 0);
  e.bytes = int(inner.responseSize ?? p.responseSize, -1);
  e.latencyMs = int(p.responseLatency, -1);
  e.userAgent = str(p.userAgent);
  e.api = str(p.apiName);
  e.apiVersion = str(p.apiVersion);
  e.application = str(p.applicationName);
  e.user = str(p.userName) || str(inner.userName);
  e.keyType = str(p.keyType);
  e.errorCode = int(p.errorCode, 0);
  if (p.errorType === 'AUTH' || (e.errorCode >= 900900 && e.errorCode <= 900999)) e.kind = 'auth-failure';
  return e;
}

function joinPath(a: string, b: string): string {
  if (a === '') return b;
  return a.endsWith('/') || b.startsWith('/') ? (a.endsWith('/') && b.startsWith('/') ? a + b.slice(1) : a + b) : `${a}/${b}`;
}

function str(v: unknown): string {
  if (typeof v !== 'string') return typeof v === 'number' ? String(v) : '';
  return v === 'UNKNOWN' || v === 'null' ? '' : v;
}

function int(v: unknown, dflt: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? Math.trunc(n) : dflt;
}
