/** Time ranges of the dashboard. They end at the newest stored event ("log time"), so a replayed log reads like a live one. */
import type { TimeRange } from '../../../electron/contract/types';

export type RangePreset = '15m' | '1h' | '24h' | 'all';
export const RANGE_PRESETS: { id: RangePreset; label: string; ms: number }[] = [
  { id: '15m', label: 'Last 15 min', ms: 15 * 60_000 },
  { id: '1h', label: 'Last 1 h', ms: 3600_000 },
  { id: '24h', label: 'Last 24 h', ms: 24 * 3600_000 },
  { id: 'all', label: 'All', ms: 0 },
];

export const MINUTE = 60_000;

/** End of the range: the minute after the newest event (or now when nothing is stored). */
export function rangeEnd(newest: number | null, now = Date.now()): number {
  const t = newest ?? now;
  return Math.floor(t / MINUTE) * MINUTE + MINUTE;
}

/** About `target` buckets, each a whole number of minutes. */
export function bucketFor(range: TimeRange, target = 90): number {
  const raw = (range.to - range.from) / target;
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080].map((m) => m * MINUTE);
  return steps.find((s) => s >= raw) ?? Math.ceil(raw / MINUTE) * MINUTE;
}

export function presetRange(preset: RangePreset, end: number, oldest: number | null): TimeRange {
  if (preset === 'all') {
    const from = oldest === null ? end - 3600_000 : Math.floor(oldest / MINUTE) * MINUTE;
    return { from: Math.min(from, end - MINUTE), to: end };
  }
  const ms = RANGE_PRESETS.find((p) => p.id === preset)!.ms;
  return { from: end - ms, to: end };
}
