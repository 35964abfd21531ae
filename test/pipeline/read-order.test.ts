import { describe, expect, it } from 'vitest';
import { firstEventTime, readOrder } from '../../core/pipeline/read-order';

const clf = (ip: string, stamp: string) => `${ip} - - [${stamp}] "GET / HTTP/1.1" 200 1 "-" "curl/8"`;

describe('read order', () => {
  it.each([
    ['the first event of a plain head', [clf('10.0.0.1', '10/Oct/2024:13:55:36 +0000'), clf('10.0.0.1', '09/Oct/2024:00:00:00 +0000')], Date.UTC(2024, 9, 10, 13, 55, 36)],
    ['past lines that are no event', ['garbage', '', clf('10.0.0.1', '10/Oct/2024:13:55:36 +0200')], Date.UTC(2024, 9, 10, 11, 55, 36)],
    ['NaN when no line is an event', ['garbage', 'more garbage'], NaN],
    ['NaN for an empty file', [], NaN],
  ])('firstEventTime: %s', (_what, head, expected) => {
    expect(firstEventTime(head, 'combined')).toBe(expected);
  });

  it.each([
    ['oldest first', ['combined', 'combined', 'combined'], [300, 100, 200], false, [1, 2, 0]],
    ['a head without events after those with one', ['combined', 'combined', 'combined'], [NaN, 200, 100], false, [2, 1, 0]],
    ['ties as given', ['combined', 'combined', 'combined'], [100, 100, NaN], false, [0, 1, 2]],
    ['WSO2 access logs first when joined, then by time', ['wso2-metrics', 'wso2-access', 'wso2-access'], [100, 300, 200], true, [2, 1, 0]],
    ['not first without a join', ['wso2-metrics', 'wso2-access'], [100, 300], false, [0, 1]],
  ] as const)('readOrder: %s', (_what, formats, times, join, expected) => {
    expect(readOrder(formats, times, join)).toEqual(expected);
  });
});
