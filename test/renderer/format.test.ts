import { describe, expect, it } from 'vitest';
import { fmtCount, fmtRate } from '../../renderer/src/format';

describe('display formats', () => {
  it.each([
    [0, '0/s'],
    [Number.NaN, '0/s'],
    [1234.4, '1,234/s'],
    [10, '10/s'],
    [3.456, '3.46/s'],
    [0.1, '0.10/s'],
    // A quiet hour of an exported log: 11 requests.
    [11 / 3600, '0.2/min'],
    [0.09, '5.4/min'],
    [0.05, '3.0/min'],
    [0.5 / 60, '0.5/min'],
    // One request in a week.
    [1 / (7 * 86_400), '<0.1/h'],
    [1 / 86_400 * 24, '1.0/h'],
  ])('a rate of %f requests per second reads %s', (perSecond, text) => {
    expect(fmtRate(perSecond)).toBe(text);
  });

  it('counts with their noun', () => {
    expect(fmtCount(1, 'line')).toBe('1 line');
    expect(fmtCount(0, 'line')).toBe('0 lines');
    expect(fmtCount(1200, 'line')).toBe('1,200 lines');
  });
});
