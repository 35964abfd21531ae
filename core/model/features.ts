/**
 * What the model sees of one client's 10-second window. Only traffic facts: never a rule's verdict or a
 * risk score, so the model can learn what the rules miss instead of re-learning their thresholds.
 */
import type { AccessEvent } from '../events/event';
import {
  classifyQuery,
  F_ADMIN,
  F_CVE,
  F_SENSITIVE,
  F_SQLI,
  F_TECH,
  F_TRAVERSAL,
  F_W00T,
  F_WEBSHELL,
  F_WP,
  F_WP_LOGIN,
  F_WP_USERS,
  F_XSS,
} from '../detect/content/classify';
import { AGENT_SCANNER, AGENT_SCRIPT, type FactCache } from './fact-cache';

/** Probes for products, shells and known exploits: one feature, since each kind alone is rare. */
const F_PROBE = F_WEBSHELL | F_CVE | F_W00T | F_TECH | F_WP | F_WP_LOGIN | F_WP_USERS;

/** Order matters: it is the column order of every feature vector and of a saved model. */
export const FEATURE_NAMES = [
  'requests',
  'activeSeconds',
  'distinctPaths',
  'distinctTemplates',
  'distinctPathRatio',
  'ratio2xx',
  'ratio3xx',
  'ratio4xx',
  'ratio401',
  'ratio403',
  'ratio404',
  'ratio429',
  'ratio5xx',
  'ratioAuthFailure',
  'interArrivalMeanMs',
  'interArrivalMinMs',
  'interArrivalCv',
  'distinctUserAgents',
  'ratioEmptyUserAgent',
  'ratioScriptUserAgent',
  'ratioScannerUserAgent',
  'distinctMethods',
  'ratioGet',
  'ratioPost',
  'ratioOtherMethod',
  'bytesMean',
  'bytesMax',
  'bytesCv',
  'latencyMeanMs',
  'latencyMaxMs',
  'meanUrlLength',
  'ratioWithQuery',
  'ratioTraversal',
  'ratioSqli',
  'ratioXss',
  'ratioSensitiveFile',
  'ratioExploitProbe',
  'ratioAdminPath',
  'distinctUsers',
  'distinctApplications',
  'distinctApis',
  'endpointFailingClients',
  'clientPriorRequests',
  'ratioNoReferer',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];
export const FEATURE_COUNT = FEATURE_NAMES.length;

export const WINDOW_MS = 10_000;
/**
 * Look-back of endpointFailingClients: distinct clients failing authentication on the same endpoint within
 * this much log time. A distributed credential-stuffing IP sends one or two failed logins, exactly like a
 * person who mistyped a password; what tells them apart is the crowd failing on the same endpoint with it.
 */
export const ENDPOINT_FAILURE_MS = 600_000;
/** Gaps longer than this count as this long: "nothing from this client for a minute or more". */
export const MAX_GAP_MS = 60_000;

/** Counts distinct strings without touching a Set until a second value shows up (most windows). Reusable. */
class Distinct {
  private first = '';
  private set: Set<string> | null = null;
  count = 0;

  add(v: string): void {
    if (v === '') return;
    if (this.count === 0) {
      this.first = v;
      this.count = 1;
    } else if (this.count === 1) {
      if (v === this.first) return;
      this.set = new Set(); // reset() dropped the previous window's
      this.set.add(this.first);
      this.set.add(v);
      this.count = 2;
    } else {
      this.set!.add(v);
      this.count = this.set!.size;
    }
  }

  reset(): void {
    // The set holds the last window's values (slices of line slabs): a recycled window must not keep them.
    // Dropped rather than cleared: the next window that needs one clears or makes one anyway.
    if (this.count > 1) this.set = null;
    this.count = 0;
    this.first = '';
  }
}

