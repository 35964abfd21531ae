import { describe, expect, it } from 'vitest';
import { makeEvent, type AccessEvent } from '@core/events/event';
import { FEATURE_COUNT, FEATURE_NAMES, MAX_GAP_MS } from '@core/model/features';
import { WindowExtractor, type WindowSample } from '@core/model/window-extractor';
import { FactCache } from '@core/model/fact-cache';
import { WindowStats } from '@core/model/features';

const T0 = Date.parse('2024-05-01T10:00:00Z');

function byName(s: WindowSample): Record<string, number> {
  return Object.fromEntries(FEATURE_NAMES.map((n, j) => [n, s.features[j]!]));
}

function run(events: AccessEvent[], ticks: (i: number) => number | undefined = () => undefined): WindowSample[] {
  const out: WindowSample[] = [];
  const x = new WindowExtractor((s) => out.push(s));
  events.forEach((e, i) => {
    const t = ticks(i);
    if (t !== undefined) x.advance(t);
    x.push(e);
  });
  x.flush();
  return out;
}

function mixedTraffic(): AccessEvent[] {
  const events: AccessEvent[] = [];
  let line = 0;
  for (let s = 0; s < 120; s++) {
    for (const client of ['10.0.0.1', '10.0.0.2', '6.6.6.6']) {
      if (client === '10.0.0.2' && s % 7 !== 0) continue;
      events.push(
        makeEvent({
          time: T0 + s * 1000 + (client === '6.6.6.6' ? 300 : 0),
          client,
          method: 'GET',
          path: client === '6.6.6.6' ? `/admin/${s}` : '/api/items',
          status: client === '6.6.6.6' ? 404 : 200,
          bytes: 100 + s,
          userAgent: client === '6.6.6.6' ? 'sqlmap/1.7' : 'Mozilla/5.0',
          line: ++line,
        }),
      );
    }
  }
  return events;
}

