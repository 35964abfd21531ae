import { APIS, type UaProfile } from '../catalog';
import { exponential } from '../distributions';
import type { Rng } from '../prng';
import type { AttackType, GenContext, GenRequest } from '../types';
import { BROWSERS, SCRIPTS } from '../user-agents';
import { Attack, type AttackEnv } from './base';

const LOGIN = APIS.auth.resources[0]!;

/** Shared login-attempt mechanics: POST to the login API (or nginx's /oauth2/token), 401 unless the pair is valid. */
abstract class Stuffing extends Attack {
  protected readonly path: string;

  constructor(id: number, type: AttackType, start: number, env: AttackEnv) {
    super(id, type, start);
    this.path = env.web && env.rng.chance(0.4) ? '/oauth2/token' : LOGIN.full;
  }

  protected fillLogin(req: GenRequest, ip: string, row: number, ua: UaProfile, rng: Rng): void {
    this.fill(req, ip, row, ua, 'POST', this.path, '', null, rng.int(60, 120));
    const hit = rng.chance(0.005);
    if (req.api === null) {
      // nginx in front of the authorization server: no gateway routing.
      this.respond(req, rng, hit ? 200 : 401, hit ? 1180 : 95, 70);
      return;
    }
    if (this.gateway(req, rng)) this.respond(req, rng, hit ? 200 : 401, hit ? LOGIN.bytesMedian : 120, LOGIN.latencyMedian);
  }
}

/** Fast credential stuffing: one IP, 25–150 attempts at 1–6 per second. */
export class FastStuffing extends Stuffing {
  private readonly ip: string;
  private readonly row: number;
  private readonly ua: UaProfile;
  private left: number;
  private readonly gapMs: number;
  private readonly rotate: boolean;

  constructor(id: number, start: number, env: AttackEnv, episode: number) {
    super(id, 'credential_stuffing', start, env);
    const rng = env.rng;
    this.ip = env.pool.v4();
    this.row = env.truth.open(this.ip, 'credential_stuffing', episode);
    this.rotate = rng.chance(0.4);
    this.ua = rng.pick(SCRIPTS);
    this.left = rng.int(25, 150);
    this.gapMs = 1000 / rng.range(1, 6);
  }

  emit(req: GenRequest, ctx: GenContext): boolean {
    const rng = ctx.rng;
    this.fillLogin(req, this.ip, this.row, this.rotate ? BROWSERS.pick(rng) : this.ua, rng);
    if (--this.left > 0) this.after(Math.max(40, exponential(rng, this.gapMs)));
    else this.done = true;
    return true;
  }
}

/** Low-and-slow: one attempt every 30–42 s for 20–55 minutes (≥ 20 failures in any 15 minutes). */
export class SlowStuffing extends Stuffing {
  private readonly ip: string;
  private readonly row: number;
  private readonly ua: UaProfile;
  private left: number;

  constructor(id: number, start: number, env: AttackEnv, episode: number) {
    super(id, 'credential_stuffing_slow', start, env);
    const rng = env.rng;
    this.ip = env.pool.v4();
    this.row = env.truth.open(this.ip, 'credential_stuffing_slow', episode);
    this.ua = BROWSERS.pick(rng);
    this.left = rng.int(40, 80);
  }

  emit(req: GenRequest, ctx: GenContext): boolean {
    const rng = ctx.rng;
    this.fillLogin(req, this.ip, this.row, this.ua, rng);
    if (--this.left > 0) this.after(rng.int(30_000, 42_000));
    else this.done = true;
    return true;
  }
}

/**
 * Distributed stuffing: 60–150 IPs, each trying only 1–3 times, all against the same login endpoint within a
 * few minutes. Every IP is a truth row of type credential_stuffing_distributed.
 */
export class DistributedStuffing extends Stuffing {
  private readonly ips: string[];
  private readonly rows: number[];
  private readonly uas: UaProfile[];
  /** Attempts as (time, ip index), in time order. */
  private readonly times: number[] = [];
  private readonly who: number[] = [];
  private next = 0;

  constructor(id: number, start: number, env: AttackEnv, episode: number) {
    super(id, 'credential_stuffing_distributed', start, env);
    const rng = env.rng;
    // The detector's target rule needs ≥ 50 distinct failing IPs on one endpoint within 10 minutes.
    const n = rng.int(60, 150);
    this.ips = env.pool.many(n);
    this.rows = this.ips.map((ip) => env.truth.open(ip, 'credential_stuffing_distributed', episode));
    this.uas = this.ips.map(() => BROWSERS.pick(rng));
    const windowMs = rng.int(3, 8) * 60_000;
    const attempts: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      let t = start + rng.int(0, windowMs);
      const k = rng.int(1, 3);
      for (let j = 0; j < k; j++) {
        attempts.push([t, i]);
        t += rng.int(5_000, 60_000);
      }
    }
    attempts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (let i = 0; i < attempts.length; i++) {
      // Distinct instants keep the emitted order equal to the planned order.
      const t = i > 0 && attempts[i]![0] <= this.times[i - 1]! ? this.times[i - 1]! + 1 : attempts[i]![0];
      this.times.push(t);
      this.who.push(attempts[i]![1]);
    }
    this.nextTime = this.times[0]!;
  }

  emit(req: GenRequest, ctx: GenContext): boolean {
    const i = this.who[this.next]!;
    this.fillLogin(req, this.ips[i]!, this.rows[i]!, this.uas[i]!, ctx.rng);
    if (++this.next < this.times.length) this.nextTime = this.times[this.next]!;
    else this.done = true;
    return true;
  }
}
