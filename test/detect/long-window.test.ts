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

  test('a handful of users mistyping passwords do not', () => {
    const events = Array.from({ length: 8 }, (_, i) => req(i * 30_000, { client: `100.64.1.${i + 1}`, method: 'POST', path: '/login', status: 401, user: `u${i}` }));
    expect(alertsOf(run(events))).toEqual([]);
  });
});
