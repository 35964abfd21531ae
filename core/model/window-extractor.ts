/**
 * Turns a stream of AccessEvents into one feature sample per (client, window). A client's window opens at
 * its first event and closes once log time (the latest event time seen) reaches start + 10 s, or at the end
 * of input. Only log time drives it, so a scan, a replay and a live tail of the same lines emit the same
 * samples in the same order.
 */
import type { AccessEvent } from '../events/event';
import type { EvidenceRef } from '../detect/alert';
import { classifyQuery } from '../detect/content/classify';
import { FactCache } from './fact-cache';
import { detach } from '../detect/strings';
import { EndpointFailures, FEATURE_COUNT, isAuthFailure, MAX_GAP_MS, WINDOW_MS, WindowStats } from './features';

const MIN_SWEEP = 65_536;

export interface WindowSample {
  client: string;
  /** Time of the window's first event (ms). */
  start: number;
  /** Time of its last event. */
  end: number;
  requests: number;
  /** In FEATURE_NAMES order; owned by the receiver. */
  features: number[];
  first: EvidenceRef;
  last: EvidenceRef;
}

/** An open window; recycled through a free list, so `seq` tells a live queue entry from a stale one. */
interface OpenWindow {
  seq: number;
  state: ClientState;
  stats: WindowStats;
  firstSource: number;
  firstLine: number;
  firstOffset: number;
  lastSource: number;
  lastLine: number;
  lastOffset: number;
}

interface ClientState {
  client: string;
  /** Latest event time of the client, kept across windows for the inter-arrival features. */
  prevTime: number;
  /** Requests seen from the client so far (forgotten with the client after a long idle; see sweep). */
  seen: number;
  open: OpenWindow | null;
}

export class WindowExtractor {
  private readonly clients = new Map<string, ClientState>();
  /** Windows in opening order (with their seq at opening); entries whose window closed are skipped. */
  private queue: OpenWindow[] = [];
  private queueSeq: number[] = [];
  private head = 0;
  private seq = 0;
  private readonly free: OpenWindow[] = [];
  private watermark = -Infinity;
  /** Client count at which idle clients are next forgotten: doubling keeps the sweeps O(1) per client. */
  private sweepAt = MIN_SWEEP;
  private readonly cache = new FactCache();
  private readonly endpointFailures = new EndpointFailures();
  private last: ClientState | undefined = undefined;

  /** Shared by every sample when the consumer keeps nothing of it beyond its callback (see constructor). */
  private readonly scratch: WindowSample | null;

  /**
   * `reuse`: every sample is the same object (its features and evidence refs too), overwritten by the next
   * one: a busy stream closes a window every event or two, and four objects per window were most of the
   * garbage.
   */
  constructor(
    private readonly onSample: (s: WindowSample) => void,
    private readonly windowMs = WINDOW_MS,
    reuse = false,
  ) {
    this.scratch = reuse
      ? {
          client: '',
          start: 0,
          end: 0,
          requests: 0,
          features: new Array<number>(FEATURE_COUNT).fill(0),
          first: { source: 0, line: 0, offset: 0 },
          last: { source: 0, line: 0, offset: 0 },
        }
      : null;
  }

  push(e: AccessEvent): void {
    if (e.client === '') return; // nothing to attribute it to, nothing to act on
    if (e.time > this.watermark) this.advance(e.time);
    // A page load fetches a dozen static files within a second: counted, they made every reader of a web
    // site look like a scanner (the model learnt from API traffic, which has none). The rules leave them to
    // asset-flood too. A static path carrying a payload still counts.
    const facts = this.cache.path(e.path);
    // Log time still moves on with them (above), so other clients' windows close as they would.
    if (facts.isStatic && facts.flags === 0 && (e.query === '' || classifyQuery(e.query) === 0)) return;
    // Bursts put one client's events back to back: a string compare beats hashing the fresh key.
    let st = e.client === this.last?.client ? this.last : this.clients.get(e.client);
    if (st === undefined) {
      if (this.clients.size >= this.sweepAt) this.sweep();
      // A flat copy: the client is kept for minutes, and a slice would keep its 64 KiB line slab with it.
      st = { client: detach(e.client), prevTime: -1, seen: 0, open: null };
      this.clients.set(st.client, st);
    }
    this.last = st;
    let open = st.open;
    // Overdue but not yet closed: it sits behind an out-of-order window in the queue.
    if (open !== null && e.time >= open.stats.start + this.windowMs) {
      this.close(open);
      open = null;
    }
    const failing = isAuthFailure(e) ? this.endpointFailures.fail(this.cache.path(e.path).template, st.client, e.time) : 0;
    if (open === null) {
      open = this.openWindow(st, e);
      open.stats.add(e, this.cache, false, failing);
    } else {
      open.stats.add(e, this.cache, true, failing);
    }
    open.lastSource = e.source;
    open.lastLine = e.line;
    open.lastOffset = e.offset;
    if (e.time > st.prevTime) st.prevTime = e.time;
    st.seen++;
  }

