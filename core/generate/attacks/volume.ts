import { APIS, buildPath, type Identity, type ResourceDef, type UaProfile } from '../catalog';
import { exponential } from '../distributions';
import type { GenContext, GenRequest } from '../types';
import { BROWSERS, FUZZERS, SCRIPTS } from '../user-agents';
import { Attack, attackerIdentity, type AttackEnv } from './base';

/** Flood: 30–200 requests in a few seconds (sometimes a second wave) from one IP with a valid token. */
export class Burst extends Attack {
  private readonly ip: string;
  private readonly row: number;
  private readonly ua: UaProfile;
  private readonly identity: Identity;
  private readonly targets: ResourceDef[];
  private left: number;
  private readonly total: number;
  private readonly gapMs: number;
  private secondWave: number;

  constructor(id: number, start: number, env: AttackEnv, episode: number) {
    super(id, 'burst', start);
    const rng = env.rng;
    this.ip = env.pool.v4();
    this.row = env.truth.open(this.ip, 'burst', episode);
    this.ua = rng.pick(SCRIPTS);
    this.identity = attackerIdentity(rng);
    const all = [APIS.products.resources[0]!, APIS.products.resources[1]!, APIS.cart.resources[0]!, APIS.orders.resources[0]!, APIS.auth.resources[1]!];
    this.targets = rng.chance(0.5) ? [rng.pick(all)] : [rng.pick(all), rng.pick(all)];
    this.total = this.left = rng.int(30, 200);
    this.gapMs = 1000 / rng.range(10, 45);
    this.secondWave = rng.chance(0.3) ? rng.int(30, 120) : 0;
  }

  emit(req: GenRequest, ctx: GenContext): boolean {
    const rng = ctx.rng;
    const r = rng.pick(this.targets);
    const path = r.hasId ? buildPath(r, 1000 + rng.int(0, 8999)) : r.full;
    const query = r === APIS.products.resources[0] ? `q=${rng.pick(['a', 'e', 'sale', 'new'])}&page=${rng.int(1, 50)}` : '';
    this.fill(req, this.ip, this.row, this.ua, r.method, path, query, this.identity, r.method === 'POST' ? rng.int(60, 120) : 0);
    if (this.gateway(req, rng)) {
      const overloaded = this.left < this.total * 0.4 && rng.chance(0.25);
      if (overloaded) this.respond(req, rng, 503, 180, 2500);
      else this.respond(req, rng, r.okStatus === 204 ? 200 : r.okStatus, r.bytesMedian, r.latencyMedian * 2);
    }
    if (--this.left > 0) this.after(exponential(rng, this.gapMs));
    else if (this.secondWave > 0) {
      this.left = this.secondWave;
      this.secondWave = 0;
      this.after(rng.int(20_000, 90_000));
    } else this.done = true;
    return true;
  }
}

const SCAN_PREFIXES = ['', '/api', '/api/v1', '/api/v2', '/api/v3', '/v1', '/internal'];
const SCAN_WORDS = [
  'admin', 'administrator', 'console', 'manager', 'actuator', 'actuator/env', 'actuator/heapdump', 'swagger.json',
  'swagger-ui.html', 'api-docs', 'openapi.json', 'graphql', 'graphiql', 'debug', 'debug/vars', 'metrics', 'status',
  'server-status', 'config', 'configuration', 'settings', 'backup', 'backups', 'old', 'test', 'tests', 'dev', 'staging',
  'beta', 'private', 'internal', 'export', 'import', 'upload', 'uploads', 'download', 'files', 'logs', 'log', 'users/export',
  'users/search', 'orders/export', 'accounts', 'account', 'login', 'register', 'reset', 'token', 'keys', 'secrets',
  'jobs', 'queue', 'cache', 'db', 'database', 'phpmyadmin', 'wp-admin', 'cgi-bin', 'shell', 'cmd', 'exec', 'v2/api-docs',
];

/** Forced browsing: dozens to hundreds of distinct paths, mostly 404, several per second. */
export class EndpointScan extends Attack {
  private readonly ip: string;
  private readonly row: number;
  private readonly ua: UaProfile;
  private readonly paths: string[];
  private next = 0;
  private readonly gapMs: number;

  constructor(id: number, start: number, env: AttackEnv, episode: number) {
    super(id, 'endpoint_scan', start);
    const rng = env.rng;
    this.ip = env.pool.v4();
    this.row = env.truth.open(this.ip, 'endpoint_scan', episode);
    this.ua = rng.chance(0.6) ? rng.pick(FUZZERS) : BROWSERS.pick(rng);
    const all: string[] = [];
    const unique = new Set<string>();
    for (const p of SCAN_PREFIXES) for (const w of SCAN_WORDS) unique.add(`${p}/${w}`);
    all.push(...unique);
    for (let i = all.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [all[i], all[j]] = [all[j]!, all[i]!];
    }
    this.paths = all.slice(0, rng.int(40, 250));
    this.gapMs = 1000 / rng.range(4, 15);
  }

  emit(req: GenRequest, ctx: GenContext): boolean {
    const rng = ctx.rng;
    this.fill(req, this.ip, this.row, this.ua, 'GET', this.paths[this.next++]!, '', null);
    if (this.gateway(req, rng)) this.respond(req, rng, rng.chance(0.8) ? 404 : 400, 120, 9);
    if (this.next < this.paths.length) this.after(exponential(rng, this.gapMs));
    else this.done = true;
    return true;
  }
}

/** Object-id enumeration (BOLA): walks consecutive ids on one resource with a valid token. */
export class IdEnumeration extends Attack {
  private readonly ip: string;
  private readonly row: number;
  private readonly ua: UaProfile;
  private readonly identity: Identity;
  private readonly target: ResourceDef;
  private id0: number;
  private left: number;
  private readonly gapMs: number;
  private readonly exposed: boolean;

  constructor(id: number, start: number, env: AttackEnv, episode: number) {
    super(id, 'id_enumeration', start);
    const rng = env.rng;
    this.ip = env.pool.v4();
    this.row = env.truth.open(this.ip, 'id_enumeration', episode);
    this.ua = rng.pick(SCRIPTS);
    this.identity = attackerIdentity(rng);
    const targets = [APIS.usersV1.resources[0]!, APIS.usersV2.resources[0]!, APIS.orders.resources[2]!, APIS.payments.resources[1]!];
    this.target = rng.pick(targets);
    this.id0 = this.target.api === APIS.orders ? rng.int(10000, 90000) : this.target.api === APIS.payments ? rng.int(3_000_000, 3_900_000) : 1001 + rng.int(0, 20) * 50;
    this.left = rng.int(50, 300);
    this.gapMs = 1000 / rng.range(2, 10);
    this.exposed = rng.chance(0.6);
  }

  emit(req: GenRequest, ctx: GenContext): boolean {
    const rng = ctx.rng;
    this.fill(req, this.ip, this.row, this.ua, 'GET', buildPath(this.target, this.id0), '', this.identity);
    this.id0 += rng.chance(0.92) ? 1 : rng.int(2, 4);
    if (this.gateway(req, rng)) {
      const status = rng.chance(0.15) ? 404 : this.exposed ? 200 : 403;
      this.respond(req, rng, status, status === 200 ? this.target.bytesMedian : 110, this.target.latencyMedian);
    }
    if (--this.left > 0) this.after(exponential(rng, this.gapMs));
    else this.done = true;
    return true;
  }
}
