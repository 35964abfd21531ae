import type { AccessEvent } from '@core/events/event';
import { describe, expect, test } from 'vitest';
import { alertsOf, req, rulesOf, run } from './helpers';

const MIN = 60_000;

describe('slow scan and low-and-slow stuffing', () => {
  test('20 distinct endpoints answered 404 over 9 minutes is a slow scan (no fast rule fires)', () => {
    const events = Array.from({ length: 20 }, (_, i) => req(i * 27_000, { path: `/probe-${String.fromCharCode(97 + i)}`, status: 404 }));
    const r = run(events);
    expect(rulesOf(r)).toEqual(['slow-scan']);
    expect(alertsOf(r, 'slow-scan')[0]!.reason).toMatch(/^20 distinct endpoints answered 404 in 10 min/);
  });

  test('19 do not', () => {
    const events = Array.from({ length: 19 }, (_, i) => req(i * 27_000, { path: `/probe-${String.fromCharCode(97 + i)}`, status: 404 }));
    expect(alertsOf(run(events))).toEqual([]);
  });

  test('20 auth failures in 14 minutes is low-and-slow stuffing, below the fast auth rule', () => {
    const events = Array.from({ length: 20 }, (_, i) => req(i * 42_000, { method: 'POST', path: '/login', status: 401 }));
    const r = run(events);
    expect(rulesOf(r)).toEqual(['low-slow-stuffing']);
  });

  test('the same failures spread over an hour do not alert', () => {
    const events = Array.from({ length: 20 }, (_, i) => req(i * 3 * MIN, { method: 'POST', path: '/login', status: 401 }));
    expect(alertsOf(run(events))).toEqual([]);
  });
});

describe('high 404 ratio', () => {
  test('17 of the last 20 requests answered 404 within a minute alerts', () => {
    const events = Array.from({ length: 24 }, (_, i) => req(i * 2_400, { path: '/api/item', status: i % 7 === 0 ? 200 : 404 }));
    expect(alertsOf(run(events), 'not-found-ratio')).toHaveLength(1);
  });

  test('a few 404s among normal traffic do not', () => {
    const events = Array.from({ length: 40 }, (_, i) => req(i * 2_500, { path: '/api/item', status: i % 3 === 0 ? 404 : 200 }));
    expect(alertsOf(run(events), 'not-found-ratio')).toEqual([]);
  });
});

describe('object-id enumeration', () => {
  test('enumeration: walking ids alerts', () => {
    const events = Array.from({ length: 12 }, (_, i) => req(i * 4_000, { path: `/api/users/${100 + i}` }));
    const [a] = alertsOf(run(events), 'enumeration');
    expect(a).toBeDefined();
    expect(a!.reason).toContain('/api/users/{id}');
  });

  test('many distinct random ids under one template in 60 s alert', () => {
    const ids = [5, 912, 33, 7001, 250, 18, 4444, 61, 999, 12, 3030, 77, 1500, 808, 42, 6000, 321, 2, 5150, 73];
    const events = ids.map((id, i) => req(i * 2_900, { path: `/api/orders/${id}` }));
    expect(alertsOf(run(events), 'enumeration')).toHaveLength(1);
  });

  test('re-reading the same few objects is not enumeration', () => {
    const events = Array.from({ length: 60 }, (_, i) => req(i * 1_000, { path: `/api/orders/${[10, 20, 30][i % 3]}` }));
    expect(alertsOf(run(events), 'enumeration')).toEqual([]);
  });
});

