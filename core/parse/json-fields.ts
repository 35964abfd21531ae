import type { AccessEvent } from '../events/event';
import { parseClfTime } from './clf-time';
import { epochToMs, parseIsoTime } from './iso-time';

export type LatencyUnit = 'ns' | 'us' | 'ms' | 's';

/**
 * Which JSON keys hold each event field. A value is a key or a list of keys tried in order; a dotted key
 * (`http.request.method`) walks nested objects. A field given here replaces that field's defaults.
 */
export interface JsonFieldMap {
  time?: string | string[];
  /** X-Forwarded-For style list; its first hop wins over `client` when present. */
  forwardedFor?: string | string[];
  client?: string | string[];
  method?: string | string[];
  path?: string | string[];
  /** A full URL or a path with query; fills path, query and (if empty) host. */
  url?: string | string[];
  /** A whole request line, `GET /x HTTP/1.1`. */
  request?: string | string[];
  query?: string | string[];
  protocol?: string | string[];
  status?: string | string[];
  bytes?: string | string[];
  latency?: string | string[];
  /** Unit of a bare latency number. Default: from the key name (`*_ms`, nginx `request_time` in s, …), else ms. */
  latencyUnit?: LatencyUnit;
  userAgent?: string | string[];
  referer?: string | string[];
  host?: string | string[];
  user?: string | string[];
  api?: string | string[];
  apiVersion?: string | string[];
  application?: string | string[];
  keyType?: string | string[];
  errorCode?: string | string[];
}

type FieldName = Exclude<keyof JsonFieldMap, 'latencyUnit'>;

export const DEFAULT_JSON_FIELDS: Record<FieldName, string[]> = {
  time: ['time', 'timestamp', '@timestamp', 'start_time', 'startTime', 'ts', 'time_iso8601', 'time_local', 'datetime', 'date', 'requestTimestamp', 'StartUTC', 'StartLocal', 'started_at', 'requestTimeEpoch', 'requestTime'],
  forwardedFor: ['x_forwarded_for', 'x-forwarded-for', 'http_x_forwarded_for', 'X-Forwarded-For', 'xff', 'forwarded_for', 'request_X-Forwarded-For'],
  client: ['client_ip', 'clientip', 'clientIP', 'client', 'remote_addr', 'remote_ip', 'remoteIP', 'remote_address', 'ip', 'src_ip', 'source_ip', 'sourceIP', 'userIp', 'downstream_remote_address', 'ClientHost', 'ClientAddr', 'client.ip', 'source.ip', 'client.address', 'request.client_ip', 'request.remote_ip'],
  method: ['method', 'request_method', 'http_method', 'httpMethod', 'verb', 'apiMethod', 'RequestMethod', 'http.request.method', 'http.method', 'request.method'],
  path: ['path', 'uri', 'request_uri', 'x-envoy-origin-path', 'request_path', 'RequestPath', 'url.path', 'resource', 'endpoint', 'request.uri', 'resourcePath'],
  url: ['url', 'request_url', 'url.original', 'http.url'],
  request: ['request', 'request_line'],
  query: ['query', 'query_string', 'querystring', 'args', 'url.query'],
  protocol: ['protocol', 'server_protocol', 'http_version', 'RequestProtocol', 'http.version', 'request.proto'],
  status: ['status', 'status_code', 'statusCode', 'response_code', 'http_status', 'response_status', 'proxyResponseCode', 'DownstreamStatus', 'OriginStatus', 'http.response.status_code', 'response.status'],
  bytes: ['bytes', 'bytes_sent', 'body_bytes_sent', 'bytes_out', 'response_size', 'responseSize', 'response_bytes', 'size', 'DownstreamContentSize', 'http.response.body.bytes', 'response.size', 'responseLength'],
  latency: ['latency_ms', 'duration_ms', 'response_time_ms', 'latency', 'duration', 'request_time', 'response_time', 'responseLatency', 'elapsed', 'took', 'Duration', 'upstream_response_time', 'event.duration', 'latencies.request'],
  userAgent: ['user_agent', 'user-agent', 'http_user_agent', 'userAgent', 'useragent', 'agent', 'ua', 'request_User-Agent', 'user_agent.original', 'http.user_agent', 'request.headers.User-Agent', 'request.headers.user-agent'],
  referer: ['referer', 'referrer', 'http_referer', 'http_referrer', 'request_Referer', 'http.request.referrer', 'request.headers.Referer', 'request.headers.referer'],
  host: ['host', 'http_host', ':authority', 'authority', 'server_name', 'vhost', 'virtual_host', 'RequestHost', 'url.domain', 'request.host', 'request.headers.host'],
  user: ['user', 'remote_user', 'username', 'userName', 'user.name', 'consumer', 'consumer.username', 'user_id'],
  api: ['api', 'apiName', 'api_name', 'service.name'],
  apiVersion: ['apiVersion', 'api_version'],
  application: ['application', 'applicationName', 'application_name', 'app_name'],
  keyType: ['keyType', 'key_type'],
  errorCode: ['errorCode', 'error_code'],
};

