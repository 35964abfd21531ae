import { ANONYMOUS, APIS, buildPath, resource, templateId, type Identity, type UaProfile } from '../catalog';
import { exponential, geometric } from '../distributions';
import type { Rng } from '../prng';
import type { Actor, GenContext, GenRequest } from '../types';
import { fillBase, newPlanned, PlanKind, PlanQueue, respond, serverError, setPage, setPlan, sinceParam, type Planned } from './common';
import { BenignGuard } from './guard';
import { productId } from './human';

const SYNC = resource(APIS.inventory, 'GET', '/sync');
const SKU = resource(APIS.inventory, 'GET', '/{sku}');
const ORDERS = resource(APIS.orders, 'GET', '/');
const ORDER = resource(APIS.orders, 'GET', '/{orderId}');
const TOKEN = resource(APIS.token, 'POST', '/');
const HEALTH = resource(APIS.health, 'GET', '/');
const PRODUCTS = resource(APIS.products, 'GET', '/');
const PRODUCT = resource(APIS.products, 'GET', '/{productId}');
const WEB_TOKEN_TPL = templateId('/oauth2/token');

/**
 * A partner or internal integration polling on a fixed interval with client-credentials tokens: a list call
 * per tick, sometimes a detail call or two, and a token refresh about hourly.
 */
export class Poller implements Actor {
  nextTime: number;
  done = false;
  private readonly guard = new BenignGuard();
  private readonly queue = new PlanQueue();
  private tickAt: number;
  private tokenAt: number;

  constructor(
    readonly id: number,
    private readonly ip: string,
    private readonly ua: UaProfile,
    private readonly identity: Identity,
    private readonly intervalMs: number,
    private readonly inventory: boolean,
    private readonly web: boolean,
    rng: Rng,
    start: number,
  ) {
    this.tickAt = start + rng.int(0, intervalMs);
    this.tokenAt = this.tickAt;
    this.planTick(rng);
    this.nextTime = this.tickAt;
  }

  emit(req: GenRequest, ctx: GenContext): boolean {
    const rng = ctx.rng;
    const t = this.nextTime;
    const p = this.queue.take();
    fillBase(req, t, this.ip, true, this.ua, 'HTTP/1.1', '-', p, p.kind === PlanKind.Token ? null : this.identity, this.id);
    if (p.kind === PlanKind.Token) respond(req, rng, 200, TOKEN.bytesMedian, TOKEN.latencyMedian);
    else if (rng.chance(0.002)) serverError(req, rng);
    else respond(req, rng, 200, p.res!.bytesMedian, p.res!.latencyMedian);
    this.guard.record(t, p.tpl, p.hasId, req.status);

    let desired: number;
    if (this.queue.length > 0) desired = t + rng.int(80, 400);
    else {
      this.tickAt += this.intervalMs;
      desired = this.tickAt + rng.int(-150, 150);
      this.planTick(rng);
    }
    this.nextTime = this.guard.fit(Math.max(desired, t + 1), this.queue.front().tpl, this.queue.front().hasId);
    return true;
  }

  private planTick(rng: Rng): void {
    if (this.tickAt >= this.tokenAt) {
      this.tokenAt = this.tickAt + 3_300_000 + rng.int(0, 300_000);
      const body = rng.int(60, 90);
      const slot = this.queue.add();
      if (this.web) {
        setPage(slot, '/oauth2/token', WEB_TOKEN_TPL, false);
        slot.method = 'POST';
        slot.reqBytes = body;
        slot.kind = PlanKind.Token;
      } else setPlan(slot, TOKEN, TOKEN.full, '', PlanKind.Token, body);
    }
    const since = sinceParam(this.tickAt, this.intervalMs);
    if (this.inventory) {
      setPlan(this.queue.add(), SYNC, SYNC.full, `since=${since}&limit=500`);
      if (rng.chance(0.12)) setPlan(this.queue.add(), SKU, buildPath(SKU, rng.int(100000, 199999)));
    } else {
      setPlan(this.queue.add(), ORDERS, ORDERS.full, `status=pending&updatedSince=${since}&size=100`);
      const n = rng.chance(0.15) ? rng.int(1, 2) : 0;
      for (let i = 0; i < n; i++) setPlan(this.queue.add(), ORDER, buildPath(ORDER, rng.int(10000, 99999)));
    }
  }
}

