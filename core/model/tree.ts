/**
 * Growing one classification tree on pre-binned data (binary labels, Gini impurity), as one member of a
 * random forest: bootstrap rows, a fresh random subset of features at every split.
 */
import type { BinnedMatrix } from './bins';
import { Rng } from './rng';
import { SplitFinder } from './split-finder';

export interface TreeOptions {
  /** Root is depth 0; a node at maxDepth becomes a leaf. */
  maxDepth: number;
  /** Fewest distinct training rows either side of a split. */
  minSamplesLeaf: number;
  /** Features tried per split. */
  mtry: number;
  /** Draw a bootstrap sample of the rows (true for a forest; false grows on all rows, for tests). */
  bootstrap: boolean;
}

/** A tree as flat arrays; children are indices within the tree. feature -1 marks a leaf. */
export interface Tree {
  feature: Int16Array;
  /** Raw-value cut: x <= threshold goes left. */
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** P(attack) among the node's training rows (bootstrap-weighted); the answer at leaves. */
  value: Float32Array;
}

export interface GrownTree {
  tree: Tree;
  /** Weighted Gini decrease per feature, normalized to sum to 1 (all zeros for a single-leaf tree). */
  importance: Float64Array;
}

/** Pre-binned features and 0/1 labels, the same for every tree. */
export interface TrainingData {
  binned: BinnedMatrix;
  labels: Uint8Array;
}


export function growTree(data: TrainingData, opts: TreeOptions, seed: number): GrownTree {
  const { binned, labels } = data;
  const rng = new Rng(seed);
  const n = binned.rows;
  const weight = new Int32Array(n);
  if (opts.bootstrap) for (let i = 0; i < n; i++) weight[rng.int(n)]!++;
  else weight.fill(1);
  // Only in-bag rows are partitioned: about 63 % of n, with duplicates carried as weights.
  let inBag = 0;
  for (let i = 0; i < n; i++) if (weight[i]! > 0) inBag++;
  const idx = new Int32Array(inBag);
  // (weight << 1) | label, kept in step with idx so the hot loops read it sequentially.
  const wy = new Int32Array(inBag);
  for (let i = 0, k = 0; i < n; i++) {
    if (weight[i]! === 0) continue;
    idx[k] = i;
    wy[k++] = (weight[i]! << 1) | (labels[i]! ? 1 : 0);
  }

  const feature: number[] = [];
  const thresholdBin: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const importance = new Float64Array(binned.cols);
  const finder = new SplitFinder(binned, opts, rng);

  const newNode = (): number => {
    feature.push(-1);
    thresholdBin.push(0);
    left.push(-1);
    right.push(-1);
    value.push(0);
    return feature.length - 1;
  };

  // Explicit stack of [node, start, end, depth]: deep trees must not hit the call-stack limit.
  const stack: number[] = [newNode(), 0, inBag, 0];
  while (stack.length > 0) {
    const depth = stack.pop()!;
    const end = stack.pop()!;
    const start = stack.pop()!;
    const node = stack.pop()!;
    let w = 0;
    let wPos = 0;
    for (let i = start; i < end; i++) {
      const v = wy[i]!;
      w += v >>> 1;
      if (v & 1) wPos += v >>> 1;
    }
    value[node] = Math.fround(wPos / w);
    if (depth >= opts.maxDepth || wPos === 0 || wPos === w || end - start < 2 * opts.minSamplesLeaf) continue;
    const split = finder.find(idx, wy, start, end, w, wPos);
    if (!split) continue;
    const mid = partition(idx, wy, start, end, binned.columns[split.feature]!, split.bin);
    importance[split.feature]! += split.gain;
    feature[node] = split.feature;
    thresholdBin[node] = split.bin;
    const l = newNode();
    const r = newNode();
    left[node] = l;
    right[node] = r;
    stack.push(r, mid, end, depth + 1, l, start, mid, depth + 1);
  }

  let total = 0;
  for (const v of importance) total += v;
  if (total > 0) for (let j = 0; j < importance.length; j++) importance[j]! /= total;
  const threshold = new Float64Array(feature.length);
  for (let i = 0; i < feature.length; i++) {
    if (feature[i]! >= 0) threshold[i] = binned.edges[feature[i]!]![thresholdBin[i]!]!;
  }
  return {
    tree: {
      feature: Int16Array.from(feature),
      threshold,
      left: Int32Array.from(left),
      right: Int32Array.from(right),
      value: Float32Array.from(value),
    },
    importance,
  };
}

/** Moves rows with bin <= cut to the front of [start, end) (idx and wy together); returns where the right side begins. */
function partition(idx: Int32Array, wy: Int32Array, start: number, end: number, col: Uint8Array, cut: number): number {
  let i = start;
  let j = end - 1;
  while (i <= j) {
    if (col[idx[i]!]! <= cut) i++;
    else {
      const t = idx[i]!;
      idx[i] = idx[j]!;
      idx[j] = t;
      const u = wy[i]!;
      wy[i] = wy[j]!;
      wy[j] = u;
      j--;
    }
  }
  return i;
}
