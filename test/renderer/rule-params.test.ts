import { describe, expect, test } from 'vitest';
import { formatDefaults, formatParams, parseParams } from '../../renderer/src/rule-params';

describe('rule parameters on the Rules page', () => {
  test.each([
    [{ threshold: 20, windowMs: 3_600_000 }, 'threshold=20 windowMs=3600000 (60 min)'],
    [{ threshold: 15, windowMs: 10_000, weight: 40 }, 'threshold=15 windowMs=10000 (10 s) weight=40'],
    [{ minRequests: 20, ratio: 0.8, windowMs: 60_000 }, 'minRequests=20 ratio=0.8 windowMs=60000 (1 min)'],
    [{ windowMs: 1500, enabled: true }, 'windowMs=1500 (1500 ms) enabled=true'],
    [{ countStaticAssets: false, minSeverity: 'medium' }, 'countStaticAssets=false minSeverity=medium'],
  ])('defaults %j read as %s', (params, text) => {
    expect(formatDefaults(params)).toBe(text);
  });

  test('overrides round-trip through their text, typed', () => {
    const params = { threshold: 30, windowMs: 20_000, countStaticAssets: true, minSeverity: 'high' };
    expect(parseParams(formatParams(params))).toEqual(params);
  });

  test('a word without = is refused with the word named', () => {
    expect(parseParams('threshold=30 oops')).toBe("'oops' is not key=value");
  });
});
