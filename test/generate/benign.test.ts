/**
 * Property check: no benign client of a generated log crosses the detector's default thresholds. The checker
 * is independent of the generator: it reads the log text back and slides windows over logged times (so
 * second-resolution timestamps are taken as the detector sees them). Windows are inclusive: two events
 * logged 10 s apart are in the same 10 s window.
 */
import { describe, expect, it } from 'vitest';
import type { GenerateFormat } from '@core/generate/index';
import { generate, groupBy, readMetrics, readRequests, template, type Req } from './helpers';

const LINES = 200_000;
const S = 1000;

/** Largest number of events (or distinct keys, if `key` is given) inside any window of `windowMs`. */
function worstWindow(events: Req[], windowMs: number, key?: (r: Req) => string): number {
  let best = 0;
  const counts = new Map<string, number>();
  let j = 0;
  for (let i = 0; i < events.length; i++) {
    while (events[i]!.time - events[j]!.time > windowMs) {
      if (key) {
        const k = key(events[j]!);
        const c = counts.get(k)! - 1;
        if (c === 0) counts.delete(k);
        else counts.set(k, c);
      }
      j++;
    }
    if (key) {
      const k = key(events[i]!);
      counts.set(k, (counts.get(k) ?? 0) + 1);
      best = Math.max(best, counts.size);
    } else best = Math.max(best, i - j + 1);
  }
  return best;
}

/** Longest run of consecutive numeric ids (ascending or descending) under one template, in order. */
function longestIdRun(events: Req[]): number {
  const last = new Map<string, { id: number; up: number; down: number }>();
  let best = 0;
  for (const e of events) {
    const m = /^(.*)\/(\d+)$/.exec(e.path);
    if (!m) continue;
    const id = Number(m[2]);
    const tpl = template(e.path);
    const prev = last.get(tpl);
    const up = prev && id === prev.id + 1 ? prev.up + 1 : 1;
    const down = prev && id === prev.id - 1 ? prev.down + 1 : 1;
    last.set(tpl, { id, up, down });
    best = Math.max(best, up, down);
  }
  return best;
}

const ATTACK_LOOKING_PATH =
  /\.\.|%2e|%27|'|<|>|%3c|union|select|sleep\(|jndi|\/\.(?!well-known)|\.env|\.git|passwd|win\.ini|\.bak$|\.sql|phpinfo|wp-|xmlrpc|admin|actuator|cgi-bin|server-status|\.php|console|swagger|api-docs|graphql|debug|backup/i;
const ATTACK_LOOKING_UA = /sqlmap|nikto|nuclei|nmap|masscan|zgrab|gobuster|dirbuster|ffuf|fuzz|feroxbuster|wfuzz|hydra|wpscan|acunetix|curl|python|go-http/i;

function checkBenign(format: GenerateFormat, seed: number): void {
  const { lines, summary } = generate({ lines: LINES, seed, format });
  const attackers = new Set(summary.truth.map((r) => r.ip));
  const benign = readRequests(format, lines).filter((r) => !attackers.has(r.ip));
  expect(benign.length).toBeGreaterThan(format === 'wso2-access' ? 40_000 : 150_000);
  const clients = groupBy(benign, (r) => r.ip);
  expect(clients.size).toBeGreaterThan(format === 'wso2-access' ? 500 : 700);
  const problems: string[] = [];
  const limit = (what: string, value: number, max: number): void => {
    if (value >= max) problems.push(`${what}: ${value} (limit < ${max})`);
  };
  const fail = (r: Req): boolean => r.status === 401 || r.status === 403;
  let big = 0;
  for (const [ip, evs] of clients) {
    evs.sort((a, b) => a.time - b.time || a.line - b.line);
    const at = `${ip}`;
    limit(`${at} requests in 10 s`, worstWindow(evs, 10 * S), 15);
    limit(`${at} endpoints in 10 s`, worstWindow(evs, 10 * S, (r) => template(r.path)), 5);
    const failures = evs.filter(fail);
    limit(`${at} 401/403 in 10 s`, worstWindow(failures, 10 * S), 5);
    limit(`${at} 401/403 in 15 min`, worstWindow(failures, 15 * 60 * S), 20);
    const notFound = evs.filter((r) => r.status === 404);
    limit(`${at} 404 endpoints in 10 min`, worstWindow(notFound, 10 * 60 * S, (r) => template(r.path)), 20);
    limit(`${at} 404s in 10 s`, worstWindow(notFound, 10 * S), 30);
    // 404 ratio: ≥ 80 % of the last 20 requests, all within 60 s.
    let recent404 = 0;
    for (let i = 0; i < evs.length; i++) {
      if (evs[i]!.status === 404) recent404++;
      if (i >= 20 && evs[i - 20]!.status === 404) recent404--;
      if (i >= 19 && evs[i]!.time - evs[i - 19]!.time <= 60 * S) limit(`${at} 404 share of last 20`, recent404, 16);
    }
    if (evs.length >= 50) {
      big++;
      limit(`${at} overall 404 share x1000`, Math.round((1000 * notFound.length) / evs.length), 100);
    }
    limit(`${at} distinct paths in 60 s`, worstWindow(evs, 60 * S, (r) => r.path), 40);
    const ids = evs.filter((r) => /\/\d+(\/|$)/.test(r.path));
    limit(`${at} distinct ids in 60 s`, worstWindow(ids, 60 * S, (r) => r.path), 20);
    limit(`${at} consecutive ids`, longestIdRun(evs), 10);
    limit(`${at} query strings on one endpoint in 10 s`, worstWindow(evs, 10 * S, (r) => `${template(r.path)}?${r.query}`), 30);
    limit(`${at} user agents`, new Set(evs.map((r) => r.ua)).size, 2);
    for (const r of evs) {
      if (ATTACK_LOOKING_PATH.test(`${r.path}?${r.query}`)) problems.push(`${at} path ${r.path}?${r.query}`);
      if (ATTACK_LOOKING_UA.test(r.ua)) problems.push(`${at} UA ${r.ua}`);
    }
  }
  expect(problems.slice(0, 20)).toEqual([]);
  expect(big).toBeGreaterThan(50); // heavy-tailed: plenty of busy clients were checked too
}

