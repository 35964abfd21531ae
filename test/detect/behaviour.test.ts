import { describe, expect, test } from 'vitest';
import { Detector } from '@core/detect/detector';
import { alertsOf, config, req, rulesOf, run, spread, T0 } from './helpers';

describe('burst', () => {
  test('14 requests in 10 s do not alert', () => {
    expect(alertsOf(run(spread(14, 0, 9_000)))).toEqual([]);
  });

  test('15 requests in 10 s alert', () => {
    const [a] = alertsOf(run(spread(15, 0, 9_000)), 'burst');
    expect(a).toMatchObject({ rule: 'burst', key: '203.0.113.7', keyKind: 'ip', count: 15, category: 'burst' });
    expect(a!.reason).toBe('15 requests in 10 s from 203.0.113.7 (threshold 15)');
  });

  test('a burst straddling a 10 s clock boundary is detected', () => {
    // 8 requests in the last 2 s of one clock-aligned 10 s bucket and 8 in the first 2 s of the next:
    // no aligned bucket holds 15, the sliding window does.
    const boundary = Math.ceil(T0 / 10_000) * 10_000 - T0 + 10_000;
    const events = [...spread(8, boundary - 2_000, 1_900), ...spread(8, boundary, 1_900)];
    expect(alertsOf(run(events), 'burst')).toHaveLength(1);
  });

  test('the reason quotes the peak rate', () => {
    const [a] = alertsOf(run(spread(42, 0, 9_000)), 'burst');
    expect(a!.reason).toBe('42 requests in 10 s from 203.0.113.7 (threshold 15)');
    expect(a!.count).toBe(42);
  });

  test('one rule alone alerts at medium severity, with a matching action', () => {
    const [a] = alertsOf(run(spread(20, 0, 5_000)), 'burst');
    expect(a).toMatchObject({ risk: 40, severity: 'medium', action: 'rate-limit-and-monitor' });
  });
});

describe('burst on a web server: page loads are not floods', () => {
  const ASSETS = ['/css/site.css', '/js/app.js', '/img/logo.png', '/img/hero.jpg', '/fonts/roboto.woff2', '/favicon.ico'];
  // A reader opening three pages in 10 s, each with its assets: 3 pages + 24 static files.
  const pageLoads = () =>
    [0, 3_000, 6_000].flatMap((at, p) => [
      req(at, { path: `/blog/post-${p}` }),
      ...spread(8, at + 100, 800, (i) => ({ path: ASSETS[i % ASSETS.length], referer: `https://example.com/blog/post-${p}` })),
    ]);

  test('static files do not count toward burst, so three page loads raise nothing', () => {
    expect(alertsOf(run(pageLoads()))).toEqual([]);
  });

  test('15 page or API requests still alert among any number of static files', () => {
    const events = spread(40, 0, 9_000, (i) => ({ path: i % 2 === 0 ? '/api/v1/orders' : ASSETS[i % ASSETS.length] }));
    const [a] = alertsOf(run(events), 'burst');
    expect(a!.reason).toBe('20 requests in 10 s from 203.0.113.7 (threshold 15)');
    expect(alertsOf(run(events), 'asset-flood')).toEqual([]);
  });

  test('a flood of static files alerts as asset-flood at 100 in 10 s, with its evidence', () => {
    expect(alertsOf(run(spread(99, 0, 9_000, () => ({ path: '/img/hero.jpg' }))))).toEqual([]);
    const flood = spread(150, 0, 9_000, () => ({ path: '/img/hero.jpg' }));
    const r = run(flood);
    expect(rulesOf(r)).toEqual(['asset-flood']);
    const [a] = alertsOf(r, 'asset-flood');
    expect(a).toMatchObject({ category: 'burst', risk: 40, severity: 'medium', count: 150 });
    expect(a!.reason).toBe('150 requests for static files in 10 s from 203.0.113.7 (threshold 100)');
    expect(a!.evidence[0]!.line).toBe(flood[0]!.line); // the window starts at the client's first request
  });

  test('countStaticAssets restores the prototype: every request counts toward burst', () => {
    const cfg = config({ rules: { burst: { countStaticAssets: true } } });
    const [a] = alertsOf(run(pageLoads(), cfg), 'burst');
    expect(a!.reason).toBe('27 requests in 10 s from 203.0.113.7 (threshold 15)');
  });

  test('application and user keys count every request, static or not', () => {
    const events = spread(70, 0, 9_000, (i) => ({ client: `198.51.100.${i}`, application: 'shop-web', path: ASSETS[i % ASSETS.length] }));
    const [a] = alertsOf(run(events), 'burst');
    expect(a).toMatchObject({ keyKind: 'application', key: 'shop-web' });
  });
});

describe('crawlers', () => {
  test('an alert says when the client claims to be a well-known crawler, and that the claim is unverified', () => {
    const paths = ['/a', '/b', '/c', '/d', '/e'];
    const ua = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
    const [a] = alertsOf(run(spread(5, 0, 4_000, (i) => ({ path: paths[i], userAgent: ua }))), 'scan');
    expect(a!.reason).toBe('5 distinct endpoints in 10 s from 203.0.113.7 (threshold 5), e.g. /e; its user agent claims to be Googlebot (not verified)');
    expect(a!.severity).toBe('medium'); // a claim changes nothing else
    const [b] = alertsOf(run(spread(5, 0, 4_000, (i) => ({ path: paths[i] }))), 'scan');
    expect(b!.reason).not.toContain('claims');
  });
});

