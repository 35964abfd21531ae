import { APPS, userNameFor, type AppDef, type Identity } from './catalog';
import { AppLimiter } from './benign/guard';
import { clamp, pareto, Zipf } from './distributions';
import { Crawler, HealthMonitor, Poller } from './benign/machines';
import { HumanClient } from './benign/human';
import { bingbotIp, googlebotIp, IpPool } from './ip-space';
import { uuid, type Rng } from './prng';
import type { Actor } from './types';
import { BINGBOT, BROWSERS, GOOGLEBOT, GOOGLEBOT_MOBILE, HEALTH_CHECKERS, INTEGRATIONS, MOBILE_APPS } from './user-agents';

const DAY_MS = 86_400_000;
/** Mean of the daily shape (see `diurnal`): converts a mean daily rate into the peak rate. */
const DIURNAL_MEAN = 0.65;
const POLL_INTERVALS_S = [15, 20, 30, 30, 60, 60, 60, 120, 300];
const HUMANS_PER_APP = 1000;
const REGIONS = ['EU', 'US', 'UK', 'APAC', 'LATAM', 'DE', 'FR', 'IN', 'JP', 'BR', 'CA', 'AU'];

/** Default benign client count: grows with the log so a long log is not a few clients repeating themselves. */
export function defaultClients(lines: number): number {
  return clamp(Math.round(lines / 250), 200, 20_000);
}

/**
 * The benign population: two health monitors, a few crawlers, about 1 % integrations polling on fixed
 * intervals, and the rest people (70 % browsers, 30 % the mobile app) whose activity is Pareto-distributed.
 * Actor ids 0..n-1 in creation order.
 */
export function buildPopulation(rng: Rng, pool: IpPool, clients: number, start: number, web: boolean): Actor[] {
  const actors: Actor[] = [];
  const popularity = new Zipf(9000, 1.1);
  const pickProduct = (r: Rng): number => popularity.rank(r);
  const total = Math.max(8, clients);

  actors.push(new HealthMonitor(actors.length, '10.0.3.21', false, HEALTH_CHECKERS[0]!, 10_000, rng, start));
  actors.push(new HealthMonitor(actors.length, pool.v4(), true, HEALTH_CHECKERS[1]!, 60_000, rng, start));

  const crawlers = clamp(Math.round(total * 0.002), 3, 12);
  const crawlerIps = new Set<string>();
  for (let i = 0; i < crawlers; i++) {
    const google = i % 3 !== 2;
    let ip: string;
    do ip = google ? googlebotIp(rng) : bingbotIp(rng);
    while (crawlerIps.has(ip));
    crawlerIps.add(ip);
    const ua = google ? (i % 3 === 1 ? GOOGLEBOT_MOBILE : GOOGLEBOT) : BINGBOT;
    actors.push(new Crawler(actors.length, ip, ua, pickProduct, web, rng, start));
  }

  const pollers = clamp(Math.round(total * 0.01), 2, 60);
  for (let i = 0; i < pollers; i++) {
    const base = APPS.partners[i % APPS.partners.length]!;
    // One application per integration (a partner with several jobs registers one app per job).
    const app = i < APPS.partners.length ? base : { name: `${base.name}-${Math.floor(i / APPS.partners.length) + 1}`, id: uuid(rng), owner: base.owner };
    const identity: Identity = { app, userName: `${app.owner}@carbon.super`, keyType: rng.chance(0.15) ? 'SANDBOX' : 'PRODUCTION' };
    const interval = rng.pick(POLL_INTERVALS_S) * 1000;
    actors.push(new Poller(actors.length, pool.v4(), rng.pick(INTEGRATIONS), identity, interval, rng.chance(0.4), web, rng, start));
  }

  const humans = Math.max(1, total - actors.length);
  // Regional storefront apps: about one application per HUMANS_PER_APP people keeps each application's
  // traffic far below the detector's per-application burst threshold; the limiter makes it certain.
  const regions = Math.max(1, Math.ceil(humans / HUMANS_PER_APP));
  const apps = new Map<string, { app: AppDef; limit: AppLimiter }>();
  const appFor = (base: AppDef, region: number): { app: AppDef; limit: AppLimiter } => {
    const name = region === 0 ? base.name : `${base.name}-${REGIONS[(region - 1) % REGIONS.length]}${region > REGIONS.length ? Math.ceil(region / REGIONS.length) : ''}`;
    let slot = apps.get(name);
    if (!slot) apps.set(name, (slot = { app: region === 0 ? base : { name, id: uuid(rng), owner: base.owner }, limit: new AppLimiter() }));
    return slot;
  };
  for (let i = 0; i < humans; i++) {
    const browser = rng.chance(0.7);
    const ua = browser ? BROWSERS.pick(rng) : MOBILE_APPS.pick(rng);
    const { app, limit } = appFor(browser ? APPS.web : ua.platform === 'iOS' ? APPS.ios : APPS.android, i % regions);
    const userId = 1001 + i;
    const identity: Identity = { app, userName: `${userNameFor(userId)}@carbon.super`, keyType: 'PRODUCTION' };
    const ip = rng.chance(0.03) ? pool.v6() : pool.v4();
    const protocol = rng.chance(browser ? 0.8 : 0.5) ? 'HTTP/2.0' : 'HTTP/1.1';
    const sessionsPerDay = Math.min(150, 1.2 * pareto(rng, 1, 1.3));
    const peakRate = sessionsPerDay / DAY_MS / DIURNAL_MEAN;
    actors.push(new HumanClient(actors.length, ip, ua, identity, userId, browser, protocol, peakRate, pickProduct, web, limit, rng, start));
  }
  return actors;
}