const FIELD_NAMES = Object.keys(DEFAULT_JSON_FIELDS) as FieldName[];
const FIELD_INDEX = Object.fromEntries(FIELD_NAMES.map((f, i) => [f, i])) as Record<FieldName, number>;
const NONE = 0x7fffffff;

type Obj = Record<string, unknown>;

/** Where a candidate key puts its value: which field, at which priority, under which nested path. */
interface Slot {
  field: number;
  rank: number;
  key: string;
  /** Segments after the first, for a dotted key read through nested objects. */
  rest: string[];
}

/**
 * Reads the fields of one record at a time. Rather than probing every candidate key of every field (a
 * hundred lookups, most of them misses), it walks the record's own keys once and looks each up in an
 * index of candidate keys; the candidate ranked first for a field wins.
 */
export class JsonFields {
  private readonly flat = new Map<string, Slot[]>();
  private readonly nested = new Map<string, Slot[]>();
  private readonly values: unknown[] = new Array(FIELD_NAMES.length).fill(undefined);
  private readonly ranks = new Int32Array(FIELD_NAMES.length);
  private readonly keys: string[] = new Array(FIELD_NAMES.length).fill('');
  readonly latencyUnit: LatencyUnit | undefined;

  constructor(map: JsonFieldMap = {}) {
    FIELD_NAMES.forEach((f, field) => {
      const v = map[f];
      const list = v === undefined ? DEFAULT_JSON_FIELDS[f] : Array.isArray(v) ? v : [v];
      list.forEach((key, rank) => {
        add(this.flat, key, { field, rank, key, rest: [] });
        const parts = key.split('.');
        if (parts.length > 1) add(this.nested, parts[0], { field, rank, key, rest: parts.slice(1) });
      });
    });
    this.latencyUnit = map.latencyUnit;
  }

  /** Takes the fields of record `o`; get/str then answer for it. */
  load(o: Obj): void {
    this.ranks.fill(NONE);
    for (const k in o) {
      const v = o[k];
      const slots = this.flat.get(k);
      if (slots !== undefined && present(v)) for (const s of slots) this.offer(s, v);
      else if (slots !== undefined && Array.isArray(v) && present(v[0])) for (const s of slots) this.offer(s, v[0]);
      if (v !== null && typeof v === 'object') {
        const deep = this.nested.get(k);
        if (deep !== undefined) {
          for (const s of deep) {
            let cur: unknown = v;
            for (const part of s.rest) cur = cur !== null && typeof cur === 'object' ? (cur as Obj)[part] : undefined;
            // Header values may be lists (Caddy: "User-Agent": ["curl/8.4.0"]): the first one counts.
            if (Array.isArray(cur)) cur = cur[0];
            if (present(cur)) this.offer(s, cur);
          }
        }
      }
    }
  }

  /** The scalar value of `field` in the loaded record; '-', '', null and objects count as absent. */
  get(field: FieldName): unknown {
    const i = FIELD_INDEX[field];
    return this.ranks[i] === NONE ? undefined : this.values[i];
  }

  /** The key `field` was read from in the loaded record ('' if absent), e.g. for latency units. */
  keyOf(field: FieldName): string {
    const i = FIELD_INDEX[field];
    return this.ranks[i] === NONE ? '' : this.keys[i];
  }

