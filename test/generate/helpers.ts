/**
 * Independent readers for the generator's output: small regex parsers written from the formats' documented
 * shapes (not from the generator's code), so the tests check the text itself.
 */
import { generateTraffic, type GenerateOptions, type GenerateSummary } from '@core/generate/index';

export interface Generated {
  lines: string[];
  summary: GenerateSummary;
}

const cache = new Map<string, Generated>();

/** Generates (once per test file) and keeps the lines in memory: fine for test sizes. */
export function generate(options: GenerateOptions): Generated {
  const key = JSON.stringify(options);
  let g = cache.get(key);
  if (!g) {
    const lines: string[] = [];
    // Lines arrive as rope strings; flattening them before keeping 200k of them saves the GC a lot of work.
    const summary = generateTraffic(options, (l) => {
      l.charCodeAt(0);
      lines.push(l);
    });
    cache.set(key, (g = { lines, summary }));
  }
  return g;
}

/** One client request as read back from the log. */
export interface Req {
  ip: string;
  time: number;
  method: string;
  path: string;
  query: string;
  status: number;
  ua: string;
  line: number;
}

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

/** `03/Jun/2024:14:05:09[.123] +0000` → ms epoch. */
export function clfTime(s: string): number {
  const m = /^(\d{2})\/(\w{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))? ([+-])(\d{2})(\d{2})$/.exec(s);
  if (!m) throw new Error(`bad CLF time '${s}'`);
  const off = (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10])) * 60_000;
  return Date.UTC(+m[3]!, MONTHS[m[2]!]!, +m[1]!, +m[4]!, +m[5]!, +m[6]!, m[7] ? +m[7] : 0) - off;
}

export const COMBINED_RE = /^(\S+) - (\S+) \[([^\]]+)\] "(\S+) (\S+) (HTTP\/[\d.]+)" (\d{3}) (\d+) "([^"]*)" "([^"]*)"$/;

/** HAProxy httplog through syslog: ip, port, accept date (no zone: UTC), timers, status, bytes, captured UA, request. */
export const HAPROXY_RE =
  /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ haproxy\[\d+\]: (\S+):(\d+) \[([^\]]+)\] \S+ \S+\/\S+ (-?\d+(?:\/-?\d+){4}) (\d{3}) (\d+) - - ---- [\d/]+ [\d/]+ \{([^}]*)\} "(\S+) (\S+) (HTTP\/[\d.]+)"$/;

/** ALB: type, response time, elb, client:port, …, elb status, …, "METHOD https://host:443/target proto", "ua", … */
export const ALB_RE =
  /^(?:https|h2) (\S+) app\/\S+ (\S+):(\d+) \S+ [\d.]+ -?[\d.]+ -?[\d.]+ (\d{3}) \S+ \d+ \d+ "(\S+) https:\/\/api\.example\.com:443(\S*) (HTTP\/[\d.]+)" "([^"]*)" .* \d (\S+) "(?:forward|fixed-response)" .*$/;

/** IIS W3C default fields: date time s-ip method stem query s-port user c-ip ua referer status substatus win32 taken. */
export const W3C_RE = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) \S+ (\S+) (\S+) (\S+) 443 \S+ (\S+) (\S+) \S+ (\d{3}) 0 0 \d+$/;

/** Synapse default pattern: xff, peer, ident, user, time, request, status, bytes, referer, ua. */
export const WSO2_ACCESS_RE = /^(.*?) (\S+) (\S*) (\S+) \[([^\]]+)\] "([^"]*)" (\S+) (\S+) "([^"]*)" "([^"]*)"$/;

export const METRICS_RE =
  /^(\d{2}):(\d{2}):(\d{2}),(\d{3}) \[-\] \[PassThroughMessageProcessor-\d+\]  INFO ELKCounterMetric apimMetrics: (apim:response|apim:faulty), properties :(\{.*\})$/;

function splitTarget(target: string): [string, string] {
  const q = target.indexOf('?');
  return q < 0 ? [target, ''] : [target.slice(0, q), target.slice(q + 1)];
}

export function readCombined(lines: string[]): Req[] {
  return lines.map((l, i) => {
    const m = COMBINED_RE.exec(l);
    if (!m) throw new Error(`line ${i + 1} is not combined: ${l}`);
    const [path, query] = splitTarget(m[5]!);
    return { ip: m[1]!, time: clfTime(m[3]!), method: m[4]!, path, query, status: +m[7]!, ua: m[10]!, line: i + 1 };
  });
}

export function readHaproxy(lines: string[]): Req[] {
  return lines.map((l, i) => {
    const m = HAPROXY_RE.exec(l);
    if (!m) throw new Error(`line ${i + 1} is not haproxy: ${l}`);
    const [path, query] = splitTarget(m[9]!);
    return { ip: m[1]!, time: clfTime(`${m[3]!} +0000`), method: m[8]!, path, query, status: +m[5]!, ua: m[7]!, line: i + 1 };
  });
}

