import { Rng, uuid } from './prng';

/** A client's User-Agent with the ua-parser family/OS that WSO2 analytics logs instead of the raw string. */
export interface UaProfile {
  ua: string;
  family: string;
  platform: string;
}

export interface AppDef {
  name: string;
  id: string;
  owner: string;
}

/** Consumer identity behind an access token (WSO2 analytics fields). */
export interface Identity {
  app: AppDef;
  userName: string;
  keyType: 'PRODUCTION' | 'SANDBOX';
}

export interface ResourceDef {
  method: string;
  /** WSO2 resource template relative to the API context, e.g. '/{orderId}/items' ('/' for the root). */
  template: string;
  /** Full path template, e.g. '/api/v1/orders/{orderId}/items'. */
  full: string;
  /** Literal pieces around the placeholders of `full`, for fast path building. */
  parts: string[];
  /** Small integer naming `full`: what the benign guard counts as a distinct path template. */
  tplId: number;
  /** 'none' = open resource (login, public catalogue, health): no token needed. */
  auth: 'oauth2' | 'none';
  okStatus: number;
  bytesMedian: number;
  latencyMedian: number;
  hasId: boolean;
  api: ApiDef;
}

export interface ApiDef {
  name: string;
  id: string;
  /** Concrete context with the version, e.g. '/api/v1/orders'. */
  context: string;
  version: string;
  creator: string;
  backendIp: string;
  /** Path prefix on the backend that replaces the context. */
  backendBase: string;
  destination: string;
  /** false for the gateway's token endpoint: it publishes no analytics events. */
  analytics: boolean;
  resources: ResourceDef[];
}

const templateIds = new Map<string, number>();

/** Interns a path template (or a literal path) as a small integer. */
export function templateId(template: string): number {
  let id = templateIds.get(template);
  if (id === undefined) templateIds.set(template, (id = templateIds.size));
  return id;
}

type ResSpec = [method: string, template: string, auth: 'oauth2' | 'none', ok: number, bytes: number, latency: number];

const catalogRng = new Rng('api-shield catalog v1');

function api(
  name: string,
  context: string,
  version: string,
  backendIp: string,
  backendBase: string,
  specs: ResSpec[],
  analytics = true,
): ApiDef {
  const def: ApiDef = {
    name,
    id: uuid(catalogRng),
    context,
    version,
    creator: 'apiadmin',
    backendIp,
    backendBase,
    destination: `http://${backendIp}:8080${backendBase}`,
    analytics,
    resources: [],
  };
  for (const [method, template, auth, okStatus, bytesMedian, latencyMedian] of specs) {
    const full = template === '/' ? context : context + template;
    def.resources.push({
      method,
      template,
      full,
      parts: full.split(/\{[^}]+\}/),
      tplId: templateId(full),
      auth,
      okStatus,
      bytesMedian,
      latencyMedian,
      hasId: full.includes('{'),
      api: def,
    });
  }
  return def;
}

export const APIS = {
  orders: api('OrdersAPI', '/api/v1/orders', 'v1', '10.20.1.11', '/orders-service/orders', [
    ['GET', '/', 'oauth2', 200, 5200, 48],
    ['POST', '/', 'oauth2', 201, 640, 120],
    ['GET', '/{orderId}', 'oauth2', 200, 1900, 31],
    ['GET', '/{orderId}/items', 'oauth2', 200, 2600, 36],
    ['POST', '/{orderId}/cancel', 'oauth2', 200, 420, 90],
  ]),
  usersV1: api('UsersAPI', '/api/v1/users', 'v1', '10.20.1.12', '/user-service/users', [
    ['GET', '/{userId}', 'oauth2', 200, 980, 22],
  ]),
  usersV2: api('UsersAPI', '/api/v2/users', 'v2', '10.20.1.12', '/user-service/v2/users', [
    ['GET', '/{userId}/profile', 'oauth2', 200, 1400, 25],
    ['PUT', '/{userId}/profile', 'oauth2', 200, 1350, 64],
    ['GET', '/{userId}/addresses', 'oauth2', 200, 760, 21],
  ]),
  products: api('CatalogAPI', '/api/v1/products', 'v1', '10.20.1.13', '/catalog/products', [
    ['GET', '/', 'none', 200, 9800, 55],
    ['GET', '/{productId}', 'none', 200, 3100, 18],
    ['GET', '/{productId}/reviews', 'none', 200, 4200, 40],
  ]),
  cart: api('CartAPI', '/api/v1/cart', 'v1', '10.20.1.14', '/cart-service/cart', [
    ['GET', '/', 'oauth2', 200, 1700, 15],
    ['POST', '/items', 'oauth2', 201, 520, 28],
    ['DELETE', '/items/{itemId}', 'oauth2', 204, 0, 21],
  ]),
  auth: api('AuthAPI', '/api/v1/auth', 'v1', '10.20.1.15', '/identity/auth', [
    ['POST', '/login', 'none', 200, 860, 140],
    ['POST', '/refresh', 'none', 200, 850, 60],
    ['POST', '/logout', 'oauth2', 204, 0, 20],
  ]),
  notifications: api('NotificationsAPI', '/api/v1/notifications', 'v1', '10.20.1.16', '/notify/notifications', [
    ['GET', '/', 'oauth2', 200, 1100, 17],
  ]),
  payments: api('PaymentsAPI', '/api/v2/payments', 'v2', '10.20.1.17', '/payments/v2/payments', [
    ['POST', '/', 'oauth2', 201, 540, 310],
    ['GET', '/{paymentId}', 'oauth2', 200, 690, 35],
  ]),
  inventory: api('InventoryAPI', '/api/v1/inventory', 'v1', '10.20.1.18', '/inventory/items', [
    ['GET', '/sync', 'oauth2', 200, 14500, 180],
    ['GET', '/{sku}', 'oauth2', 200, 820, 19],
  ]),
  health: api('HealthAPI', '/health', '1.0.0', '10.20.1.19', '/actuator/health', [['GET', '/', 'none', 200, 49, 3]]),
  token: api('_TokenAPI_', '/token', '1.0.0', '10.20.5.10', '/oauth2/token', [['POST', '/', 'none', 200, 1180, 85]], false),
} as const;