// Slots of WindowStats.c: one typed array, so resetting a recycled window is a single fill.
const REQ = 0, S2 = 1, S3 = 2, S4 = 3, S401 = 4, S403 = 5, S404 = 6, S429 = 7, S5 = 8, AUTH = 9;
const IAT_N = 10, IAT_SUM = 11, IAT_SQ = 12, IAT_MIN = 13, EMPTY_UA = 14, SCRIPT_UA = 15;
const GET = 16, POST = 17, OTHER = 18, BYTES_N = 19, BYTES_SUM = 20, BYTES_SQ = 21, BYTES_MAX = 22;
const LAT_N = 23, LAT_SUM = 24, LAT_MAX = 25, URL_LEN = 26, WITH_QUERY = 27;
const TRAV = 28, SQLI = 29, XSS = 30, SENS = 31, PROBE = 32, ADMIN = 33, SCANNER_UA = 34, ENDPOINT_FAIL = 35;
const PRIOR = 36, NO_REFERER = 37;
const SLOTS = 38;
/** clientPriorRequests saturates here: beyond it a client is simply well known. */
export const PRIOR_CAP = 10_000;

/** A 401/403, or an authentication failure the gateway reported (WSO2 codes 9009xx, carbon auth-failure lines). */
export function isAuthFailure(e: AccessEvent): boolean {
  return e.status === 401 || e.status === 403 || e.kind === 'auth-failure' || (e.errorCode >= 900900 && e.errorCode <= 900999);
}

/**
 * Running statistics of one client's window, turned into a feature vector when the window closes.
 * Recycled through reset(): a busy stream opens a window every few events, and allocating one each time
 * cost more than all the counting.
 */
export class WindowStats {
  start = 0;
  lastTime = 0;
  private readonly c = new Float64Array(SLOTS);
  private methodBits = 0;
  private readonly paths = new Distinct();
  private readonly templates = new Distinct();
  private readonly agents = new Distinct();
  private readonly users = new Distinct();
  private readonly apps = new Distinct();
  private readonly apis = new Distinct();

  get requests(): number {
    return this.c[REQ]!;
  }

  /**
   * prevTime: the client's previous event time (possibly in an earlier window); prior: its requests before
   * this window, as far as the extractor remembers it.
   */
  reset(start: number, prevTime: number, prior = 0): void {
    this.start = start;
    this.lastTime = start;
    this.c.fill(0);
    this.c[IAT_MIN] = MAX_GAP_MS;
    this.c[BYTES_MAX] = -1;
    this.c[LAT_MAX] = -1;
    this.c[PRIOR] = Math.min(prior, PRIOR_CAP);
    this.methodBits = 0;
    this.paths.reset();
    this.templates.reset();
    this.agents.reset();
    this.users.reset();
    this.apps.reset();
    this.apis.reset();
    this.gap(start - prevTime);
  }