describe('credential stuffing spread over many IPs', () => {
  test('distributed stuffing across 30 IPs against one user alerts with keyKind target', () => {
    const events = Array.from({ length: 30 }, (_, i) =>
      req(i * 10_000, { client: `198.51.100.${i + 1}`, method: 'POST', path: '/login', status: 401, user: 'alice' }),
    );
    const r = run(events);
    const targets = alertsOf(r, 'distributed-stuffing');
    expect(targets.map((a) => [a.keyKind, a.key])).toEqual([['target', 'user:alice']]);
    expect(targets[0]!.reason).toMatch(/^auth failures against user:alice from 30 distinct IPs in 10 min \(threshold 10\)/);
    // each IP alone stays quiet
    expect(alertsOf(r).filter((a) => a.keyKind === 'ip')).toEqual([]);
  });

  test('many IPs failing on one login endpoint alert on the endpoint', () => {
    const events = Array.from({ length: 60 }, (_, i) => req(i * 5_000, { client: `100.64.0.${i + 1}`, method: 'POST', path: '/api/login', status: 401 }));
    expect(alertsOf(run(events), 'distributed-stuffing').map((a) => a.key)).toEqual(['endpoint:POST /api/login']);
  });

  describe('the IPs a target alert names (its block list)', () => {
    const login = (at: number, client: string, status: number) => req(at, { client, method: 'POST', path: '/api/login', status });
    const bots = (from: number, n: number, first: number, gap = 2_000) =>
      Array.from({ length: n }, (_, i) => login(from + i * gap, `100.64.2.${first + i}`, 401));
    const named = (events: AccessEvent[]) => alertsOf(run(events), 'distributed-stuffing').flatMap((a) => a.clients ?? []);

    test('names a bot whose only attempt succeeded while the attack was on', () => {
      const events = [...bots(0, 60, 1), login(121_000, '100.64.9.9', 200)];
      expect(named(events)).toContain('100.64.9.9');
      expect(named(events)).toHaveLength(61);
    });

    test('names a bot whose success came after failures began but before the threshold tripped', () => {
      const events = [...bots(0, 60, 1), login(11_000, '100.64.9.9', 200)].sort((a, b) => a.time - b.time);
      expect(named(events)).toContain('100.64.9.9');
    });

    test('does not name a user who mistyped a password during the attack, then used the API', () => {
      const user = '192.0.2.44';
      const events = [...bots(0, 60, 1), login(50_000, user, 401), req(52_000, { client: user, path: '/api/cart' })];
      events.sort((a, b) => a.time - b.time);
      expect(named(events)).not.toContain(user);
      expect(named(events)).toHaveLength(60);
    });

    test('reports the list again as it grows, not only when the episode closes', () => {
      const r = run(bots(0, 100, 1), undefined, false);
      const sizes = r.changes.filter((c) => c.alert.rule === 'distributed-stuffing').map((c) => c.alert.clients!.length);
      expect(sizes[0]).toBe(50);
      expect(sizes.length).toBeGreaterThanOrEqual(3);
      expect(sizes.at(-1)).toBeGreaterThanOrEqual(85);
    });

    test('users logging in during a long attack do not crowd the bots out of the list', () => {
      // 1,200 users log in (and go on to use the API) while the attack runs: more than the list holds.
      const users = Array.from({ length: 1200 }, (_, i) => {
        const ip = `10.${(i >> 8) & 255}.${i & 255}.9`;
        return [login(100_000 + i * 100, ip, 200), req(100_050 + i * 100, { client: ip, path: '/api/cart' })];
      }).flat();
      const late = bots(200_000, 40, 201, 1_000);
      const events = [...bots(0, 60, 1), ...users, ...late].sort((a, b) => a.time - b.time);
      const list = named(events);
      expect(list.filter((ip) => ip.startsWith('10.'))).toEqual([]);
      expect(list).toHaveLength(100);
    });

    test('names every IP of a second wave that climbs back over the threshold within one episode', () => {
      // Wave 1 (2 s apart) ends at 118 s and its IPs leave the 10-minute window from 600 s on. Wave 2 (1 s
      // apart) starts at 640 s with the count down to 40, and is back at 50 by 660 s: within the episode's
      // 10-minute quiet gap, so one episode, which must name wave 2's first 20 IPs too.
      const events = [...bots(0, 60, 1), ...bots(640_000, 60, 101, 1_000)];
      const alerts = alertsOf(run(events), 'distributed-stuffing');
      expect(alerts).toHaveLength(1);
      expect(new Set(alerts[0]!.clients)).toEqual(new Set([...Array(60).keys()].flatMap((i) => [`100.64.2.${i + 1}`, `100.64.2.${i + 101}`])));
    });
  });

  test('a handful of users mistyping passwords do not', () => {
    const events = Array.from({ length: 8 }, (_, i) => req(i * 30_000, { client: `100.64.1.${i + 1}`, method: 'POST', path: '/login', status: 401, user: `u${i}` }));
    expect(alertsOf(run(events))).toEqual([]);
  });
});

