import { route, type Identity, type Route, type UaProfile } from '../catalog';
import { bodyBytes, latency } from '../benign/common';
import type { IpPool } from '../ip-space';
import { uuid, type Rng } from '../prng';
import type { TruthRecorder } from '../truth';
import type { Actor, AttackType, GenContext, GenRequest } from '../types';

/** What an attack scenario needs at creation. */
export interface AttackEnv {
  rng: Rng;
  truth: TruthRecorder;
  pool: IpPool;
  /** nginx site (true) or WSO2 gateway (false). */
  web: boolean;
}

/** An attacker's own account and throw-away application: a valid token used against the API. */
export function attackerIdentity(rng: Rng): Identity {
  const user = `${rng.pick(['test', 'user', 'dev', 'qa', 'temp', 'guest'])}${rng.int(100, 99999)}`;
  return {
    app: { name: rng.pick(['DefaultApplication', 'TestApp', 'myapp']), id: uuid(rng), owner: user },
    userName: `${user}@carbon.super`,
    keyType: 'PRODUCTION',
  };
}

const scratch: Route = { api: null, resource: null };

/**
 * Base of every attack episode. Subclasses plan the next request with `schedule` and fill it in `emit`
 * through `fill` + `gateway` + `respond`.
 */
export abstract class Attack implements Actor {
  nextTime: number;
  done = false;

  constructor(
    readonly id: number,
    readonly type: AttackType,
    start: number,
  ) {
    this.nextTime = start;
  }

  abstract emit(req: GenRequest, ctx: GenContext): boolean;

  /** Sets the request line and the client; routes it as the gateway would. */
  protected fill(
    req: GenRequest,
    ip: string,
    row: number,
    ua: UaProfile,
    method: string,
    path: string,
    query: string,
    identity: Identity | null,
    reqBytes = 0,
  ): void {
    req.time = this.nextTime;
    req.ip = ip;
    req.proxied = true;
    req.ua = ua;
    req.protocol = 'HTTP/1.1';
    req.referer = '-';
    req.method = method;
    req.path = path;
    req.query = query;
    req.reqBytes = reqBytes;
    req.identity = identity;
    req.gatewayError = 0;
    req.owner = row;
    req.client = -1;
    const r = route(method, path, scratch);
    req.api = r.api;
    req.resource = r.resource;
  }

  /**
   * The gateway's own answer, if it gives one: 404 when no API or resource matches, 401 (900902 Missing
   * Credentials) for a protected resource without a token. Returns true when the request reaches the backend.
   */
  protected gateway(req: GenRequest, rng: Rng): boolean {
    if (!req.api || !req.resource) {
      this.respond(req, rng, 404, 110, 3);
      req.resource = null;
      return false;
    }
    if (req.resource.auth === 'oauth2' && !req.identity) {
      this.respond(req, rng, 401, 150, 3);
      req.gatewayError = 900902;
      return false;
    }
    return true;
  }

  protected respond(req: GenRequest, rng: Rng, status: number, bytesMedian: number, latencyMedian: number): void {
    req.status = status;
    req.bytes = status === 204 || status === 304 ? 0 : bodyBytes(rng, bytesMedian);
    req.latencyMs = latency(rng, latencyMedian);
  }

  /** Moves to the next request `gapMs` later (at least 1 ms: every request gets its own instant). */
  protected after(gapMs: number): void {
    this.nextTime += Math.max(1, Math.round(gapMs));
  }
}
