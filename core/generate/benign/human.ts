import { ANONYMOUS, APIS, buildPath, resource, templateId, type Identity, type UaProfile } from '../catalog';
import { clamp, geometric, logNormal, Weighted } from '../distributions';
import type { Rng } from '../prng';
import type { Actor, GenContext, GenRequest } from '../types';
import { fillBase, nextArrival, PlanKind, PlanQueue, respond, serverError, setPage, setPlan, tokenRejected, type Planned } from './common';
import { AppLimiter, BenignGuard } from './guard';

const R = {
  list: resource(APIS.orders, 'GET', '/'),
  create: resource(APIS.orders, 'POST', '/'),
  order: resource(APIS.orders, 'GET', '/{orderId}'),
  items: resource(APIS.orders, 'GET', '/{orderId}/items'),
  cancel: resource(APIS.orders, 'POST', '/{orderId}/cancel'),
  userV1: resource(APIS.usersV1, 'GET', '/{userId}'),
  profile: resource(APIS.usersV2, 'GET', '/{userId}/profile'),
  profilePut: resource(APIS.usersV2, 'PUT', '/{userId}/profile'),
  addresses: resource(APIS.usersV2, 'GET', '/{userId}/addresses'),
  products: resource(APIS.products, 'GET', '/'),
  product: resource(APIS.products, 'GET', '/{productId}'),
  reviews: resource(APIS.products, 'GET', '/{productId}/reviews'),
  cart: resource(APIS.cart, 'GET', '/'),
  cartAdd: resource(APIS.cart, 'POST', '/items'),
  cartDel: resource(APIS.cart, 'DELETE', '/items/{itemId}'),
  login: resource(APIS.auth, 'POST', '/login'),
  refresh: resource(APIS.auth, 'POST', '/refresh'),
  logout: resource(APIS.auth, 'POST', '/logout'),
  notifications: resource(APIS.notifications, 'GET', '/'),
  pay: resource(APIS.payments, 'POST', '/'),
  payment: resource(APIS.payments, 'GET', '/{paymentId}'),
};

const CATEGORIES = ['electronics', 'books', 'home-garden', 'toys', 'fashion', 'sports', 'beauty', 'grocery'];
const SEARCHES = ['wireless+headphones', 'usb-c+cable', 'running+shoes', 'coffee+grinder', 'desk+lamp', 'yoga+mat', 'phone+case', 'backpack', 'water+bottle', 'air+fryer', 'lego', 'kindle'];
const SORTS = ['relevance', 'price_asc', 'price_desc', 'newest', 'rating'];
const WEB_ROOT = templateId('/');

/** Product ids 1000–9999, popularity by a Zipf rank spread over the id range. */
export function productId(rank: number): number {
  return 1000 + ((rank * 7919) % 9000);
}

type Page = (c: HumanClient, rng: Rng, q: PlanQueue) => void;