  str(field: FieldName): string {
    const v = this.get(field);
    return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
  }

  private offer(s: Slot, v: unknown): void {
    if (s.rank < this.ranks[s.field]) {
      this.ranks[s.field] = s.rank;
      this.values[s.field] = v;
      this.keys[s.field] = s.key;
    }
  }
}

function add(m: Map<string, Slot[]>, key: string, slot: Slot): void {
  const list = m.get(key);
  if (list) list.push(slot);
  else m.set(key, [slot]);
}

/** A usable scalar: objects are skipped so that `user_agent.original` is found past `user_agent: {…}`. */
function present(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '' && v !== '-' && typeof v !== 'object';
}

/** A JSON time value: epoch number (s/ms/µs/ns by magnitude), ISO-8601, CLF `%t`, or a numeric string. */
export function jsonTime(v: unknown): number {
  if (typeof v === 'number') return epochToMs(v);
  if (typeof v !== 'string') return NaN;
  let t = parseIsoTime(v);
  if (!Number.isNaN(t)) return t;
  if (/^\d+(\.\d+)?$/.test(v)) return epochToMs(Number(v));
  const s = v.charCodeAt(0) === 91 ? v.slice(1, v.indexOf(']') > 0 ? v.indexOf(']') : v.length) : v;
  t = parseClfTime(s, 0, s.length);
  if (!Number.isNaN(t)) return t;
  t = Date.parse(v);
  return Number.isNaN(t) ? NaN : t;
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const SECONDS_KEYS = new Set(['request_time', 'response_time', 'upstream_response_time']);
const NANOS_KEYS = new Set(['Duration', 'event.duration']);

const unitCache = new Map<string, LatencyUnit>();

/** Unit a bare latency number is in, by its key name. */
function unitOfKey(key: string): LatencyUnit {
  let u = unitCache.get(key);
  if (u === undefined) {
    u = unitOfKeyName(key);
    if (unitCache.size < 256) unitCache.set(key, u);
  }
  return u;
}

function unitOfKeyName(key: string): LatencyUnit {
  if (SECONDS_KEYS.has(key)) return 's';
  if (NANOS_KEYS.has(key)) return 'ns';
  const k = key.toLowerCase();
  if (/(_|^)(ms|millis)$|ms$/.test(k)) return 'ms';
  if (/(_us|_micros)$/.test(k)) return 'us';
  if (/(_ns|_nanos)$/.test(k)) return 'ns';
  if (/(_s|_sec|_secs|_seconds)$/.test(k)) return 's';
  return 'ms';
}

/** Latency in ms from a number or a string such as `0.123`, `12ms`, `1.5s`, `300µs`; -1 if unreadable. */
export function latencyMs(v: unknown, key: string, unit: LatencyUnit | undefined): number {
  let n: number;
  let u: LatencyUnit | 'm' | 'h' | 'µs' = unit ?? unitOfKey(key);
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|m|h)?\s*$/.exec(v);
    if (!m) return -1;
    n = Number(m[1]);
    if (m[2]) u = m[2] as typeof u;
  } else return -1;
  if (!Number.isFinite(n) || n < 0) return -1;
  return Math.round(n * UNIT_MS[u] * 1000) / 1000;
}

/** Integer from a number or numeric string; `dflt` otherwise. */
export function jsonInt(v: unknown, dflt: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) ? Math.trunc(n) : dflt;
}

/** Splits a URL or path-with-query into path, query and (when empty) host. */
export function setUrl(e: AccessEvent, url: string): void {
  let start = 0;
  const scheme = url.indexOf('://');
  if (scheme > 0 && scheme < 10) {
    const slash = url.indexOf('/', scheme + 3);
    if (e.host === '') e.host = url.slice(scheme + 3, slash < 0 ? url.length : slash);
    if (slash < 0) {
      e.path = '/';
      return;
    }
    start = slash;
  }
  const q = url.indexOf('?', start);
  e.path = url.slice(start, q < 0 ? url.length : q);
  if (q >= 0 && e.query === '') e.query = url.slice(q + 1);
}