  /** endpointFailing: for an auth failure, distinct clients failing on its endpoint lately (see EndpointFailures). */
  add(e: AccessEvent, cache: FactCache, withGap: boolean, endpointFailing = 0): void {
    const c = this.c;
    if (withGap) this.gap(e.time - this.lastTime);
    if (e.time > this.lastTime) this.lastTime = e.time;
    c[REQ]!++;
    const st = e.status;
    if (st >= 200 && st < 300) c[S2]!++;
    else if (st >= 300 && st < 400) c[S3]!++;
    else if (st >= 400 && st < 500) {
      c[S4]!++;
      if (st === 401) c[S401]!++;
      else if (st === 403) c[S403]!++;
      else if (st === 404) c[S404]!++;
      else if (st === 429) c[S429]!++;
    } else if (st >= 500) c[S5]!++;
    if (endpointFailing > c[ENDPOINT_FAIL]!) c[ENDPOINT_FAIL] = endpointFailing;
    // WSO2 codes 9009xx are the gateway's authentication and authorization failures.
    if (e.kind === 'auth-failure' || (e.errorCode >= 900900 && e.errorCode <= 900999)) c[AUTH]!++;
    const ua = e.userAgent;
    if (ua === '' || ua === '-') c[EMPTY_UA]!++;
    else {
      const kind = cache.agent(ua);
      if (kind & AGENT_SCRIPT) c[SCRIPT_UA]!++;
      if (kind & AGENT_SCANNER) c[SCANNER_UA]!++;
    }
    this.agents.add(ua);
    // A browser sends the page it came from; a bot replaying a login form or a scanner usually does not.
    if (e.referer === '' || e.referer === '-') c[NO_REFERER]!++;
    const m = e.method;
    if (m === 'GET') c[GET]!++;
    else if (m === 'POST') c[POST]!++;
    else c[OTHER]!++;
    this.methodBits |= methodBit(m);
    if (e.bytes >= 0) {
      c[BYTES_N]!++;
      c[BYTES_SUM]! += e.bytes;
      c[BYTES_SQ]! += e.bytes * e.bytes;
      if (e.bytes > c[BYTES_MAX]!) c[BYTES_MAX] = e.bytes;
    }
    if (e.latencyMs >= 0) {
      c[LAT_N]!++;
      c[LAT_SUM]! += e.latencyMs;
      if (e.latencyMs > c[LAT_MAX]!) c[LAT_MAX] = e.latencyMs;
    }
    const facts = cache.path(e.path);
    let flags = facts.flags;
    if (e.query !== '') {
      c[WITH_QUERY]!++;
      flags |= classifyQuery(e.query);
    }
    c[URL_LEN]! += e.path.length + e.query.length;
    if (flags !== 0) {
      if (flags & F_TRAVERSAL) c[TRAV]!++;
      if (flags & F_SQLI) c[SQLI]!++;
      if (flags & F_XSS) c[XSS]!++;
      if (flags & F_SENSITIVE) c[SENS]!++;
      if (flags & F_PROBE) c[PROBE]!++;
      if (flags & F_ADMIN) c[ADMIN]!++;
    }
    this.paths.add(e.path);
    this.templates.add(facts.template);
    this.users.add(e.user);
    this.apps.add(e.application);
    this.apis.add(e.api);
  }

  private gap(ms: number): void {
    const g = Math.min(Math.max(ms, 0), MAX_GAP_MS);
    const c = this.c;
    c[IAT_N]!++;
    c[IAT_SUM]! += g;
    c[IAT_SQ]! += g * g;
    if (g < c[IAT_MIN]!) c[IAT_MIN] = g;
  }

  /** Writes the feature vector, in FEATURE_NAMES order, into v. */
  features<T extends number[] | Float64Array>(v: T): T {
    const c = this.c;
    const n = c[REQ]!;
    let i = 0;
    v[i++] = n;
    v[i++] = (this.lastTime - this.start) / 1000;
    v[i++] = this.paths.count;
    v[i++] = this.templates.count;
    v[i++] = this.paths.count / n;
    v[i++] = c[S2]! / n;
    v[i++] = c[S3]! / n;
    v[i++] = c[S4]! / n;
    v[i++] = c[S401]! / n;
    v[i++] = c[S403]! / n;
    v[i++] = c[S404]! / n;
    v[i++] = c[S429]! / n;
    v[i++] = c[S5]! / n;
    v[i++] = c[AUTH]! / n;
    v[i++] = c[IAT_SUM]! / c[IAT_N]!;
    v[i++] = c[IAT_MIN]!;
    v[i++] = cv(c[IAT_N]!, c[IAT_SUM]!, c[IAT_SQ]!);
    v[i++] = this.agents.count;
    v[i++] = c[EMPTY_UA]! / n;
    v[i++] = c[SCRIPT_UA]! / n;
    v[i++] = c[SCANNER_UA]! / n;
    v[i++] = popcount(this.methodBits);
    v[i++] = c[GET]! / n;
    v[i++] = c[POST]! / n;
    v[i++] = c[OTHER]! / n;
    v[i++] = c[BYTES_N]! > 0 ? c[BYTES_SUM]! / c[BYTES_N]! : -1;
    v[i++] = c[BYTES_MAX]!;
    v[i++] = c[BYTES_N]! > 0 ? cv(c[BYTES_N]!, c[BYTES_SUM]!, c[BYTES_SQ]!) : -1;
    v[i++] = c[LAT_N]! > 0 ? c[LAT_SUM]! / c[LAT_N]! : -1;
    v[i++] = c[LAT_MAX]!;
    v[i++] = c[URL_LEN]! / n;
    v[i++] = c[WITH_QUERY]! / n;
    v[i++] = c[TRAV]! / n;
    v[i++] = c[SQLI]! / n;
    v[i++] = c[XSS]! / n;
    v[i++] = c[SENS]! / n;
    v[i++] = c[PROBE]! / n;
    v[i++] = c[ADMIN]! / n;
    v[i++] = this.users.count;
    v[i++] = this.apps.count;
    v[i++] = this.apis.count;
    v[i++] = c[ENDPOINT_FAIL]!;
    v[i++] = c[PRIOR]!;
    v[i++] = c[NO_REFERER]! / n;
    return v;
  }
}