describe('generate: benign clients stay under the default detection thresholds (200k lines)', () => {
  it('nginx combined', () => checkBenign('combined', 101));
  it('WSO2 gateway access log', () => checkBenign('wso2-access', 102));
  it('WSO2 analytics (apim:response events with userIp)', () => checkBenign('wso2-metrics', 103));

  it('WSO2 analytics: no benign application or user reaches 60 requests or 10 auth failures in 10 s', () => {
    const { lines, summary } = generate({ lines: LINES, seed: 103, format: 'wso2-metrics' });
    const attackers = new Set(summary.truth.map((r) => r.ip));
    const events = readMetrics(lines);
    // Attack requests that reach the analytics carry the attackers' own identities; benign ones never share them.
    const attackerIdentities = new Set<string>();
    for (const e of events) if (attackers.has(e.props.userIp as string)) attackerIdentities.add(e.props.applicationName as string).add(e.props.userName as string);
    const asReq = (e: (typeof events)[number]): Req => ({
      ip: '',
      time: Date.parse(e.props.requestTimestamp as string),
      method: '',
      path: '',
      query: '',
      status: e.props.proxyResponseCode as number,
      ua: '',
      line: e.line,
    });
    for (const field of ['applicationName', 'userName'] as const) {
      const ignored = new Set(['UNKNOWN', 'anonymous', ...attackerIdentities]);
      const byId = groupBy(
        events.filter((e) => e.props[field] !== undefined && !ignored.has(e.props[field] as string) && !attackers.has(e.props.userIp as string)),
        (e) => e.props[field] as string,
      );
      expect(byId.size).toBeGreaterThan(3);
      for (const [id, evs] of byId) {
        const reqs = evs.map(asReq).sort((a, b) => a.time - b.time);
        expect(worstWindow(reqs, 10 * S), `${field} ${id}: requests in 10 s`).toBeLessThan(60);
        expect(worstWindow(reqs.filter((r) => r.status === 401 || r.status === 403), 10 * S), `${field} ${id}: failures`).toBeLessThan(10);
      }
    }
  });

  it('status mix looks like production: mostly 2xx/304, some 404, rare 5xx, a few benign 401s', () => {
    const { lines, summary } = generate({ lines: LINES, seed: 101, format: 'combined' });
    const attackers = new Set(summary.truth.map((r) => r.ip));
    const benign = readRequests('combined', lines).filter((r) => !attackers.has(r.ip));
    const share = (p: (r: Req) => boolean): number => benign.filter(p).length / benign.length;
    expect(share((r) => r.status >= 200 && r.status < 300)).toBeGreaterThan(0.8);
    expect(share((r) => r.status === 304)).toBeGreaterThan(0.02);
    expect(share((r) => r.status === 404)).toBeGreaterThan(0.0005);
    expect(share((r) => r.status === 404)).toBeLessThan(0.02);
    expect(share((r) => r.status >= 500)).toBeGreaterThan(0.0005);
    expect(share((r) => r.status >= 500)).toBeLessThan(0.01);
    expect(share((r) => r.status === 401)).toBeGreaterThan(0.0002);
    expect(share((r) => r.status === 401)).toBeLessThan(0.01);
    // Pollers, health checks and crawlers are there.
    expect(benign.some((r) => r.path === '/health')).toBe(true);
    expect(benign.some((r) => /Googlebot/.test(r.ua))).toBe(true);
    expect(benign.some((r) => /bingbot/.test(r.ua))).toBe(true);
    expect(benign.some((r) => r.path === '/api/v1/inventory/sync')).toBe(true);
    // Heavy-tailed volume: the busiest 10 % of clients send a large share of the requests.
    const counts = [...groupBy(benign, (r) => r.ip).values()].map((v) => v.length).sort((a, b) => b - a);
    const top = counts.slice(0, Math.ceil(counts.length / 10)).reduce((a, b) => a + b, 0);
    expect(top / benign.length).toBeGreaterThan(0.35);
  });
});
