import { describe, expect, test, vi } from 'vitest';
import { Detector } from '@core/detect/detector';
import { makeEvent, type AccessEvent } from '@core/events/event';
import type { Alert, AlertChange } from '@core/detect/alert';
import { alertsOf, config, req, run, spread, T0 } from './helpers';

describe('identity keys', () => {
  test('burst also runs per application, with its own threshold', () => {
    // 70 requests in 10 s from 70 different IPs of one application: no IP bursts, the application does.
    const events = spread(70, 0, 9_000, (i) => ({ client: `10.1.0.${i + 1}`, application: 'ShopApp' }));
    const bursts = alertsOf(run(events), 'burst');
    expect(bursts.map((a) => [a.keyKind, a.key])).toEqual([['application', 'ShopApp']]);
    expect(bursts[0]!.reason).toBe('70 requests in 10 s from application ShopApp (threshold 60)');
  });

  test('auth abuse per user across IPs', () => {
    const events = spread(10, 0, 9_000, (i) => ({ client: `10.2.0.${i + 1}`, status: 401, user: 'bob' }));
    expect(alertsOf(run(events), 'auth-abuse').map((a) => `${a.keyKind}:${a.key}`)).toEqual(['user:bob']);
  });

  test('placeholder identities such as UNKNOWN are not keys', () => {
    const events = spread(80, 0, 9_000, (i) => ({ client: `10.3.0.${i + 1}`, application: 'UNKNOWN', user: 'anonymous' }));
    expect(alertsOf(run(events))).toEqual([]);
  });
});

describe('allowlist', () => {
  test('allowlisted IP never alerts', () => {
    const cfg = config({ allowlist: { ips: ['203.0.113.0/24'] } });
    const events = [...spread(100, 0, 5_000), req(6_000, { path: '/.env' }), req(6_100, { path: '/c99.php' })];
    expect(alertsOf(run(events, cfg))).toEqual([]);
    expect(alertsOf(run(events))).not.toEqual([]);
  });

  test('IPv6 ranges, applications and users can be allowlisted', () => {
    const cfg = config({ allowlist: { ips: ['2001:db8::/32'], applications: ['Monitoring'], users: ['svc-batch'] } });
    const v6 = spread(30, 0, 5_000, () => ({ client: '2001:db8:0:1::7' }));
    const app = spread(30, 0, 5_000, () => ({ client: '198.51.100.1', application: 'Monitoring' }));
    const user = spread(30, 0, 5_000, () => ({ client: '198.51.100.2', user: 'svc-batch' }));
    expect(alertsOf(run([...v6, ...app, ...user].sort((a, b) => a.time - b.time), cfg))).toEqual([]);
  });

  test('private addresses are NOT allowlisted by default', () => {
    expect(alertsOf(run(spread(30, 0, 5_000, () => ({ client: '10.0.0.5' }))), 'burst')).toHaveLength(1);
  });
});

function record(events: AccessEvent[], split: number[]): { change: AlertChange; alert: Alert }[] {
  const out: { change: AlertChange; alert: Alert }[] = [];
  const d = new Detector(config(), { alert: (alert, change) => void out.push({ change, alert }) });
  let from = 0;
  for (const to of [...split, events.length]) {
    for (const e of events.slice(from, to)) d.push(e);
    d.openAlerts(); // a live view between chunks must not disturb anything
    vi.advanceTimersByTime(3_600_000); // wall clock moves on between chunks: detection must not care
    from = to;
  }
  d.finish();
  return out;
}

describe('log time, not wall time', () => {
  test('replay in one pass and in two halves give identical alerts', () => {
    vi.useFakeTimers();
    try {
      const events = [
        ...spread(40, 0, 8_000),
        ...['/a', '/b', '/c', '/d', '/e', '/f'].map((p, i) => req(9_000 + i * 100, { client: '198.51.100.9', path: p, status: 404 })),
        ...spread(30, 200_000, 6_000, () => ({ client: '198.51.100.10', status: 401 })),
      ];
      const whole = record(events, []);
      const halves = record(events, [Math.floor(events.length / 2)]);
      expect(whole.length).toBeGreaterThan(3);
      expect(halves).toEqual(whole);
    } finally {
      vi.useRealTimers();
    }
  });

  test('mildly out-of-order events (a few seconds late) are still counted', () => {
    const events = spread(15, 0, 9_000);
    [events[3], events[9]] = [events[9]!, events[3]!]; // 3.9 s out of order
    expect(alertsOf(run(events), 'burst')).toHaveLength(1);
  });

  test('a jump back in time by more than maxBackwardJumpMs starts a new timeline', () => {
    const day2 = spread(10, 86_400_000, 5_000);
    const day1 = spread(10, 0, 5_000);
    // Without the reset, day-1 events clamped to day-2 time would add up to a 20-request burst.
    expect(alertsOf(run([...day2, ...day1]), 'burst')).toEqual([]);
  });
});

describe('memory', () => {
  test('memory: 1M distinct one-shot clients leave the key map bounded', () => {
    const cfg = config({ maxTrackedKeys: 50_000 });
    const d = new Detector(cfg, { alert() {} });
    const e = makeEvent({ method: 'GET', path: '/api/items', protocol: 'HTTP/1.1', status: 200, userAgent: 'x' });
    let peak = 0;
    for (let i = 0; i < 1_000_000; i++) {
      e.time = T0 + i; // 1,000 new clients per second of log time
      e.client = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      e.line = i + 1;
      d.push(e);
      if ((i & 4095) === 0) peak = Math.max(peak, d.trackedKeys().ip);
    }
    d.finish();
    expect(peak).toBeLessThanOrEqual(2 * 50_000 + 1);
    expect(d.trackedKeys().ip).toBeLessThanOrEqual(2 * 50_000 + 1);
  });

  test('idle keys are evicted by log time even under the cap', () => {
    const d = new Detector(config(), { alert() {} });
    const e = makeEvent({ method: 'GET', path: '/api/items', protocol: 'HTTP/1.1', status: 200 });
    for (let i = 0; i < 300_000; i++) {
      e.time = T0 + i * 10; // 100 new clients per second, for 50 minutes
      e.client = `c${i}`;
      d.push(e);
    }
    // Two generations of the longest short window (60 s) at 100 clients/s, plus slack.
    expect(d.trackedKeys().ip).toBeLessThanOrEqual(13_000);
  });
});