/** The time of an ALB request is its request_creation_time (the line's own time is when it was answered). */
export function readAlb(lines: string[]): Req[] {
  return lines.map((l, i) => {
    const m = ALB_RE.exec(l);
    if (!m) throw new Error(`line ${i + 1} is not an ALB entry: ${l}`);
    const [path, query] = splitTarget(m[6]!);
    return { ip: m[2]!, time: Date.parse(m[9]!), method: m[5]!, path, query, status: +m[4]!, ua: m[8]!, line: i + 1 };
  });
}

/** IIS data lines (its `#` directives skipped); '+' in the user agent stands for a space. */
export function readW3c(lines: string[]): Req[] {
  const out: Req[] = [];
  lines.forEach((l, i) => {
    if (l.startsWith('#')) return;
    const m = W3C_RE.exec(l);
    if (!m) throw new Error(`line ${i + 1} is not an IIS W3C line: ${l}`);
    const q = m[5] === '-' ? '' : m[5]!;
    out.push({ ip: m[6]!, time: Date.parse(`${m[1]}T${m[2]}Z`), method: m[3]!, path: m[4]!, query: q, status: +m[8]!, ua: m[7]!.replace(/\+/g, ' '), line: i + 1 });
  });
  return out;
}

export interface AccessRead {
  requests: Req[];
  /** Request lines left without a response (only the last line may be one). */
  unanswered: number[];
  backendCalls: number;
}

/** Reads the gateway access log, pairing request and response lines per peer address in arrival order. */
export function readWso2Access(lines: string[]): AccessRead {
  const pending = new Map<string, { req: Req | null; line: number }[]>();
  const requests: Req[] = [];
  let backendCalls = 0;
  lines.forEach((l, i) => {
    const m = WSO2_ACCESS_RE.exec(l);
    if (!m) throw new Error(`line ${i + 1} is not a gateway access line: ${l}`);
    const [xff, peer, , , time, request, status, , , ua] = m.slice(1) as string[];
    const isResponse = request === '- - ';
    if (!isResponse) {
      if (status !== '-') throw new Error(`line ${i + 1}: request line with a status`);
      const sp = request!.split(' ');
      const [path, query] = splitTarget(sp[1]!);
      const backend = ua === 'Synapse-PT-HttpComponents-NIO';
      const client = xff !== '-' ? xff!.split(',')[0]!.trim() : peer!;
      const req: Req | null = backend ? null : { ip: client, time: clfTime(time!), method: sp[0]!, path, query, status: 0, ua: ua!, line: i + 1 };
      let q = pending.get(peer!);
      if (!q) pending.set(peer!, (q = []));
      q.push({ req, line: i + 1 });
    } else {
      if (!/^\d{3}$/.test(status!)) throw new Error(`line ${i + 1}: response without a status`);
      const q = pending.get(peer!);
      const half = q?.shift();
      if (!half) throw new Error(`line ${i + 1}: response with no pending request for ${peer}`);
      if (half.req) {
        half.req.status = +status!;
        requests.push(half.req);
      } else backendCalls++;
    }
  });
  const unanswered: number[] = [];
  for (const q of pending.values()) for (const h of q) unanswered.push(h.line);
  requests.sort((a, b) => a.line - b.line);
  return { requests, unanswered, backendCalls };
}

export interface MetricsEvent {
  name: 'apim:response' | 'apim:faulty';
  props: Record<string, unknown>;
  line: number;
}

const metricsCache = new WeakMap<string[], MetricsEvent[]>();

/** Parses every line (memoized per lines array: the JSON is large). */
export function readMetrics(lines: string[]): MetricsEvent[] {
  const hit = metricsCache.get(lines);
  if (hit) return hit;
  const events = lines.map((l, i) => {
    const m = METRICS_RE.exec(l);
    if (!m) throw new Error(`line ${i + 1} is not an apim_metrics line: ${l}`);
    return { name: m[5] as MetricsEvent['name'], props: JSON.parse(m[6]!) as Record<string, unknown>, line: i + 1 };
  });
  metricsCache.set(lines, events);
  return events;
}

/** Client requests with an IP, whatever the format (metrics: apim:response events only). */
export function readRequests(format: GenerateOptions['format'], lines: string[]): Req[] {
  if (format === 'combined') return readCombined(lines);
  if (format === 'haproxy') return readHaproxy(lines);
  if (format === 'aws-alb') return readAlb(lines);
  if (format === 'w3c') return readW3c(lines);
  if (format === 'wso2-access') return readWso2Access(lines).requests;
  return readMetrics(lines)
    .filter((e) => e.name === 'apim:response')
    .map((e) => ({
      ip: e.props.userIp as string,
      time: Date.parse(e.props.requestTimestamp as string),
      method: e.props.apiMethod as string,
      path: `${e.props.apiContext as string}${e.props.apiResourceTemplate === '/' ? '' : (e.props.apiResourceTemplate as string)}`,
      query: '',
      status: e.props.proxyResponseCode as number,
      ua: e.props.userAgent as string,
      line: e.line,
    }));
}

/** Endpoint template for the checker: digit-only segments become {id}. */
export function template(path: string): string {
  return path.replace(/\/\d+(?=\/|$)/g, '/{id}');
}

export function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    let a = m.get(k);
    if (!a) m.set(k, (a = []));
    a.push(it);
  }
  return m;
}
