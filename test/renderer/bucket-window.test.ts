import { describe, expect, it } from 'vitest';
import type { ShieldBridge } from '../../electron/contract/bridge';
import type { TimelineBucket } from '../../electron/contract/types';
import { bucketWindow } from '../../renderer/src/live/bucket-window';
import { EMPTY_EVENT_QUERY, loadFirstPage } from '../../renderer/src/live/events-query';

const bucket = (start: number): TimelineBucket => ({ start, requests: 1, s2xx: 1, s3xx: 0, s4xx: 0, s5xx: 0, other: 0, alerts: 0 });

describe('a click on a timeline bucket', () => {
  const buckets = [bucket(60_000), bucket(120_000), bucket(180_000)];

  it('is the window from its start to the next bucket', () => {
    expect(bucketWindow(buckets, 0, 240_000)).toEqual({ from: 60_000, to: 120_000 });
    expect(bucketWindow(buckets, 1, 240_000)).toEqual({ from: 120_000, to: 180_000 });
  });

  it('ends the last bucket one width later, but not past the range shown', () => {
    expect(bucketWindow(buckets, 2, 240_000)).toEqual({ from: 180_000, to: 240_000 });
    expect(bucketWindow(buckets, 2, 200_000)).toEqual({ from: 180_000, to: 200_000 });
    expect(bucketWindow([bucket(60_000)], 0, 90_000)).toEqual({ from: 60_000, to: 90_000 });
  });

  it('is nothing off the chart', () => {
    expect(bucketWindow(buckets, -1, 240_000)).toBeNull();
    expect(bucketWindow(buckets, 3, 240_000)).toBeNull();
    expect(bucketWindow([], 0, 240_000)).toBeNull();
  });
});

describe('the Events page with a window', () => {
  it('asks for that window instead of the preset range, and pages within it', async () => {
    const asked: unknown[] = [];
    const bridge = {
      shell: 'browser',
      request: async (method: string, params: { range: unknown }) => {
        asked.push([method, params.range]);
        return method === 'query.events' ? [{ time: 5_000_000, id: 1 }] : [];
      },
      on: () => () => {},
    } as unknown as ShieldBridge;
    const window = { from: 120_000, to: 180_000 };
    const page = await loadFirstPage(bridge, 'all', { ...EMPTY_EVENT_QUERY, window });
    expect(page.range).toEqual(window);
    // The newest-event lookup, then the page itself; no timeline scan for the oldest event ('all' is not in use).
    expect(asked).toEqual([
      ['query.events', { from: 0, to: 8.64e15 }],
      ['query.events', window],
    ]);
  });
});
