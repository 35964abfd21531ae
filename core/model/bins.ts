/**
 * Pre-binning of features for histogram training: each feature becomes a Uint8Array column of bin
 * numbers, so finding a split is a pass over bytes instead of a sort of doubles at every node.
 */

/** Row-major samples: value of feature j of row i at data[i * cols + j]. */
export interface FeatureMatrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

export interface BinnedMatrix {
  rows: number;
  cols: number;
  /** columns[j][i] = bin of feature j for row i. */
  columns: Uint8Array[];
  /**
   * Per feature, ascending cut points. bin(x) = first i with x <= edges[i], else edges.length,
   * so "bin <= t" on training data is exactly "x <= edges[t]" on raw values at prediction time.
   */
  edges: Float64Array[];
}

export const MAX_BINS = 256;

/** Largest sample a feature's quantiles are computed from; beyond it the cut points barely move. */
const QUANTILE_SAMPLE = 200_000;

export function binMatrix(m: FeatureMatrix, maxBins = MAX_BINS): BinnedMatrix {
  if (maxBins < 2 || maxBins > MAX_BINS) throw new RangeError(`maxBins must be 2..${MAX_BINS}`);
  const { rows, cols, data } = m;
  // One pass to split the row-major matrix into columns: reading each column strided costs a full pass
  // over the matrix per feature.
  const raw = Array.from({ length: cols }, () => new Float64Array(rows));
  for (let i = 0, at = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++, at++) raw[j]![i] = clean(data[at]!);
  }
  const columns: Uint8Array[] = [];
  const edges: Float64Array[] = [];
  for (let j = 0; j < cols; j++) {
    const values = raw[j]!;
    const e = quantileEdges(sortedSample(values), maxBins);
    edges.push(e);
    const col = new Uint8Array(rows);
    for (let i = 0; i < rows; i++) col[i] = binOf(e, values[i]!);
    columns.push(col);
  }
  return { rows, cols, columns, edges };
}

/** Sorted values of one feature (an evenly strided subset for very large inputs: deterministic). */
function sortedSample(values: Float64Array): Float64Array {
  const step = Math.max(1, Math.ceil(values.length / QUANTILE_SAMPLE));
  if (step === 1) return values.slice().sort();
  const out = new Float64Array(Math.ceil(values.length / step));
  for (let i = 0, k = 0; i < values.length; i += step) out[k++] = values[i]!;
  return out.sort();
}

/**
 * Cut points at midpoints between neighbouring distinct values, like scikit-learn's thresholds: with few
 * distinct values every gap is a candidate; otherwise one per quantile.
 */
export function quantileEdges(sorted: Float64Array, maxBins: number): Float64Array {
  const n = sorted.length;
  const cuts: number[] = [];
  if (n === 0) return new Float64Array(0);
  const distinct: number[] = [sorted[0]!];
  for (let i = 1; i < n && distinct.length <= maxBins; i++) {
    if (sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
  }
  if (distinct.length <= maxBins) {
    for (let i = 1; i < distinct.length; i++) cuts.push(midpoint(distinct[i - 1]!, distinct[i]!));
    return Float64Array.from(cuts);
  }
  let last = -Infinity;
  for (let q = 1; q < maxBins; q++) {
    const v = sorted[Math.floor((q * n) / maxBins)]!;
    if (v <= last) continue;
    const above = upperBound(sorted, v);
    if (above >= n) break; // v is the maximum: nothing to cut above it
    const cut = midpoint(v, sorted[above]!);
    if (cut > last) cuts.push(cut);
    last = v;
  }
  return Float64Array.from(cuts);
}

/** Bin number of a raw value (binary search: at most 8 steps for 255 edges). */
export function binOf(edges: Float64Array, x: number): number {
  const v = clean(x);
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Features are finite by construction; a NaN from a hand-entered sample must still land somewhere fixed. */
function clean(x: number): number {
  return Number.isNaN(x) ? 0 : x;
}

function midpoint(a: number, b: number): number {
  const m = a + (b - a) / 2;
  // Rounding can land on b itself for adjacent doubles; a cut must keep a on the left and b on the right.
  return m >= b ? a : m;
}

function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