describe('window features', () => {
  it('leaves static files out of the windows, unless they carry a payload', () => {
    const c = '198.51.100.4';
    const at = (ms: number, path: string, query = '') => makeEvent({ time: T0 + ms, client: c, method: 'GET', path, query, status: 200 });
    // A page load: the page, then its stylesheet, script, images and font within a second.
    const page = [at(0, '/blog/post-1'), ...['/css/a.css', '/js/app.js', '/img/1.png', '/img/2.webp', '/fonts/r.woff2'].map((p, i) => at(100 + i * 100, p)), at(700, '/js/app.js', 'ver=6.0.1')];
    const [s, ...rest] = run(page);
    expect(rest).toHaveLength(0);
    expect(byName(s!)).toMatchObject({ requests: 1, distinctPaths: 1 });
    // Only static files: no window at all.
    expect(run(page.slice(1))).toEqual([]);
    // A traversal or an injection dressed as a static file is still seen.
    const probes = run([at(0, '/static/../../../etc/passwd.png'), at(100, '/js/app.js', "v=1'%20union%20select%201--")]);
    expect(probes).toHaveLength(1);
    expect(byName(probes[0]!)).toMatchObject({ requests: 2, ratioTraversal: 0.5, ratioSqli: 0.5 });
  });

  it('computes the documented facts for one window', () => {
    const c = '1.2.3.4';
    const events = [
      makeEvent({ time: T0, client: c, method: 'GET', path: '/users/1', status: 200, bytes: 100, latencyMs: 10, userAgent: 'curl/8' }),
      makeEvent({ time: T0 + 1000, client: c, method: 'POST', path: '/users/2', status: 401, bytes: 300, latencyMs: 30, userAgent: 'curl/8' }),
      makeEvent({ time: T0 + 3000, client: c, method: 'DELETE', path: '/../../etc/passwd', status: 404, bytes: -1, userAgent: '' }),
      makeEvent({ time: T0 + 4000, client: c, method: 'GET', path: '/search', query: "q=1'%20or%201=1", status: 500, user: 'bob', userAgent: 'Mozilla/5.0' }),
    ];
    const [s, ...rest] = run(events);
    expect(rest).toHaveLength(0);
    expect(s!.client).toBe(c);
    expect([s!.start, s!.end]).toEqual([T0, T0 + 4000]);
    const f = byName(s!);
    expect(f.requests).toBe(4);
    expect(f.activeSeconds).toBe(4);
    expect(f.distinctPaths).toBe(4);
    expect(f.distinctTemplates).toBe(3); // /users/{id} twice
    expect(f.ratio2xx).toBe(0.25);
    expect(f.ratio4xx).toBe(0.5);
    expect(f.ratio401).toBe(0.25);
    expect(f.ratio404).toBe(0.25);
    expect(f.ratio5xx).toBe(0.25);
    // Gaps: 60 s (first sighting), 1 s, 2 s, 1 s.
    expect(f.interArrivalMinMs).toBe(1000);
    expect(f.interArrivalMeanMs).toBe((MAX_GAP_MS + 4000) / 4);
    expect(f.ratioGet).toBe(0.5);
    expect(f.ratioPost).toBe(0.25);
    expect(f.ratioOtherMethod).toBe(0.25);
    expect(f.distinctMethods).toBe(3);
    expect(f.bytesMean).toBe(200);
    expect(f.bytesMax).toBe(300);
    expect(f.latencyMeanMs).toBe(20);
    expect(f.ratioScriptUserAgent).toBe(0.5);
    expect(f.ratioScannerUserAgent).toBe(0);
    expect(f.ratioEmptyUserAgent).toBe(0.25);
    expect(f.distinctUserAgents).toBe(2);
    expect(f.ratioTraversal).toBe(0.25);
    expect(f.ratioSqli).toBe(0.25);
    expect(f.ratioWithQuery).toBe(0.25);
    expect(f.distinctUsers).toBe(1);
    expect(f.distinctApplications).toBe(0);
    expect(s!.first.line).toBe(0);
  });

  it('emits one sample per client window, closed by log time', () => {
    const samples = run(mixedTraffic());
    const per = new Map<string, WindowSample[]>();
    for (const s of samples) per.set(s.client, [...(per.get(s.client) ?? []), s]);
    expect(per.get('10.0.0.1')).toHaveLength(12); // 120 s of 1 req/s
    expect(per.get('10.0.0.1')!.every((s) => s.requests === 10)).toBe(true);
    for (const s of samples) expect(s.end - s.start).toBeLessThan(10_000);
    // Windows are emitted in the order they opened.
    for (let i = 1; i < samples.length; i++) expect(samples[i]!.start).toBeGreaterThanOrEqual(samples[i - 1]!.start);
  });

  it('scan and live tail (with idle ticks in log time) produce identical samples', () => {
    const events = mixedTraffic();
    const scan = run(events);
    const live = run(events, (i) => (i % 5 === 0 ? events[i]!.time - 1 : undefined));
    expect(live.map((s) => [s.client, s.start, s.end, [...s.features]])).toEqual(
      scan.map((s) => [s.client, s.start, s.end, [...s.features]]),
    );
  });

  it('a client back after a long idle looks like a first sighting, except for its request history', () => {
    const c = '1.1.1.1';
    const filler = Array.from({ length: 300 }, (_, k) => makeEvent({ time: T0 + k * 1000, client: '2.2.2.2', path: '/x' }));
    const late = makeEvent({ time: T0 + 400_000, client: c, path: '/y' });
    const early = makeEvent({ time: T0, client: c, path: '/y' });
    const fresh = run([late]).find((s) => s.client === c)!;
    const returning = run([early, ...filler, late]).filter((s) => s.client === c).at(-1)!;
    const prior = FEATURE_NAMES.indexOf('clientPriorRequests');
    expect(returning.features[prior]).toBe(1);
    expect(fresh.features[prior]).toBe(0);
    expect([...returning.features].filter((_, j) => j !== prior)).toEqual([...fresh.features].filter((_, j) => j !== prior));
  });

  it('forgets idle clients once many are tracked, without changing any sample', () => {
    const n = 70_000;
    const crowd = Array.from({ length: n }, (_, k) => makeEvent({ time: T0 + k * 10, client: `c${k}`, path: '/x' }));
    const back = makeEvent({ time: T0 + n * 10, client: 'c0', path: '/x' });
    let tracked = 0;
    const out: WindowSample[] = [];
    const x = new WindowExtractor((s) => out.push(s));
    for (const e of [...crowd, back]) x.push(e);
    tracked = x.trackedClients;
    x.flush();
    expect(tracked).toBeLessThan(n); // the sweep ran
    const fresh = run([{ ...back, client: 'new' }])[0]!;
    expect([...out.at(-1)!.features]).toEqual([...fresh.features]);
  });

  it('content signals come from the request text', () => {
    const c = '6.6.6.6';
    const ev = (path: string, query = '', userAgent = 'Mozilla/5.0') => makeEvent({ time: T0, client: c, path, query, userAgent });
    const [s] = run([
      ev('/static/..%2f..%2f..%2fetc/passwd'),
      ev('/items', "id=1' UNION SELECT password FROM users--"),
      ev('/search', 'q=%3Cscript%3Ealert(1)%3C/script%3E'),
      ev('/.env', '', 'sqlmap/1.7'),
      ev('/.git/config', '', 'sqlmap/1.7'),
      ev('/items', 'q=running+shoes&page=2'),
      ev('/wp-login.php'),
      ev('/items'),
    ]);
    const f = byName(s!);
    expect(f.ratioTraversal).toBe(1 / 8);
    expect(f.ratioSqli).toBe(1 / 8);
    expect(f.ratioXss).toBe(1 / 8);
    expect(f.ratioSensitiveFile).toBe(2 / 8);
    expect(f.ratioExploitProbe).toBe(1 / 8);
    expect(f.ratioScannerUserAgent).toBe(2 / 8);
  });

  it('the feature vector has exactly one value per name', () => {
    const w = new WindowStats();
    w.reset(T0, T0 - 1000);
    w.add(makeEvent({ time: T0, client: 'x', path: '/a' }), new FactCache(), false);
    const v = w.features(new Array<number>(FEATURE_COUNT + 3).fill(Number.NaN));
    expect(v.slice(0, FEATURE_COUNT).every(Number.isFinite)).toBe(true);
    expect(v.slice(FEATURE_COUNT).every(Number.isNaN)).toBe(true);
  });

  it('counts the distinct clients failing authentication on the same endpoint within ten minutes', () => {
    const login = (k: number, t: number, status = 401) =>
      makeEvent({ time: t, client: `9.9.9.${k}`, method: 'POST', path: '/login', status, userAgent: 'Mozilla/5.0' });
    const events = [
      login(1, T0),
      login(2, T0 + 60_000),
      login(2, T0 + 61_000), // same client again: still two
      login(3, T0 + 120_000, 200), // a success does not count
      login(4, T0 + 180_000),
      makeEvent({ time: T0 + 200_000, client: '9.9.9.5', method: 'GET', path: '/other', status: 401 }),
      login(6, T0 + 700_000), // clients 1 and 2 are out of the ten minutes now
    ];
    const samples = run(events);
    const value = (client: string) =>
      Math.max(...samples.filter((s) => s.client === client).map((s) => byName(s).endpointFailingClients!));
    expect(value('9.9.9.1')).toBe(1);
    expect(value('9.9.9.2')).toBe(2);
    expect(value('9.9.9.3')).toBe(0);
    expect(value('9.9.9.4')).toBe(3);
    expect(value('9.9.9.5')).toBe(1); // another endpoint
    expect(value('9.9.9.6')).toBe(2); // 1 and 2 failed more than ten minutes before: 4 and 6 remain
  });

  it('counts the requests a client sent before the window', () => {
    const c = '4.4.4.4';
    const events = Array.from({ length: 5 }, (_, k) => makeEvent({ time: T0 + k * 15_000, client: c, path: '/a' }));
    const prior = run(events).map((s) => byName(s).clientPriorRequests);
    expect(prior).toEqual([0, 1, 2, 3, 4]);
  });
});
