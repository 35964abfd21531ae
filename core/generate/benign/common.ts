import type { Identity, ResourceDef, UaProfile } from '../catalog';
import { clamp, logNormal } from '../distributions';
import type { Rng } from '../prng';
import type { GenRequest } from '../types';

/** A request a benign actor has planned but not yet sent. */
export interface Planned {
  method: string;
  path: string;
  query: string;
  /** Guard template id (interned path template). */
  tpl: number;
  hasId: boolean;
  /** null for paths outside every API (web pages, robots.txt). */
  res: ResourceDef | null;
  reqBytes: number;
  kind: PlanKind;
}

export const PlanKind = { Api: 0, Page: 1, Login: 2, Refresh: 3, Token: 4 } as const;
export type PlanKind = (typeof PlanKind)[keyof typeof PlanKind];

/** Fills a planned request for an API resource. */
export function setPlan(p: Planned, res: ResourceDef, path: string, query = '', kind: PlanKind = PlanKind.Api, reqBytes = 0): Planned {
  p.method = res.method;
  p.path = path;
  p.query = query;
  p.tpl = res.tplId;
  p.hasId = res.hasId;
  p.res = res;
  p.reqBytes = reqBytes;
  p.kind = kind;
  return p;
}

/** Fills a planned GET outside every API (a web page, robots.txt). */
export function setPage(p: Planned, path: string, tpl: number, hasId: boolean): Planned {
  p.method = 'GET';
  p.path = path;
  p.query = '';
  p.tpl = tpl;
  p.hasId = hasId;
  p.res = null;
  p.reqBytes = 0;
  p.kind = PlanKind.Page;
  return p;
}

export function newPlanned(): Planned {
  return { method: 'GET', path: '/', query: '', tpl: 0, hasId: false, res: null, reqBytes: 0, kind: PlanKind.Api };
}

/**
 * A client's upcoming requests as a ring of reusable slots. Planned requests can wait hours (an idle client's
 * next session), so allocating one object per request would have V8 pretenure them into the old generation
 * and spend a third of the run in garbage collection; the ring allocates nothing after construction.
 * A slot returned by `take` stays intact until CAPACITY - 1 further `add`s.
 */
export class PlanQueue {
  private static readonly CAPACITY = 16;
  private readonly slots: Planned[] = Array.from({ length: PlanQueue.CAPACITY }, newPlanned);
  private head = 0;
  private tail = 0;

  get length(): number {
    return this.tail - this.head;
  }

  /** The slot for a new last request (fill it). */
  add(): Planned {
    if (this.tail - this.head >= PlanQueue.CAPACITY - 1) throw new Error('PlanQueue overflow');
    return this.slots[this.tail++ & (PlanQueue.CAPACITY - 1)]!;
  }

  /** The slot for a new first request (fill it): it reuses the slot taken last. */
  addFirst(): Planned {
    return this.slots[--this.head & (PlanQueue.CAPACITY - 1)]!;
  }

  front(): Planned {
    return this.slots[this.head & (PlanQueue.CAPACITY - 1)]!;
  }

  take(): Planned {
    return this.slots[this.head++ & (PlanQueue.CAPACITY - 1)]!;
  }

  clear(): void {
    this.head = this.tail;
  }
}

export function bodyBytes(rng: Rng, median: number): number {
  return median <= 0 ? 0 : Math.max(2, Math.round(logNormal(rng, median, 0.45)));
}

export function latency(rng: Rng, median: number): number {
  return Math.max(1, Math.round(clamp(logNormal(rng, median, 0.6), 1, 30_000)));
}

/** Fills the parts of a request every benign actor sets the same way. */
export function fillBase(
  req: GenRequest,
  t: number,
  ip: string,
  proxied: boolean,
  ua: UaProfile,
  protocol: string,
  referer: string,
  p: Planned,
  identity: Identity | null,
  client: number,
): void {
  req.time = t;
  req.ip = ip;
  req.proxied = proxied;
  req.ua = ua;
  req.protocol = protocol;
  req.referer = referer;
  req.method = p.method;
  req.path = p.path;
  req.query = p.query;
  req.reqBytes = p.reqBytes;
  req.api = p.res ? p.res.api : null;
  req.resource = p.res;
  req.identity = identity;
  req.gatewayError = 0;
  req.owner = -1;
  req.client = client;
}

/** Sets a response from the backend: status, body size and latency. */
export function respond(req: GenRequest, rng: Rng, status: number, bytesMedian: number, latencyMedian: number): void {
  req.status = status;
  req.bytes = status === 204 || status === 304 ? 0 : bodyBytes(rng, bytesMedian);
  req.latencyMs = latency(rng, latencyMedian);
}

/** A rare server-side failure: a few in a thousand requests. */
export function serverError(req: GenRequest, rng: Rng): void {
  const x = rng.float();
  req.status = x < 0.55 ? 500 : x < 0.8 ? 503 : 502;
  req.bytes = bodyBytes(rng, 180);
  req.latencyMs = latency(rng, x < 0.55 ? 240 : 1800);
}

/** The gateway rejecting an expired or revoked token (WSO2 900901, Invalid Credentials). */
export function tokenRejected(req: GenRequest, rng: Rng): void {
  req.status = 401;
  req.gatewayError = 900901;
  req.bytes = bodyBytes(rng, 150);
  req.latencyMs = latency(rng, 4);
}

/** Epoch seconds rounded to the minute, as integration clients send in `since=` parameters. */
export function sinceParam(t: number, lagMs: number): number {
  return Math.floor((t - lagMs) / 60_000) * 60;
}

const DAY_MS = 86_400_000;

/** Daily traffic shape in (0, 1]: trough 0.3 at 04:00 UTC, peak 1.0 at 16:00 UTC. */
export function diurnal(t: number): number {
  const phase = ((t % DAY_MS) / DAY_MS) * 2 * Math.PI - (4 / 24) * 2 * Math.PI;
  return 0.3 + 0.35 * (1 - Math.cos(phase));
}

/** Next arrival of a Poisson process with peak rate `perMs`, thinned by the daily shape. */
export function nextArrival(rng: Rng, t: number, perMs: number): number {
  let x = t;
  for (;;) {
    x += -Math.log(1 - rng.float()) / perMs;
    if (rng.float() < diurnal(x)) return Math.floor(x);
  }
}
