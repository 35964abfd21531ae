/** The log-time window behind one bar of a timeline: where an analyst's click on a spike leads. */
import type { TimeRange, TimelineBucket } from '../../../electron/contract/types';

/**
 * Bucket `index` as [start, end): a bucket ends where the next one starts; the last one is as wide as the
 * others but never past `end` (the range being shown). Null for an index off the chart.
 */
export function bucketWindow(buckets: readonly TimelineBucket[], index: number, end: number): TimeRange | null {
  const b = buckets[index];
  if (!b || !Number.isInteger(index)) return null;
  const next = buckets[index + 1];
  if (next) return { from: b.start, to: next.start };
  const width = buckets.length > 1 ? b.start - buckets[buckets.length - 2]!.start : end - b.start;
  return { from: b.start, to: Math.max(b.start + 1, Math.min(b.start + width, end)) };
}
