import { describe, expect, it } from 'vitest';
import { ATTACK_TYPES, defaultAttackMix, parseAttackMix, type AttackType, type TruthRow } from '@core/generate/index';
import { generate, groupBy, readCombined, template, type Req } from './helpers';

const LINES = 200_000;

function maxInWindow(reqs: Req[], windowMs: number, pred: (r: Req) => boolean = () => true): number {
  const ts = reqs.filter(pred).map((r) => r.time);
  let best = 0;
  for (let i = 0, j = 0; i < ts.length; i++) {
    while (ts[i]! - ts[j]! > windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

function maxDistinctTemplates(reqs: Req[], windowMs: number): number {
  let best = 0;
  for (let i = 0; i < reqs.length; i++) {
    const set = new Set<string>();
    for (let j = i; j < reqs.length && reqs[j]!.time - reqs[i]!.time <= windowMs; j++) set.add(template(reqs[j]!.path));
    best = Math.max(best, set.size);
  }
  return best;
}

describe('generate: injected attacks (nginx combined, 200k lines)', () => {
  const { lines, summary } = generate({ lines: LINES, seed: 3, format: 'combined' });
  const byIp = groupBy(readCombined(lines), (r) => r.ip);
  const rows = (t: AttackType): TruthRow[] => summary.truth.filter((r) => r.attackType === t);
  const reqs = (r: TruthRow): Req[] => byIp.get(r.ip)!;

  it('every attack type is present, about one episode per 20k lines each', () => {
    for (const t of ATTACK_TYPES) {
      expect(summary.episodesByType[t], t).toBe(LINES / 20_000);
      expect(rows(t).length, t).toBeGreaterThan(0);
    }
  });

  it('attacks are spread over the time span', () => {
    const span = summary.lastTime - summary.firstTime;
    const starts = rows('burst').map((r) => (r.firstSeen - summary.firstTime) / span);
    expect(Math.min(...starts)).toBeLessThan(0.2);
    expect(Math.max(...starts)).toBeGreaterThan(0.7);
  });

  it('burst: 30–200+ requests, ≥ 15 within 10 s', () => {
    for (const r of rows('burst')) {
      expect(r.requests).toBeGreaterThanOrEqual(30);
      expect(maxInWindow(reqs(r), 10_000)).toBeGreaterThanOrEqual(15);
    }
  });

  it('endpoint scan: many distinct paths, mostly 404, ≥ 5 endpoints within 10 s', () => {
    for (const r of rows('endpoint_scan')) {
      const q = reqs(r);
      expect(new Set(q.map((x) => x.path)).size).toBe(q.length);
      expect(q.length).toBeGreaterThanOrEqual(40);
      expect(q.filter((x) => x.status === 404).length / q.length).toBeGreaterThan(0.5);
      expect(maxDistinctTemplates(q, 10_000)).toBeGreaterThanOrEqual(5);
    }
  });

  it('id enumeration: walks consecutive numeric ids under one endpoint', () => {
    for (const r of rows('id_enumeration')) {
      const q = reqs(r);
      expect(new Set(q.map((x) => template(x.path))).size).toBe(1);
      const ids = q.map((x) => Number(/\/(\d+)(?:\/[a-z]+)?$/.exec(x.path)![1]));
      let run = 1;
      let best = 1;
      for (let i = 1; i < ids.length; i++) {
        run = ids[i] === ids[i - 1]! + 1 ? run + 1 : 1;
        best = Math.max(best, run);
      }
      expect(best).toBeGreaterThanOrEqual(10);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('fast credential stuffing: POST logins, nearly all 401, ≥ 5 failures within 10 s', () => {
    for (const r of rows('credential_stuffing')) {
      const q = reqs(r);
      expect(q.every((x) => x.method === 'POST' && /^\/(oauth2\/token|api\/v1\/auth\/login)$/.test(x.path))).toBe(true);
      expect(q.filter((x) => x.status === 401).length / q.length).toBeGreaterThan(0.9);
      expect(maxInWindow(q, 10_000, (x) => x.status === 401)).toBeGreaterThanOrEqual(5);
    }
  });

  it('low-and-slow stuffing: one try every 30–42 s, ≥ 20 failures in 15 min, never 5 in 10 s', () => {
    for (const r of rows('credential_stuffing_slow')) {
      const q = reqs(r);
      expect(maxInWindow(q, 15 * 60_000, (x) => x.status === 401)).toBeGreaterThanOrEqual(20);
      expect(maxInWindow(q, 10_000)).toBeLessThan(5);
      for (let i = 1; i < q.length; i++) expect(q[i]!.time - q[i - 1]!.time).toBeGreaterThanOrEqual(29_000);
      expect(r.lastSeen - r.firstSeen).toBeGreaterThanOrEqual(15 * 60_000);
    }
  });

  it('distributed stuffing: ≥ 50 IPs with 1–3 tries each against one endpoint within 10 min', () => {
    const dist = rows('credential_stuffing_distributed');
    expect(dist.filter((r) => r.requests < 1 || r.requests > 3)).toEqual([]);
    const all = dist.flatMap((r) => reqs(r)).sort((a, b) => a.time - b.time);
    // Group into episodes by gaps of > 15 min; each episode targets a single endpoint with ≥ 50 IPs in 10 min.
    const episodes: Req[][] = [];
    for (const x of all) {
      const e = episodes.at(-1);
      if (e && x.time - e.at(-1)!.time < 15 * 60_000) e.push(x);
      else episodes.push([x]);
    }
    expect(episodes.length).toBe(summary.episodesByType.credential_stuffing_distributed);
    for (const e of episodes) {
      expect(new Set(e.map((x) => `${x.method} ${x.path}`)).size).toBe(1);
      expect(e[e.length - 1]!.time - e[0]!.time).toBeLessThanOrEqual(10 * 60_000);
      expect(new Set(e.map((x) => x.ip)).size).toBeGreaterThanOrEqual(50);
      expect(e.filter((x) => x.status === 401).length / e.length).toBeGreaterThan(0.9);
    }
  });

  it('content probing: injection, traversal and sensitive-file requests from scanner user agents', () => {
    const payload = /(%27|'|union|select|sleep|<script|%3cscript|onerror|javascript:|\.\.|%2e%2e|\/\.env|\/\.git|passwd|win\.ini|jndi|%7b%7b|\.bak|\.sql|credentials|id_rsa|server-status|phpinfo|web-inf|docker-compose|\.htpasswd|\.npmrc|\.svn|\.ds_store|sftp\.json|actuator|cgi-bin|onload|alert|config\.json)/i;
    for (const r of rows('content_probing')) {
      const q = reqs(r);
      expect(q.every((x) => /sqlmap|nikto|nuclei|wfuzz/i.test(x.ua))).toBe(true);
      expect(q.filter((x) => payload.test(`${x.path}?${x.query}`)).length).toBe(q.length);
    }
  });
});

describe('generate: attack mix option', () => {
  it('defaults to one episode of each type per 20k lines (at least one)', () => {
    expect(defaultAttackMix(1000)).toEqual(Object.fromEntries(ATTACK_TYPES.map((t) => [t, 1])));
    expect(defaultAttackMix(1_000_000).burst).toBe(50);
  });

  it('parses --attacks specs', () => {
    expect(parseAttackMix('none', 100_000)).toEqual({});
    expect(parseAttackMix('default', 100_000)).toEqual(defaultAttackMix(100_000));
    expect(parseAttackMix('burst=3, endpoint_scan', 100_000)).toEqual({ burst: 3, endpoint_scan: 5 });
    expect(() => parseAttackMix('ddos=1', 1000)).toThrow(/unknown attack type 'ddos'/);
    expect(() => parseAttackMix('burst=-1', 1000)).toThrow(/integer/);
    expect(() => parseAttackMix('burst=x', 1000)).toThrow(/integer/);
  });

  it('honours an explicit mix, and none', () => {
    const only = generate({ lines: 40_000, seed: 8, format: 'combined', attacks: { burst: 3, credential_stuffing_slow: 1 } }).summary;
    expect(only.episodesByType).toEqual({ burst: 3, credential_stuffing_slow: 1 });
    const none = generate({ lines: 40_000, seed: 8, format: 'combined', attacks: {} }).summary;
    expect(none.truth).toEqual([]);
    expect(none.attackRequests).toBe(0);
  });
});
