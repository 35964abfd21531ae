/**
 * Best Gini split of a node on pre-binned features, trying a fresh random subset of features (mtry) at
 * every node. Candidate cuts are visited in ascending bin order on both paths (histogram for big nodes,
 * sorted rows for small ones) with integer sums, so both pick the same split.
 */
import type { BinnedMatrix } from './bins';
import type { Rng } from './rng';
import type { TreeOptions } from './tree';

/** Nodes this small skip the 256-bin histogram: sorting a handful of rows is cheaper than scanning bins. */
const SMALL_NODE = 48;
/** Nodes this big find their occupied bin range by scanning the histogram, not by tracking it per row. */
const WIDE_NODE = 1024;

export interface Split {
  feature: number;
  /** Rows with bin <= this go left. */
  bin: number;
  /** Weighted Gini decrease (n * impurity, bootstrap weights). */
  gain: number;
}

/** Buffers are reused across nodes so the hot loops allocate nothing. */
export class SplitFinder {
  private readonly w = new Int32Array(256);
  private readonly pos = new Int32Array(256);
  private readonly rows = new Int32Array(256);
  private readonly keys = new Int32Array(SMALL_NODE);
  private readonly order: Int32Array;

  constructor(
    private readonly binned: BinnedMatrix,
    private readonly opts: TreeOptions,
    private readonly rng: Rng,
  ) {
    this.order = Int32Array.from({ length: binned.cols }, (_, j) => j);
  }

  find(idx: Int32Array, wy: Int32Array, start: number, end: number, wAll: number, posAll: number): Split | null {
    const { order, rng } = this;
    const cols = order.length;
    const parent = (posAll * posAll + (wAll - posAll) * (wAll - posAll)) / wAll;
    const small = end - start <= SMALL_NODE;
    let best: Split | null = null;
    let tried = 0;
    // Like scikit-learn, features constant in this node do not use up the mtry budget.
    for (let k = 0; k < cols && (tried < this.opts.mtry || best === null); k++) {
      const pick = k + rng.int(cols - k);
      const f = order[pick]!;
      order[pick] = order[k]!;
      order[k] = f;
      const col = this.binned.columns[f]!;
      const lohi = small ? this.sortedCounts(col, idx, wy, start, end) : this.histogram(col, idx, wy, start, end, f);
      const lo = lohi & 0xff;
      const hi = lohi >>> 8;
      if (lo === hi) {
        if (!small) this.clear(lo, hi);
        continue;
      }
      tried++;
      const res = small
        ? this.scanSorted(end - start, wAll, posAll, parent)
        : this.scanHistogram(lo, hi, end - start, wAll, posAll, parent);
      if (res !== null && (best === null || res.gain > best.gain)) best = { feature: f, bin: res.bin, gain: res.gain };
    }
    return best;
  }

  /** Fills the bin histogram; returns lo | hi << 8 (the occupied bin range). */
  private histogram(col: Uint8Array, idx: Int32Array, wy: Int32Array, start: number, end: number, f: number): number {
    const { w, pos, rows } = this;
    if (this.opts.minSamplesLeaf > 1) {
      for (let i = start; i < end; i++) rows[col[idx[i]!]!]!++;
    }
    if (end - start > WIDE_NODE) {
      // Big nodes: cheaper to find the occupied range afterwards than to track it per row.
      for (let i = start; i < end; i++) {
        const b = col[idx[i]!]!;
        const v = wy[i]!;
        w[b]! += v >>> 1;
        pos[b]! += (v >>> 1) & -(v & 1);
      }
      let lo = 0;
      let hi = this.binned.edges[f]!.length;
      while (w[lo] === 0) lo++;
      while (w[hi] === 0) hi--;
      return lo | (hi << 8);
    }
    let lo = 255;
    let hi = 0;
    for (let i = start; i < end; i++) {
      const b = col[idx[i]!]!;
      const v = wy[i]!;
      w[b]! += v >>> 1;
      pos[b]! += (v >>> 1) & -(v & 1);
      if (b < lo) lo = b;
      if (b > hi) hi = b;
    }
    return lo | (hi << 8);
  }

  private scanHistogram(lo: number, hi: number, nRows: number, wAll: number, posAll: number, parent: number) {
    const { w, pos, rows } = this;
    const minLeaf = this.opts.minSamplesLeaf;
    // With one row per leaf allowed, every cut between two occupied bins qualifies: no row counts needed.
    const checkLeaf = minLeaf > 1;
    let wl = 0;
    let pl = 0;
    let rl = 0;
    let bestScore = parent + 1e-9 * wAll;
    let bestBin = -1;
    for (let b = lo; b < hi; b++) {
      if (w[b] === 0) continue;
      wl += w[b]!;
      pl += pos[b]!;
      if (checkLeaf) {
        rl += rows[b]!;
        if (rl < minLeaf) continue;
        if (nRows - rl < minLeaf) break;
      }
      const score = splitScore(wl, pl, wAll, posAll);
      if (score > bestScore) {
        bestScore = score;
        bestBin = b;
      }
    }
    this.clear(lo, hi);
    return bestBin < 0 ? null : { bin: bestBin, gain: bestScore - parent };
  }

  /** Insertion-sorts the node's rows by bin into keys (bin << 8 | offset in node); returns lo | hi << 8. */
  private sortedCounts(col: Uint8Array, idx: Int32Array, wy: Int32Array, start: number, end: number): number {
    const keys = this.keys;
    const n = end - start;
    for (let k = 0; k < n; k++) {
      const key = (col[idx[start + k]!]! << 8) | k;
      let j = k - 1;
      while (j >= 0 && keys[j]! >>> 8 > key >>> 8) {
        keys[j + 1] = keys[j]!;
        j--;
      }
      keys[j + 1] = key;
    }
    this.nodeWy = wy;
    this.nodeStart = start;
    return (keys[0]! >>> 8) | ((keys[n - 1]! >>> 8) << 8);
  }

  private nodeWy: Int32Array = new Int32Array(0);
  private nodeStart = 0;

  private scanSorted(n: number, wAll: number, posAll: number, parent: number) {
    const { keys, nodeWy, nodeStart } = this;
    const minLeaf = this.opts.minSamplesLeaf;
    let wl = 0;
    let pl = 0;
    let bestScore = parent + 1e-9 * wAll;
    let bestBin = -1;
    for (let k = 0; k < n - 1; k++) {
      const v = nodeWy[nodeStart + (keys[k]! & 0xff)]!;
      wl += v >>> 1;
      pl += (v >>> 1) & -(v & 1);
      const b = keys[k]! >>> 8;
      if (b === keys[k + 1]! >>> 8) continue; // cut only between different bins
      if (k + 1 < minLeaf) continue;
      if (n - k - 1 < minLeaf) break;
      const score = splitScore(wl, pl, wAll, posAll);
      if (score > bestScore) {
        bestScore = score;
        bestBin = b;
      }
    }
    return bestBin < 0 ? null : { bin: bestBin, gain: bestScore - parent };
  }

  private clear(lo: number, hi: number): void {
    this.w.fill(0, lo, hi + 1);
    this.pos.fill(0, lo, hi + 1);
    this.rows.fill(0, lo, hi + 1);
  }
}

/** Sum over both sides of (pos^2 + neg^2) / weight: larger means purer (n * (1 - Gini) summed). */
function splitScore(wl: number, pl: number, wAll: number, posAll: number): number {
  const wr = wAll - wl;
  const pr = posAll - pl;
  const nl = wl - pl;
  const nr = wr - pr;
  return (pl * pl + nl * nl) / wl + (pr * pr + nr * nr) / wr;
}
