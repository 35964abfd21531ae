import type { AccessEvent } from '../events/event';

export interface JoinOptions {
  /**
   * Largest time difference between an access event and the event it explains. Default 2,000 ms: 3.x
   * access logs stamp whole seconds, and the carbon WARN and the metrics `requestTimestamp` fall within a
   * second of the access log's request time.
   */
  windowMs?: number;
}

/**
 * Gives a client to WSO2 events that lack one, `apim:faulty` metrics (no `userIp` from 4.2) and carbon
 * auth-failure WARNs (never an IP), from the gateway access log of the same gateway.
 *
 * Join key: there is no shared id (the access log has no correlation id), so the key is
 * (HTTP status, path, time): an access event matches when its status equals the event's status, its path
 * equals or lies under the event's path (a fault carries only the API context, `/pizzashack/1.0.0`; a
 * 4.x carbon WARN the full request URI; a 3.x WARN no path, which matches any path) and its time is within
 * `windowMs`. The nearest match wins and each access event explains at most one event. When the nearest
 * matches belong to different clients the event stays unattributed rather than guessed.
 *
 * Times must be on one clock: carbon times carry no zone, so parse them with the gateway's UTC offset.
 */
export class AccessClientIndex {
  private readonly windowMs: number;
  private readonly byStatus = new Map<number, AccessEvent[]>();
  private readonly used = new Set<AccessEvent>();
  private dirty = false;

  constructor(opts: JoinOptions = {}) {
    this.windowMs = opts.windowMs ?? 2_000;
  }

  /** Adds a client API call from the access log (events without a client are skipped). */
  add(e: AccessEvent): void {
    if (e.client === '' || e.status === 0) return;
    let list = this.byStatus.get(e.status);
    if (!list) this.byStatus.set(e.status, (list = []));
    list.push(e);
    this.dirty = true;
  }

  /** The client for `e`, or '' if no access event matches or the nearest ones disagree. */
  clientFor(e: AccessEvent): string {
    const list = this.byStatus.get(e.status);
    if (!list) return '';
    if (this.dirty) {
      for (const l of this.byStatus.values()) l.sort((a, b) => a.time - b.time);
      this.dirty = false;
    }
    const prefix = pathKey(e.path);
    let lo = 0;
    let hi = list.length;
    const from = e.time - this.windowMs;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].time < from) lo = mid + 1;
      else hi = mid;
    }
    let best: AccessEvent | undefined;
    let bestDist = Infinity;
    let ambiguous = false;
    for (let i = lo; i < list.length && list[i].time <= e.time + this.windowMs; i++) {
      const a = list[i];
      if (this.used.has(a) || !underPath(a.path, prefix)) continue;
      const dist = Math.abs(a.time - e.time);
      if (dist < bestDist) {
        best = a;
        bestDist = dist;
        ambiguous = false;
      } else if (dist === bestDist && best && a.client !== best.client) {
        ambiguous = true;
      }
    }
    if (!best || ambiguous) return '';
    this.used.add(best);
    return best.client;
  }
}

/** Fills `client` on every event of `targets` that has none; returns how many were attributed. */
export function joinClients(targets: AccessEvent[], access: Iterable<AccessEvent>, opts: JoinOptions = {}): number {
  const index = new AccessClientIndex(opts);
  for (const a of access) index.add(a);
  let n = 0;
  for (const t of [...targets].sort((a, b) => a.time - b.time)) {
    if (t.client !== '') continue;
    const c = index.clientFor(t);
    if (c !== '') {
      t.client = c;
      n++;
    }
  }
  return n;
}

/** The fixed part of a path: a resource template is cut at its first `{param}`; a trailing '/' dropped. */
function pathKey(p: string): string {
  const brace = p.indexOf('{');
  let k = brace >= 0 ? p.slice(0, brace) : p;
  while (k.endsWith('/')) k = k.slice(0, -1);
  return k;
}

function underPath(path: string, prefix: string): boolean {
  if (prefix === '') return true;
  if (!path.startsWith(prefix)) return false;
  const c = path.charCodeAt(prefix.length);
  return Number.isNaN(c) || c === 47 /* / */ || c === 63 /* ? */ || prefix.endsWith('/');
}
