import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll } from 'vitest';
import { firstEventTime, lastEventTime, overlapInTime, readOrder } from '../../core/pipeline/read-order';

const dir = mkdtempSync(join(tmpdir(), 'read-order-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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

  it('lastEventTime: the latest time among a plain file\'s last lines; NaN for gzip or no event', () => {
    const body = Array.from({ length: 5000 }, (_, i) => clf('10.0.0.1', `10/Oct/2024:13:${String(Math.floor(i / 100)).padStart(2, '0')}:00 +0000`)).join('\n');
    const plain = join(dir, 'a.log');
    writeFileSync(plain, body + '\n' + clf('10.0.0.1', '10/Oct/2024:13:20:00 +0000') + '\ngarbage\n'); // a late line out of order: not the latest
    expect(lastEventTime(plain, 'combined')).toBe(Date.UTC(2024, 9, 10, 13, 49, 0));
    writeFileSync(join(dir, 'a.log.gz'), gzipSync(body));
    expect(lastEventTime(join(dir, 'a.log.gz'), 'combined')).toBeNaN();
    writeFileSync(join(dir, 'junk.log'), 'junk\n');
    expect(lastEventTime(join(dir, 'junk.log'), 'combined')).toBeNaN();
    expect(lastEventTime(join(dir, 'missing.log'), 'combined')).toBeNaN();
  });

  it.each([
    ['pieces of one rotated log', [0, 1, 2], [0, 10, 20], [9, 19, 29], false],
    ['a piece ending as the next begins', [0, 1], [0, 10], [10, 19], false],
    ['two nodes over the same hours', [0, 1], [0, 1], [29, 30], true],
    ['a compressed piece (end unknown)', [0, 1], [0, 10], [NaN, 19], false],
    ['read order, not file order', [1, 0], [10, 0], [19, 9], false],
  ] as const)('overlapInTime: %s', (_what, order, first, last, expected) => {
    expect(overlapInTime(order, first, last)).toBe(expected);
  });
});