const PAGES = Weighted.of<Page>([
  [(c, rng, q) => {
    setPlan(q.add(), R.products, R.products.full, `category=${rng.pick(CATEGORIES)}&page=1&size=24`);
    setPlan(q.add(), R.notifications, R.notifications.full, 'unread=true');
    if (rng.chance(0.6)) setPlan(q.add(), R.cart, R.cart.full);
  }, 10],
  [(c, rng, q) => setPlan(q.add(), R.products, R.products.full, `category=${rng.pick(CATEGORIES)}&page=${rng.int(1, 6)}&size=24&sort=${rng.pick(SORTS)}`), 14],
  [(c, rng, q) => setPlan(q.add(), R.products, R.products.full, `q=${rng.pick(SEARCHES)}&page=1`), 8],
  [(c, rng, q) => {
    const pid = c.pickProduct(rng);
    setPlan(q.add(), R.product, buildPath(R.product, pid));
    if (rng.chance(0.6)) setPlan(q.add(), R.reviews, buildPath(R.reviews, pid), 'page=1&size=10');
  }, 22],
  [(c, rng, q) => setPlan(q.add(), R.list, R.list.full, 'page=1&size=20'), 7],
  [(c, rng, q) => {
    const oid = rng.pick(c.orders);
    setPlan(q.add(), R.order, buildPath(R.order, oid));
    if (rng.chance(0.7)) setPlan(q.add(), R.items, buildPath(R.items, oid));
  }, 6],
  [(c, rng, q) => {
    setPlan(q.add(), R.profile, buildPath(R.profile, c.userId));
    if (rng.chance(0.5)) setPlan(q.add(), R.addresses, buildPath(R.addresses, c.userId));
  }, 4],
  [(c, rng, q) => setPlan(q.add(), R.userV1, buildPath(R.userV1, c.userId)), 2],
  [(c, rng, q) => setPlan(q.add(), R.profilePut, buildPath(R.profilePut, c.userId), '', PlanKind.Api, rng.int(180, 900)), 1],
  [(c, rng, q) => {
    setPlan(q.add(), R.cartAdd, R.cartAdd.full, '', PlanKind.Api, rng.int(40, 120));
    setPlan(q.add(), R.cart, R.cart.full);
  }, 8],
  [(c, rng, q) => {
    setPlan(q.add(), R.cartDel, buildPath(R.cartDel, rng.int(100000, 999999)));
    setPlan(q.add(), R.cart, R.cart.full);
  }, 2],
  [(c, rng, q) => {
    const oid = rng.int(100000, 999999);
    c.orders.push(oid);
    setPlan(q.add(), R.create, R.create.full, '', PlanKind.Api, rng.int(300, 1400));
    setPlan(q.add(), R.pay, R.pay.full, '', PlanKind.Api, rng.int(200, 600));
    setPlan(q.add(), R.order, buildPath(R.order, oid));
  }, 2],
  [(c, rng, q) => setPlan(q.add(), R.cancel, buildPath(R.cancel, rng.pick(c.orders)), '', PlanKind.Api, rng.int(20, 80)), 0.3],
  [(c, rng, q) => setPlan(q.add(), R.payment, buildPath(R.payment, rng.int(3_000_000, 3_999_999))), 0.7],
]);

/** GETs that browsers and apps revalidate with If-None-Match. */
const CONDITIONAL = new Set([R.cart, R.notifications, R.profile, R.addresses, R.userV1, R.products]);

/**
 * A person using the shop from a browser or the mobile app: sessions arrive as a daily-shaped Poisson process
 * with a heavy-tailed per-person rate; a session is a series of page views with human think time, each page
 * view a quick burst of 1–3 API calls. Sometimes a login, rarely mistyped once or twice.
 */
export class HumanClient implements Actor {
  nextTime: number;
  done = false;
  readonly orders: number[] = [];
  private readonly guard = new BenignGuard();
  private readonly queue = new PlanQueue();
  private pageViews = 0;
  private failLogins = 0;
  private readonly referer: string;

  constructor(
    readonly id: number,
    private readonly ip: string,
    private readonly ua: UaProfile,
    private readonly identity: Identity,
    readonly userId: number,
    private readonly browser: boolean,
    private readonly protocol: string,
    /** Session arrivals per ms at the daily peak. */
    private readonly sessionRate: number,
    private readonly popularity: (rng: Rng) => number,
    private readonly web: boolean,
    /** Shared by every client of the same application. */
    private readonly appLimit: AppLimiter,
    rng: Rng,
    start: number,
  ) {
    this.referer = browser ? 'https://shop.example.com/' : '-';
    const n = rng.int(1, 12);
    for (let i = 0; i < n; i++) this.orders.push(rng.int(10000, 99999));
    this.planSession(rng);
    const first = nextArrival(rng, start, sessionRate);
    this.nextTime = this.guard.fit(first, this.queue.front().tpl, this.queue.front().hasId);
  }

  pickProduct(rng: Rng): number {
    return productId(this.popularity(rng));
  }