describe('risk, severity and action', () => {
  test('burst + scan is high; burst + scan + auth abuse is critical at risk 100', () => {
    const paths = ['/a', '/b', '/c', '/d', '/e', '/f'];
    const events = spread(30, 0, 8_000, (i) => ({ path: paths[i % paths.length], status: i >= 20 ? 401 : 200 }));
    const r = run(events);
    expect(rulesOf(r)).toEqual(['auth-abuse', 'burst', 'scan']);
    const finals = alertsOf(r);
    for (const a of finals) expect(a).toMatchObject({ risk: 100, severity: 'critical', action: 'block-and-revoke' });
    const highs = r.changes.filter((c) => c.alert.severity === 'high');
    expect(highs.length).toBeGreaterThan(0);
    expect(highs.every((c) => c.alert.risk === 75 && c.alert.action === 'throttle-and-step-up')).toBe(true);
  });

  test('auth abuse alone is low severity (weight 25)', () => {
    const [a] = alertsOf(run(spread(5, 0, 4_000, () => ({ status: 401 }))), 'auth-abuse');
    expect(a).toMatchObject({ risk: 25, severity: 'low', action: 'rate-limit-and-monitor' });
  });

  test('a single webshell probe is at least high whatever the risk', () => {
    const [a] = alertsOf(run([req(0, { path: '/c99.php', status: 404 })]), 'webshell-probe');
    expect(a).toMatchObject({ severity: 'high', action: 'throttle-and-step-up', count: 1 });
  });
});

describe('episodes', () => {
  test('an episode closes after the quiet gap and a later burst opens a new alert', () => {
    const events = [...spread(20, 0, 5_000), ...spread(20, 120_000, 5_000)];
    const r = run(events, undefined, false);
    const bursts = alertsOf(r, 'burst');
    expect(bursts).toHaveLength(2);
    expect(bursts[0]!.id).not.toBe(bursts[1]!.id);
    const closed = r.changes.filter((c) => c.change === 'closed').map((c) => c.alert.id);
    expect(closed).toEqual([bursts[0]!.id]); // the second is still open: no finish() yet
    expect(r.detector.openAlerts().map((a) => a.id)).toEqual([bursts[1]!.id]);
    r.detector.finish();
    expect(r.detector.openAlerts()).toEqual([]);
  });

  test('activity that never pauses for the quiet gap stays one episode', () => {
    const events = Array.from({ length: 30 }, (_, k) => spread(16, k * 30_000, 5_000)).flat();
    expect(alertsOf(run(events), 'burst')).toHaveLength(1);
  });

  test('a 1M-event flood makes a handful of sink calls, not one per event', () => {
    const cfg = config();
    const calls: string[] = [];
    const d = new Detector(cfg, { alert: (a, ch) => void calls.push(`${a.rule}:${ch}:${a.count}`) });
    const e = req(0, { path: '/api/login', method: 'POST' });
    for (let i = 0; i < 1_000_000; i++) {
      e.time = T0 + Math.floor(i / 100); // 100 000 requests per second
      e.line = i + 1;
      d.push(e);
    }
    d.finish();
    expect(calls.length).toBeLessThan(60);
    expect(calls.at(-1)).toBe('burst:closed:1000000');
  });

  test('evidence is bounded: the first 10 and the latest 10 matching events', () => {
    const events = spread(100, 0, 5_000);
    const [a] = alertsOf(run(events), 'burst');
    expect(a!.evidence).toHaveLength(20);
    expect(a!.evidence.slice(0, 10).map((x) => x.line)).toEqual(events.slice(0, 10).map((e) => e.line));
    expect(a!.evidence.slice(10).map((x) => x.line)).toEqual(events.slice(90).map((e) => e.line));
    expect(a!.firstSeen).toBe(events[0]!.time);
    expect(a!.lastSeen).toBe(events[99]!.time);
  });
});

describe('scan', () => {
  test('5 distinct endpoints in 10 s alert', () => {
    const events = ['/a', '/b', '/c', '/d', '/e'].map((p, i) => req(i * 1_000, { path: p }));
    const [a] = alertsOf(run(events), 'scan');
    expect(a!.reason).toMatch(/^5 distinct endpoints in 10 s from 203\.0\.113\.7 \(threshold 5\)/);
  });

  test('path templating: a client reading 50 different /users/{id} once each is not a scan', () => {
    const events = Array.from({ length: 50 }, (_, i) => req(i * 200, { path: `/users/${1000 + i * 37}` }));
    expect(alertsOf(run(events), 'scan')).toEqual([]);
  });

  test('reading users at a human pace raises nothing at all', () => {
    const events = Array.from({ length: 50 }, (_, i) => req(i * 8_000, { path: `/users/${1000 + i * 37}` }));
    expect(alertsOf(run(events))).toEqual([]);
  });

  test('static assets are not endpoints: a page load with many files is not a scan', () => {
    const files = ['/app.js', '/vendor.js', '/site.css', '/logo.png', '/font.woff2', '/api/me'];
    expect(alertsOf(run(files.map((p, i) => req(i * 100, { path: p }))))).toEqual([]);
  });
});

describe('auth abuse', () => {
  test('4 failures in 10 s do not alert, 5 do', () => {
    expect(alertsOf(run(spread(4, 0, 5_000, () => ({ status: 403 }))))).toEqual([]);
    expect(alertsOf(run(spread(5, 0, 5_000, () => ({ status: 403 }))), 'auth-abuse')).toHaveLength(1);
  });

  test("auth-failure events (e.g. from gateway error logs) count", () => {
    const events = spread(5, 0, 5_000, () => ({ kind: 'auth-failure', status: 0, path: '', method: '' }));
    expect(alertsOf(run(events), 'auth-abuse')).toHaveLength(1);
  });
});
