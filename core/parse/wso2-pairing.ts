import type { AccessEvent } from '../events/event';
import type { ParseSink } from './parser';

export interface PairingLimits {
  /** A half older than this (log time, behind the newest line seen) is given up on. Default 5 min. */
  windowMs?: number;
  /** Most halves held at once; the oldest is given up on beyond it. Default 10,000. */
  maxPending?: number;
  /** Most halves held per peer address. Default 1,000. */
  maxPerPeer?: number;
  /**
   * How much earlier than its request a response may be stamped. Default 2,000 ms: 3.x logs whole
   * seconds from two threads, and real files show responses one second "before" their request.
   */
  skewMs?: number;
}

/** A request or response line waiting for its other half. */
interface Half {
  response: boolean;
  backend: boolean;
  peer: string;
  event: AccessEvent;
  done: boolean;
}

/** How many held halves of one peer are searched for an exact-time partner before falling back to FIFO. */
const SCAN = 64;

/**
 * Pairs Synapse gateway request lines with their response lines. Nothing in the log links the two (no
 * id, no port), and two writer threads mean a response may even be logged before its request. The key is
 * the peer address (`%h`), then time: first a partner with exactly the same timestamp (3.x mostly stamps
 * the response with the request's time), else the oldest request not newer than the response (give or
 * take `skewMs`).
 *
 * Accounting: a client pair yields one event on whichever line came second; the other line is ignored as
 * 'paired'. Both lines of a backend call are ignored as 'backend'. A request never answered becomes an
 * event with status 0; a response never matched becomes an event without method and path (its peer is
 * the client), unless that peer is a known backend.
 */
export class Wso2Pairer {
  private readonly windowMs: number;
  private readonly maxPending: number;
  private readonly maxPerPeer: number;
  private readonly skewMs: number;
  private readonly requests = new Map<string, Half[]>();
  private readonly responses = new Map<string, Half[]>();
  /** Every held half in arrival order, for eviction; `done` entries are skipped lazily. */
  private order: Half[] = [];
  private head = 0;
  private live = 0;
  private newest = -Infinity;
  private readonly backendPeers = new Set<string>();

  constructor(limits: PairingLimits = {}) {
    this.windowMs = limits.windowMs ?? 5 * 60_000;
    this.maxPending = limits.maxPending ?? 10_000;
    this.maxPerPeer = limits.maxPerPeer ?? 1_000;
    this.skewMs = limits.skewMs ?? 2_000;
  }

  /** Held halves (for tests and diagnostics). */
  get pending(): number {
    return this.live;
  }

  add(response: boolean, backend: boolean, peer: string, event: AccessEvent, sink: ParseSink): void {
    if (backend && this.backendPeers.size < 1024) this.backendPeers.add(peer);
    const half: Half = { response, backend, peer, event, done: false };
    const partner = this.takePartner(half);
    if (partner) {
      if (response) this.complete(partner, half, sink);
      else this.complete(half, partner, sink);
    } else {
      this.hold(half, sink);
    }
    if (event.time > this.newest) this.newest = event.time;
    this.evict(sink, false);
  }

  /** End of input: every held half is settled. */
  end(sink: ParseSink): void {
    this.evict(sink, true);
  }

  private takePartner(half: Half): Half | undefined {
    const map = half.response ? this.requests : this.responses;
    const list = map.get(half.peer);
    if (!list || list.length === 0) return undefined;
    const t = half.event.time;
    let pick = -1;
    const n = Math.min(list.length, SCAN);
    for (let i = 0; i < n; i++) {
      if (list[i].event.time === t) {
        pick = i;
        break;
      }
    }
    if (pick < 0) {
      // A response answers an earlier request (within the clock skew); a held response waits for a
      // request not newer than it.
      const skew = this.skewMs;
      for (let i = 0; i < n; i++) {
        const ti = list[i].event.time;
        if (half.response ? ti <= t + skew : ti >= t - skew) {
          pick = i;
          break;
        }
      }
    }
    if (pick < 0) return undefined;
    const [partner] = list.splice(pick, 1);
    if (list.length === 0) map.delete(half.peer);
    partner.done = true;
    this.live--;
    return partner;
  }

  private hold(half: Half, sink: ParseSink): void {
    const map = half.response ? this.responses : this.requests;
    let list = map.get(half.peer);
    if (!list) map.set(half.peer, (list = []));
    if (list.length >= this.maxPerPeer) {
      const oldest = list.shift()!;
      oldest.done = true;
      this.live--;
      this.giveUp(oldest, sink);
    }
    list.push(half);
    this.order.push(half);
    this.live++;
  }

  private complete(req: Half, resp: Half, sink: ParseSink): void {
    const e = req.event;
    const r = resp.event;
    if (req.backend) {
      const [a, b] = e.line < r.line ? [e.line, r.line] : [r.line, e.line];
      sink.ignored(a, 'backend');
      sink.ignored(b, 'backend');
      return;
    }
    e.status = r.status;
    e.bytes = r.bytes;
    if (r.line > e.line) {
      sink.ignored(e.line, 'paired');
      e.line = r.line;
      e.offset = r.offset;
    } else {
      sink.ignored(r.line, 'paired');
    }
    sink.event(e);
  }

  private giveUp(half: Half, sink: ParseSink): void {
    if (half.backend || (half.response && this.backendPeers.has(half.peer))) {
      sink.ignored(half.event.line, 'backend');
    } else {
      sink.event(half.event);
    }
  }

  private evict(sink: ParseSink, all: boolean): void {
    const cutoff = this.newest - this.windowMs;
    const order = this.order;
    while (this.head < order.length) {
      const h = order[this.head];
      if (!h.done) {
        if (!all && h.event.time >= cutoff && this.live <= this.maxPending) break;
        h.done = true;
        this.live--;
        const map = h.response ? this.responses : this.requests;
        const list = map.get(h.peer);
        const at = list ? list.indexOf(h) : -1;
        if (at >= 0) list!.splice(at, 1);
        if (list && list.length === 0) map.delete(h.peer);
        this.giveUp(h, sink);
      }
      this.head++;
    }
    // Settled halves stay in `order` until the head passes them; one old unanswered request at the head
    // must not let them (and their events) pile up for a whole window, so drop them when they dominate.
    if (order.length - this.head > 2 * this.live + 4096) {
      this.order = order.slice(this.head).filter((h) => !h.done);
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > order.length) {
      this.order = order.slice(this.head);
      this.head = 0;
    }
  }
}