/** A load-balancer or uptime probe: GET /health on a fixed interval. */
export class HealthMonitor implements Actor {
  nextTime: number;
  done = false;
  private readonly planned = setPlan(newPlanned(), HEALTH, HEALTH.full);

  constructor(
    readonly id: number,
    private readonly ip: string,
    private readonly proxied: boolean,
    private readonly ua: UaProfile,
    private readonly intervalMs: number,
    rng: Rng,
    start: number,
  ) {
    this.nextTime = start + rng.int(0, intervalMs);
  }

  emit(req: GenRequest, ctx: GenContext): boolean {
    fillBase(req, this.nextTime, this.ip, this.proxied, this.ua, 'HTTP/1.1', '-', this.planned, ANONYMOUS, this.id);
    respond(req, ctx.rng, 200, HEALTH.bytesMedian, HEALTH.latencyMedian);
    req.bytes = HEALTH.bytesMedian;
    this.nextTime += this.intervalMs;
    return true;
  }
}

const WEB_PAGES = ['/', '/about', '/help/shipping', '/help/returns', '/sitemap.xml', '/robots.txt'];
const CATEGORY_PAGES = ['/category/electronics', '/category/books', '/category/home-garden', '/category/toys', '/category/fashion'];
const WEB_PRODUCT_TPL = templateId('/products/{productId}');

/**
 * A search-engine crawler: polite (at least 3 s between requests), in crawl sessions of tens to hundreds of
 * pages separated by hours. On the nginx site it crawls the HTML pages; behind the gateway, the public
 * catalogue API.
 */
export class Crawler implements Actor {
  nextTime: number;
  done = false;
  private readonly guard = new BenignGuard();
  private left = 0;
  private readonly next: Planned = newPlanned();

  constructor(
    readonly id: number,
    private readonly ip: string,
    private readonly ua: UaProfile,
    private readonly popularity: (rng: Rng) => number,
    private readonly web: boolean,
    rng: Rng,
    start: number,
  ) {
    this.left = geometric(rng, 60);
    this.pick(rng, true);
    this.nextTime = start + Math.round(exponential(rng, 3_600_000));
  }

  emit(req: GenRequest, ctx: GenContext): boolean {
    const rng = ctx.rng;
    const t = this.nextTime;
    const p = this.next;
    fillBase(req, t, this.ip, true, this.ua, 'HTTP/1.1', '-', p, p.res ? ANONYMOUS : null, this.id);
    const gone = p.hasId && rng.chance(0.02) && this.guard.can404(t);
    if (gone) respond(req, rng, 404, p.res ? 90 : 5200, 15);
    else if (rng.chance(0.15)) respond(req, rng, 304, 0, 8);
    else respond(req, rng, 200, p.res ? p.res.bytesMedian : p.path.startsWith('/products/') ? 36_000 : 14_000, p.res ? p.res.latencyMedian : 70);
    this.guard.record(t, p.tpl, p.hasId, req.status);

    let desired: number;
    if (--this.left > 0) {
      desired = t + 3000 + Math.round(exponential(rng, 6000));
      this.pick(rng, false);
    } else {
      this.left = geometric(rng, 60);
      desired = t + Math.round(exponential(rng, 3 * 3_600_000));
      this.pick(rng, true);
    }
    this.nextTime = this.guard.fit(desired, this.next.tpl, this.next.hasId);
    return true;
  }

  /** Plans the next page into `this.next`. */
  private pick(rng: Rng, sessionStart: boolean): void {
    const pid = productId(this.popularity(rng));
    const p = this.next;
    if (!this.web) {
      if (rng.chance(0.2)) setPlan(p, PRODUCTS, PRODUCTS.full, `page=${rng.int(1, 40)}&size=50`);
      else setPlan(p, PRODUCT, buildPath(PRODUCT, pid));
      return;
    }
    if (sessionStart) return void setPage(p, '/robots.txt', templateId('/robots.txt'), false);
    const x = rng.float();
    if (x < 0.7) return void setPage(p, `/products/${pid}`, WEB_PRODUCT_TPL, true);
    const path = x < 0.85 ? rng.pick(CATEGORY_PAGES) : rng.pick(WEB_PAGES);
    setPage(p, path, templateId(path), false);
  }
}
