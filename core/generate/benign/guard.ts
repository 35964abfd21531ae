/**
 * Keeps one benign client provably below the detector's default thresholds. Every limit here is stricter than
 * the rule it protects, and the short window is 12 s rather than 10 s: with second-resolution timestamps
 * (nginx) a 10 s window over logged times can span up to 11 s of real time.
 *
 *   rule (default)                         guard
 *   ≥ 15 requests in 10 s                  ≤ 10 in any 12 s
 *   ≥ 5 distinct path templates in 10 s    ≤ 4 in any 12 s
 *   ≥ 5 401/403 in 10 s                    ≤ 2 in any 12 s, ≤ 4 in any 15 min
 *   high 404 ratio over volume             ≤ 1 per minute, and ≤ 5 % of the client's requests so far
 *   fast id walking                        ≤ 8 requests with an id in their path per minute
 *   ≥ 40 distinct paths in 60 s (crawl)    ≤ 30 requests per minute overall
 *
 * `fit` delays a planned request until it fits; `canFail` / `can404` veto outcomes (the caller then succeeds).
 */
export const SHORT_WINDOW_MS = 12_000;
const LONG_WINDOW_MS = 60_000;
const MAX_SHORT = 10;
const MAX_TEMPLATES = 4;
const MAX_LONG = 30; // the crawl rule trips at 40 distinct paths a minute
const MAX_IDS_LONG = 8;
const MAX_FAIL_SHORT = 2;
const MAX_FAIL_15MIN = 4;
const FIFTEEN_MIN_MS = 15 * 60_000;

const RING = 48; // ≥ MAX_LONG + 1
const FAIL_RING = 8;
/** Distinct templates seen while checking one window (no re-entrancy: single-threaded, never nested). */
const SCRATCH: number[] = new Array<number>(MAX_TEMPLATES + 1).fill(0);

export class BenignGuard {
  // Plain arrays, not typed arrays: thousands of clients each own a guard, and many small ArrayBuffers
  // (external memory) make V8 collect garbage far too often.
  private readonly times: number[] = new Array<number>(RING).fill(0);
  private readonly tpls: number[] = new Array<number>(RING).fill(0);
  private readonly ids: boolean[] = new Array<boolean>(RING).fill(false);
  private count = 0; // entries recorded (ring holds the last RING)
  private readonly failTimes: number[] = new Array<number>(FAIL_RING).fill(0);
  private fails = 0;
  private last404 = -Infinity;
  private notFound = 0;


  /** Requests recorded so far. */
  get total(): number {
    return this.count;
  }

  /** Earliest time ≥ desired at which a request on template `tpl` keeps every limit. */
  fit(desired: number, tpl: number, hasId: boolean): number {
    let t = desired;
    for (let guardLoop = 0; guardLoop < 64; guardLoop++) {
      const next = this.violationEnd(t, tpl, hasId);
      if (next <= t) return t;
      t = next;
    }
    return t;
  }

  /** Returns t if a request at t fits, else a later time at which one blocking entry has aged out. */
  private violationEnd(t: number, tpl: number, hasId: boolean): number {
    const n = Math.min(this.count, RING);
    let short = 0;
    let long = 0;
    let idsLong = 0;
    let distinct = 0;
    let seenTpl = false;
    const tplSeen = SCRATCH;
    let oldestShort = 0;
    let oldestLong = 0;
    let oldestIdLong = 0;
    for (let k = 1; k <= n; k++) {
      const i = (this.count - k) % RING;
      const ti = this.times[i]!;
      if (ti <= t - LONG_WINDOW_MS) break;
      long++;
      oldestLong = ti;
      if (this.ids[i]) {
        idsLong++;
        oldestIdLong = ti;
      }
      if (ti > t - SHORT_WINDOW_MS) {
        short++;
        oldestShort = ti;
        const p = this.tpls[i]!;
        if (p === tpl) seenTpl = true;
        else if (distinct < MAX_TEMPLATES + 1) {
          let known = false;
          for (let j = 0; j < distinct; j++) if (tplSeen[j] === p) known = true;
          if (!known) tplSeen[distinct++] = p;
        }
      }
    }
    let until = t;
    if (short + 1 > MAX_SHORT || (!seenTpl && distinct + 1 > MAX_TEMPLATES)) until = Math.max(until, oldestShort + SHORT_WINDOW_MS + 1);
    if (long + 1 > MAX_LONG) until = Math.max(until, oldestLong + LONG_WINDOW_MS + 1);
    if (hasId && idsLong + 1 > MAX_IDS_LONG) until = Math.max(until, oldestIdLong + LONG_WINDOW_MS + 1);
    return until;
  }

  /** May this client get a 401/403 at t? */
  canFail(t: number): boolean {
    let short = 0;
    let long = 0;
    const n = Math.min(this.fails, FAIL_RING);
    for (let k = 1; k <= n; k++) {
      const ti = this.failTimes[(this.fails - k) % FAIL_RING]!;
      if (ti <= t - FIFTEEN_MIN_MS) break;
      long++;
      if (ti > t - SHORT_WINDOW_MS) short++;
    }
    return short + 1 <= MAX_FAIL_SHORT && long + 1 <= MAX_FAIL_15MIN;
  }

  /** May this client get a 404 at t? */
  can404(t: number): boolean {
    return t - this.last404 > LONG_WINDOW_MS && (this.notFound + 1) * 20 <= this.count + 1;
  }

  record(t: number, tpl: number, hasId: boolean, status: number): void {
    const i = this.count % RING;
    this.times[i] = t;
    this.tpls[i] = tpl;
    this.ids[i] = hasId;
    this.count++;
    if (status === 401 || status === 403) this.failTimes[this.fails++ % FAIL_RING] = t;
    if (status === 404) {
      this.notFound++;
      this.last404 = t;
    }
  }
}

/**
 * One application's request rate across all its clients: the detector also runs the burst rule on
 * application keys (≥ 60 in 10 s). Checked when a request is about to be sent; a request over the limit is
 * deferred. Applications are sized so this rarely engages.
 */
export class AppLimiter {
  private static readonly LIMIT = 45;
  private readonly times: number[] = new Array<number>(AppLimiter.LIMIT).fill(0);
  private count = 0;

  /** Records and returns t if a request at t fits; else returns the time at which one will (nothing recorded). */
  admit(t: number): number {
    const limit = AppLimiter.LIMIT;
    if (this.count >= limit) {
      const oldest = this.times[this.count % limit]!; // the entry `limit` requests back
      if (oldest > t - SHORT_WINDOW_MS) return oldest + SHORT_WINDOW_MS + 1;
    }
    this.times[this.count % limit] = t;
    this.count++;
    return t;
  }
}
