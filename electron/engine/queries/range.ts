import type { TimeRange } from '../../contract/types';

/**
 * Splits [from, to) into the part covered by whole rollup units and the ragged edges that must be read
 * from raw events. With unit = 1 minute the edges hold at most two minutes of events.
 */
export interface SplitRange {
  /** Whole units: [fullFrom, fullTo); empty when fullFrom >= fullTo. */
  fullFrom: number;
  fullTo: number;
  /** Raw edges, each half-open; empty ones have from >= to. */
  head: TimeRange;
  tail: TimeRange;
}

export function splitRange(r: TimeRange, unit: number): SplitRange {
  const fullFrom = Math.ceil(r.from / unit) * unit;
  const fullTo = Math.floor(r.to / unit) * unit;
  if (fullFrom >= fullTo) {
    // The range lies inside one unit (or straddles one boundary with no whole unit): all raw.
    return { fullFrom: 0, fullTo: 0, head: { from: r.from, to: r.to }, tail: { from: 0, to: 0 } };
  }
  return { fullFrom, fullTo, head: { from: r.from, to: fullFrom }, tail: { from: fullTo, to: r.to } };
}

/** Raw edges, whole hours and whole days: [head raw][hoursA][days][hoursB][tail raw]. Empty parts have from >= to. */
export interface TieredRange {
  head: TimeRange;
  hoursA: TimeRange;
  days: TimeRange;
  hoursB: TimeRange;
  tail: TimeRange;
}

const EMPTY: TimeRange = { from: 0, to: 0 };

export function splitTiers(r: TimeRange, hour: number, day: number): TieredRange {
  const h = splitRange(r, hour);
  if (h.fullFrom >= h.fullTo) return { head: h.head, hoursA: EMPTY, days: EMPTY, hoursB: EMPTY, tail: h.tail };
  const d = splitRange({ from: h.fullFrom, to: h.fullTo }, day);
  if (d.fullFrom >= d.fullTo) {
    return { head: h.head, hoursA: { from: h.fullFrom, to: h.fullTo }, days: EMPTY, hoursB: EMPTY, tail: h.tail };
  }
  return { head: h.head, hoursA: d.head, days: { from: d.fullFrom, to: d.fullTo }, hoursB: d.tail, tail: h.tail };
}