const ALL_APIS: ApiDef[] = Object.values(APIS);

export function resource(a: ApiDef, method: string, template: string): ResourceDef {
  const r = a.resources.find((x) => x.method === method && x.template === template);
  if (!r) throw new Error(`catalog: no ${method} ${template} in ${a.name}`);
  return r;
}

/** Builds a concrete path from a resource and its id values, in placeholder order. */
export function buildPath(r: ResourceDef, id0 = 0, id1 = 0): string {
  const p = r.parts;
  if (p.length === 1) return p[0]!;
  if (p.length === 2) return p[0]! + id0 + p[1]!;
  return p[0]! + id0 + p[1]! + id1 + p[2]!;
}

export interface Route {
  api: ApiDef | null;
  resource: ResourceDef | null;
}

/** What the WSO2 gateway would match for a request: the API by context, then the resource by template. */
export function route(method: string, path: string, out: Route): Route {
  out.api = null;
  out.resource = null;
  for (const a of ALL_APIS) {
    if (!path.startsWith(a.context)) continue;
    const rest = path.slice(a.context.length);
    if (rest !== '' && rest[0] !== '/') continue;
    out.api = a;
    const segs = rest === '' || rest === '/' ? [] : rest.slice(1).split('/');
    for (const r of a.resources) {
      if (r.method !== method) continue;
      const tsegs = r.template === '/' ? [] : r.template.slice(1).split('/');
      if (tsegs.length !== segs.length) continue;
      let ok = true;
      for (let i = 0; i < tsegs.length && ok; i++) {
        const t = tsegs[i]!;
        ok = t[0] === '{' ? segs[i] !== '' : t === segs[i];
      }
      if (ok) {
        out.resource = r;
        return out;
      }
    }
    return out;
  }
  return out;
}

function app(name: string, owner: string): AppDef {
  return { name, id: uuid(catalogRng), owner };
}

export const APPS = {
  web: app('ShopWeb', 'shop_admin'),
  ios: app('ShopMobile-iOS', 'mobile_team'),
  android: app('ShopMobile-Android', 'mobile_team'),
  partners: [
    app('AcmeERP-Connector', 'acme_integration'),
    app('GlobexSync', 'globex_ops'),
    app('InventoryBridge', 'ops_automation'),
    app('ReportingExporter', 'bi_team'),
    app('InitechOrders', 'initech_dev'),
  ],
} as const;

/** Open resources: the analytics event carries no application or user. */
export const ANONYMOUS: Identity = { app: { name: 'UNKNOWN', id: 'UNKNOWN', owner: 'UNKNOWN' }, userName: 'anonymous', keyType: 'PRODUCTION' };

const FIRST = ['maria', 'john', 'wei', 'fatima', 'lucas', 'anna', 'omar', 'sofia', 'david', 'yuki', 'li', 'priya', 'james', 'elena', 'ahmed', 'chloe', 'raj', 'nina', 'pedro', 'emma', 'ivan', 'sara', 'tom', 'mei', 'carlos', 'olga', 'ali', 'julia', 'ken', 'laura'];
const LAST = ['garcia', 'smith', 'chen', 'khan', 'silva', 'muller', 'haddad', 'rossi', 'cohen', 'tanaka', 'wang', 'patel', 'brown', 'petrova', 'hassan', 'martin', 'singh', 'novak', 'santos', 'wilson', 'ivanov', 'lopez', 'clark', 'zhang', 'ruiz', 'sokolova', 'yilmaz', 'schmidt', 'sato', 'moreau'];

/** A stable user name for a numeric user id. */
export function userNameFor(userId: number): string {
  const f = FIRST[userId % FIRST.length]!;
  const l = LAST[Math.floor(userId / FIRST.length) % LAST.length]!;
  const n = Math.floor(userId / (FIRST.length * LAST.length));
  return n === 0 ? `${f}.${l}` : `${f}.${l}${n}`;
}