/**
 * Distinct clients that failed authentication on each endpoint (path template) in the last
 * ENDPOINT_FAILURE_MS of log time. A traffic fact about the endpoint, computed causally as events arrive
 * (never from a rule's verdict), so replay and live tail see the same values.
 */
export class EndpointFailures {
  /** template -> client -> time of its latest failure there. */
  private readonly byEndpoint = new Map<string, Map<string, number>>();
  /** Failures in arrival order, for expiry: [template, client, time] flattened. */
  private templates: string[] = [];
  private clients: string[] = [];
  private times: number[] = [];
  private head = 0;

  constructor(private readonly horizonMs = ENDPOINT_FAILURE_MS) {}

  /** Records a failure and returns how many distinct clients failed on the endpoint within the horizon. */
  fail(template: string, client: string, time: number): number {
    this.expire(time - this.horizonMs);
    let m = this.byEndpoint.get(template);
    if (!m) this.byEndpoint.set(template, (m = new Map()));
    const prev = m.get(client);
    if (prev === undefined || time > prev) m.set(client, time);
    this.templates.push(template);
    this.clients.push(client);
    this.times.push(time);
    return m.size;
  }

  private expire(before: number): void {
    const t = this.times;
    while (this.head < t.length && t[this.head]! < before) {
      const tpl = this.templates[this.head]!;
      const m = this.byEndpoint.get(tpl);
      const client = this.clients[this.head]!;
      // Only if this entry is the client's latest failure there (a later one keeps it counted).
      if (m && m.get(client) === t[this.head]) {
        m.delete(client);
        if (m.size === 0) this.byEndpoint.delete(tpl);
      }
      this.head++;
    }
    if (this.head > 4096 && this.head * 2 > t.length) {
      this.templates = this.templates.slice(this.head);
      this.clients = this.clients.slice(this.head);
      this.times = t.slice(this.head);
      this.head = 0;
    }
  }
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'CONNECT', 'TRACE'];

function methodBit(m: string): number {
  const k = METHODS.indexOf(m);
  return k >= 0 ? 1 << k : m === '' ? 0 : 1 << METHODS.length;
}

function popcount(x: number): number {
  let c = 0;
  for (let v = x; v !== 0; v &= v - 1) c++;
  return c;
}

/** Coefficient of variation (population); 0 when the mean is 0 or there is a single value. */
function cv(n: number, sum: number, sq: number): number {
  if (n < 2 || sum <= 0) return 0;
  const mean = sum / n;
  const variance = Math.max(0, sq / n - mean * mean);
  return Math.sqrt(variance) / mean;
}
