import type { ShieldBridge } from '../../../electron/contract/bridge';
import type { Kpis, RuleAlertCount, TimeRange, TimelineBucket, TopDimension, TopRow } from '../../../electron/contract/types';
import { bucketFor, presetRange, rangeEnd, type RangePreset } from './range';

const MS_MAX = 8.64e15;

export interface Overview {
  range: TimeRange;
  bucketMs: number;
  /** Newest stored event (log time), null when the store is empty. */
  newest: number | null;
  kpis: Kpis;
  timeline: TimelineBucket[];
  tops: Partial<Record<TopDimension, TopRow[]>>;
  byRule: RuleAlertCount[];
}

/** Newest event time, and for 'all' the first minute holding traffic (found on a coarse timeline). */
export async function logExtent(bridge: ShieldBridge, needOldest: boolean): Promise<{ newest: number | null; oldest: number | null }> {
  const [latest] = await bridge.request('query.events', { range: { from: 0, to: MS_MAX }, limit: 1 });
  const newest = latest?.time ?? null;
  if (!needOldest || newest === null) return { newest, oldest: newest };
  const end = rangeEnd(newest);
  const bucketMs = Math.ceil(end / 9_000 / 60_000) * 60_000;
  const coarse = await bridge.request('query.timeline', { range: { from: 0, to: end }, bucketMs });
  const first = coarse.find((b) => b.requests > 0);
  if (!first) return { newest, oldest: newest };
  // Refine within the first non-empty coarse bucket.
  const fineBucket = Math.max(60_000, Math.ceil(bucketMs / 9_000 / 60_000) * 60_000);
  const fine = await bridge.request('query.timeline', { range: { from: first.start, to: Math.min(end, first.start + bucketMs) }, bucketMs: fineBucket });
  return { newest, oldest: fine.find((b) => b.requests > 0)?.start ?? first.start };
}

export async function loadOverview(bridge: ShieldBridge, preset: RangePreset, dims: TopDimension[]): Promise<Overview> {
  const { newest, oldest } = await logExtent(bridge, preset === 'all');
  const range = presetRange(preset, rangeEnd(newest), oldest);
  const bucketMs = bucketFor(range);
  const [kpis, timeline, byRule, ...tops] = await Promise.all([
    bridge.request('query.kpis', { range }),
    bridge.request('query.timeline', { range, bucketMs }),
    bridge.request('query.alertsByRule', { range }),
    ...dims.map((dimension) => bridge.request('query.top', { range, dimension, limit: 8 })),
  ]);
  return { range, bucketMs, newest, kpis, timeline, byRule, tops: Object.fromEntries(dims.map((d, i) => [d, tops[i]!])) };
}