describe('a WordPress login botnet (each IP under every per-client threshold)', () => {
  const blindPost = (at: number, client: string, path = '/xmlrpc.php') => req(at, { client, method: 'POST', path, status: 404, referer: '-' });
  /** n IPs, one blind POST each, `gap` ms apart. */
  const botnet = (n: number, gap: number, path?: string) => Array.from({ length: n }, (_, i) => blindPost(i * gap, `100.66.${i >> 8}.${i & 255}`, path));

  test('20 IPs each POSTing once to xmlrpc.php within an hour alert on the endpoint, naming every IP', () => {
    const r = run(botnet(20, 3 * MIN));
    const [a, ...more] = alertsOf(r, 'wordpress-botnet');
    expect(more).toEqual([]);
    expect([a!.keyKind, a!.key, a!.severity]).toEqual(['target', 'endpoint:POST /xmlrpc.php', 'medium']);
    expect(a!.reason).toMatch(/^WordPress login POSTs to endpoint:POST \/xmlrpc\.php from 20 distinct IPs that requested nothing else, in 60 min \(threshold 20\)/);
    expect(new Set(a!.clients)).toEqual(new Set(botnet(20, 1).map((e) => e.client)));
    // No per-client rule sees any of them.
    expect(alertsOf(r).filter((x) => x.keyKind === 'ip')).toEqual([]);
  });

  test('19 IPs, or 20 spread over more than an hour, do not', () => {
    expect(alertsOf(run(botnet(19, 3 * MIN)))).toEqual([]);
    expect(alertsOf(run(botnet(20, 4 * MIN)))).toEqual([]);
  });

  test('wp-login.php counts like xmlrpc.php, and each endpoint is a target of its own', () => {
    const events = [...botnet(20, 2 * MIN, '/wp-login.php'), ...botnet(10, 2 * MIN).map((e) => ({ ...e, time: e.time + 1 }))];
    events.sort((x, y) => x.time - y.time);
    expect(alertsOf(run(events), 'wordpress-botnet').map((a) => a.key)).toEqual(['endpoint:POST /wp-login.php']);
  });

  test('readers logging in do not count: the form POST names its page, or the reader loaded other pages first', () => {
    // 25 of each kind within 50 minutes: either kind alone would be over the threshold if it counted.
    const events = Array.from({ length: 50 }, (_, i) => {
      const ip = `192.0.2.${i + 1}`;
      const at = i * 60_000;
      // Half submit the login form (a browser sends the form's page as Referer), half arrive with no Referer
      // (a privacy extension strips it) after loading the form and its stylesheet.
      return i % 2 === 0
        ? [req(at, { client: ip, method: 'POST', path: '/wp-login.php', status: 302, referer: 'https://blog.example/wp-login.php' })]
        : [
            req(at, { client: ip, path: '/wp-login.php', referer: 'https://blog.example/' }),
            req(at + 200, { client: ip, path: '/wp-admin/css/login.min.css' }),
            req(at + 9_000, { client: ip, method: 'POST', path: '/wp-login.php', status: 302, referer: '-' }),
          ];
    }).flat();
    expect(alertsOf(run(events), 'wordpress-botnet')).toEqual([]);
  });

  test('a GET of xmlrpc.php is not a login attempt', () => {
    const events = botnet(25, MIN).map((e) => ({ ...e, method: 'GET' }));
    expect(alertsOf(run(events), 'wordpress-botnet')).toEqual([]);
  });
});