  emit(req: GenRequest, ctx: GenContext): boolean {
    const rng = ctx.rng;
    const t = this.nextTime;
    const wait = this.appLimit.admit(t);
    if (wait > t) {
      this.nextTime = wait;
      return false;
    }
    const p = this.queue.take();
    const { tpl, hasId, kind } = p; // `outcome` may reuse p's slot to queue a retry
    const identity = p.res && p.res.auth === 'none' ? ANONYMOUS : this.identity;
    fillBase(req, t, this.ip, true, this.ua, this.protocol, kind === PlanKind.Page ? '-' : this.referer, p, identity, this.id);
    this.outcome(req, p, rng, t);
    this.guard.record(t, tpl, hasId, req.status);

    let desired: number;
    if (kind === PlanKind.Login && req.status === 401) desired = t + rng.int(3000, 15_000);
    else if (this.queue.length > 0) desired = t + rng.int(60, 900);
    else if (this.pageViews > 0) {
      desired = t + Math.round(clamp(logNormal(rng, 9000, 0.9), 1500, 240_000));
      this.planPage(rng);
    } else {
      desired = nextArrival(rng, t + 60_000, this.sessionRate);
      this.planSession(rng);
    }
    const next = this.queue.front();
    this.nextTime = this.guard.fit(desired, next.tpl, next.hasId);
    return true;
  }

  private outcome(req: GenRequest, p: Planned, rng: Rng, t: number): void {
    if (p.kind === PlanKind.Page) {
      if (rng.chance(0.35)) respond(req, rng, 304, 0, 3);
      else respond(req, rng, 200, 2300, 4);
      return;
    }
    const r = p.res!;
    if (p.kind === PlanKind.Login) {
      if (this.failLogins > 0 && this.guard.canFail(t)) {
        this.failLogins--;
        respond(req, rng, 401, 120, 160);
        // The person retypes the password a few seconds later.
        setPlan(this.queue.addFirst(), R.login, R.login.full, '', PlanKind.Login, p.reqBytes);
        return;
      }
      this.failLogins = 0;
      respond(req, rng, 200, r.bytesMedian, r.latencyMedian);
      return;
    }
    if (r.auth === 'oauth2' && rng.chance(0.0015) && this.guard.canFail(t)) {
      // Expired access token: the client refreshes it and repeats the call.
      tokenRejected(req, rng);
      this.queue.addFirst(); // p's own slot: the same call again, after…
      setPlan(this.queue.addFirst(), R.refresh, R.refresh.full, '', PlanKind.Refresh, rng.int(90, 140)); // …the refresh
      return;
    }
    const x = rng.float();
    if (x < 0.0025) return serverError(req, rng);
    if (r.hasId && r.method === 'GET' && x < 0.0075 && this.guard.can404(t)) return respond(req, rng, 404, 90, 12);
    if (r.method !== 'GET' && r.method !== 'DELETE' && x > 0.99) return respond(req, rng, 400, 160, 20);
    if (CONDITIONAL.has(r) && x > 0.75) return respond(req, rng, 304, 0, r.latencyMedian * 0.6);
    respond(req, rng, r.okStatus, r.bytesMedian, r.latencyMedian);
  }

  private planSession(rng: Rng): void {
    this.queue.clear();
    this.pageViews = Math.min(60, geometric(rng, 7));
    if (this.web && this.browser && rng.chance(0.6)) setPage(this.queue.add(), '/', WEB_ROOT, false);
    if (rng.chance(this.browser ? 0.35 : 0.1)) {
      this.failLogins = rng.chance(0.06) ? (rng.chance(0.3) ? 2 : 1) : 0;
      setPlan(this.queue.add(), R.login, R.login.full, '', PlanKind.Login, rng.int(60, 110));
    }
    this.planPage(rng);
  }

  private planPage(rng: Rng): void {
    this.pageViews--;
    if (this.pageViews === 0 && rng.chance(0.1)) {
      setPlan(this.queue.add(), R.logout, R.logout.full);
      return;
    }
    PAGES.pick(rng)(this, rng, this.queue);
  }
}
