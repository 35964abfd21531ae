import { describe, expect, test } from 'vitest';
import { alertsOf, rulesOf, run, spread } from './helpers';

describe('layer-7 DoS shapes and probing', () => {
  test('cache busting: 30 distinct query strings on one endpoint in 10 s', () => {
    const events = spread(30, 0, 9_000, (i) => ({ path: '/', query: String(1_000_000 + i * 7919) }));
    expect(alertsOf(run(events), 'dos-cache-bypass')).toHaveLength(1);
    expect(alertsOf(run(events.slice(0, 29)), 'dos-cache-bypass')).toEqual([]);
  });

  test('user-agent rotation: 10 distinct agents from one IP in a minute', () => {
    const events = spread(10, 0, 50_000, (i) => ({ userAgent: `Mozilla/5.0 (Agent ${i})` }));
    expect(rulesOf(run(events))).toEqual(['dos-ua-switching']);
    expect(alertsOf(run(events.slice(0, 9)))).toEqual([]);
  });

  test('random URIs: 30 requests answered 404 in 10 s', () => {
    const events = spread(30, 0, 9_000, (i) => ({ path: `/${(i * 7).toString(36)}x`, status: 404 }));
    expect(alertsOf(run(events), 'dos-random-uri')).toHaveLength(1);
  });

  test('http probing: 10 distinct non-static paths answered 404 in 10 s', () => {
    const events = spread(10, 0, 9_000, (i) => ({ path: `/old-page-${String.fromCharCode(97 + i)}.php`, status: 404 }));
    expect(alertsOf(run(events), 'http-probing')).toHaveLength(1);
    const images = spread(10, 0, 9_000, (i) => ({ path: `/img/missing-${String.fromCharCode(97 + i)}.png`, status: 404 }));
    expect(alertsOf(run(images), 'http-probing')).toEqual([]);
  });

  test('crawl: 40 distinct pages in a minute, below the burst rate', () => {
    const events = spread(40, 0, 58_000, (i) => ({ path: `/article-${String.fromCharCode(97 + (i % 26))}${i}` }));
    expect(rulesOf(run(events))).toContain('crawl');
    expect(alertsOf(run(events), 'burst')).toEqual([]);
  });
});