  /** Moves log time forward without an event (e.g. a live tail's idle tick), closing windows that ended. */
  advance(time: number): void {
    if (time <= this.watermark) return;
    this.watermark = time;
    const q = this.queue;
    while (this.head < q.length) {
      const open = q[this.head]!;
      const live = open.seq === this.queueSeq[this.head];
      if (live && open.stats.start + this.windowMs > time) break;
      this.head++;
      if (live) this.close(open);
    }
    if (this.head > 4096 && this.head * 2 > q.length) {
      this.queue = q.slice(this.head);
      this.queueSeq = this.queueSeq.slice(this.head);
      this.head = 0;
    }
  }

  /** End of input: closes every open window, oldest first. */
  flush(): void {
    for (let i = this.head; i < this.queue.length; i++) {
      const open = this.queue[i]!;
      if (open.seq === this.queueSeq[i]) this.close(open);
    }
    this.queue = [];
    this.queueSeq = [];
    this.head = 0;
  }

  /** Features of the client's window so far (null if it has none open): for scoring at the moment a rule fires. */
  openFeatures(client: string): number[] | null {
    const open = this.clients.get(client)?.open;
    return open ? open.stats.features(new Array<number>(FEATURE_COUNT).fill(0)) : null;
  }

  /** Clients currently tracked (open windows or recent activity). */
  get trackedClients(): number {
    return this.clients.size;
  }

  private openWindow(st: ClientState, e: AccessEvent): OpenWindow {
    const open: OpenWindow = this.free.pop() ?? {
      seq: 0,
      state: st,
      stats: new WindowStats(),
      firstSource: 0,
      firstLine: 0,
      firstOffset: 0,
      lastSource: 0,
      lastLine: 0,
      lastOffset: 0,
    };
    open.seq = ++this.seq;
    open.state = st;
    // A first sighting counts like a long gap, so forgetting idle clients (sweep) changes no gap feature
    // (only clientPriorRequests, which restarts from 0 once a client is forgotten).
    open.stats.reset(e.time, st.prevTime >= 0 ? st.prevTime : e.time - MAX_GAP_MS, st.seen);
    open.firstSource = e.source;
    open.firstLine = e.line;
    open.firstOffset = e.offset;
    st.open = open;
    this.queue.push(open);
    this.queueSeq.push(open.seq);
    return open;
  }

  private close(open: OpenWindow): void {
    const state = open.state;
    state.open = null;
    const s = open.stats;
    open.seq = 0; // any queue entry for it is now stale
    const x = this.scratch;
    if (x !== null) {
      x.client = state.client;
      x.start = s.start;
      x.end = s.lastTime;
      x.requests = s.requests;
      s.features(x.features);
      x.first.source = open.firstSource;
      x.first.line = open.firstLine;
      x.first.offset = open.firstOffset;
      x.last.source = open.lastSource;
      x.last.line = open.lastLine;
      x.last.offset = open.lastOffset;
      this.onSample(x);
    } else {
      this.onSample({
        client: state.client,
        start: s.start,
        end: s.lastTime,
        requests: s.requests,
        // A plain array: allocating a small Float64Array per window cost more than computing the window.
        features: s.features(new Array<number>(FEATURE_COUNT).fill(0)),
        first: { source: open.firstSource, line: open.firstLine, offset: open.firstOffset },
        last: { source: open.lastSource, line: open.lastLine, offset: open.lastOffset },
      });
    }
    this.free.push(open);
  }

  /** Forgets clients idle for longer than the gap cap: their next window starts exactly as if new. */
  private sweep(): void {
    const horizon = this.watermark - MAX_GAP_MS;
    for (const [key, st] of this.clients) {
      if (st.open === null && st.prevTime <= horizon) this.clients.delete(key);
    }
    this.last = undefined;
    this.sweepAt = Math.max(MIN_SWEEP, 2 * this.clients.size);
  }
}
