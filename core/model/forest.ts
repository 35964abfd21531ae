/**
 * The forest as one set of flat typed arrays (all trees concatenated), its prediction, and growing a
 * range of its trees. Tree i depends only on the data, the options and deriveSeed(seed, i), which is what
 * lets workers grow disjoint ranges and still produce the exact single-threaded forest.
 */
import type { FeatureMatrix } from './bins';
import { deriveSeed } from './rng';
import { growTree, type GrownTree, type Tree, type TrainingData, type TreeOptions } from './tree';

export interface ForestOptions {
  nTrees: number;
  maxDepth: number;
  minSamplesLeaf: number;
  /** Features tried per split; 0 means round(sqrt(feature count)). */
  mtry: number;
  /** Bins per feature (2..256). */
  maxBins: number;
  seed: number;
}

export const DEFAULT_FOREST_OPTIONS: ForestOptions = {
  nTrees: 100,
  maxDepth: 20,
  minSamplesLeaf: 1,
  mtry: 0,
  maxBins: 256,
  seed: 1,
};

export interface Forest {
  nFeatures: number;
  /**
   * Tree t owns nodes offsets[t] .. offsets[t + 1] - 1; child indices are relative to offsets[t], and a
   * node's right child always directly follows its left one.
   */
  offsets: Int32Array;
  feature: Int16Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float32Array;
}

export function resolveMtry(opts: ForestOptions, nFeatures: number): number {
  const m = opts.mtry > 0 ? opts.mtry : Math.round(Math.sqrt(nFeatures));
  return Math.max(1, Math.min(nFeatures, m));
}

export function treeOptions(opts: ForestOptions, nFeatures: number): TreeOptions {
  return {
    maxDepth: opts.maxDepth,
    minSamplesLeaf: Math.max(1, opts.minSamplesLeaf),
    mtry: resolveMtry(opts, nFeatures),
    bootstrap: true,
  };
}

/** Grows trees [from, to) of the forest; onTree runs after each (progress, cancellation checks). */
export function growTreeRange(
  data: TrainingData,
  opts: ForestOptions,
  from: number,
  to: number,
  onTree?: (index: number, grown: GrownTree) => void,
): GrownTree[] {
  const topts = treeOptions(opts, data.binned.cols);
  const out: GrownTree[] = [];
  for (let t = from; t < to; t++) {
    const grown = growTree(data, topts, deriveSeed(opts.seed, t));
    out.push(grown);
    onTree?.(t, grown);
  }
  return out;
}

export function assembleForest(trees: readonly Tree[], nFeatures: number): Forest {
  const offsets = new Int32Array(trees.length + 1);
  for (let t = 0; t < trees.length; t++) offsets[t + 1] = offsets[t]! + trees[t]!.feature.length;
  const total = offsets[trees.length]!;
  const forest: Forest = {
    nFeatures,
    offsets,
    feature: new Int16Array(total),
    threshold: new Float64Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    value: new Float32Array(total),
  };
  trees.forEach((tree, t) => {
    const at = offsets[t]!;
    forest.feature.set(tree.feature, at);
    forest.threshold.set(tree.threshold, at);
    forest.left.set(tree.left, at);
    forest.right.set(tree.right, at);
    forest.value.set(tree.value, at);
  });
  return forest;
}

/** Mean feature importance over trees (each tree's importances already sum to 1). */
export function meanImportance(grown: readonly GrownTree[], nFeatures: number): Float64Array {
  const out = new Float64Array(nFeatures);
  for (const g of grown) for (let j = 0; j < nFeatures; j++) out[j]! += g.importance[j]!;
  if (grown.length > 0) for (let j = 0; j < nFeatures; j++) out[j]! /= grown.length;
  return out;
}

export function treeCount(forest: Forest): number {
  return forest.offsets.length - 1;
}

/** Leaf value of tree t for the sample at x[base .. base + nFeatures); values must be finite (callers clean them). */
export function treeLeafValue(forest: Forest, t: number, x: ArrayLike<number>, base = 0): number {
  const { feature, threshold, left, value } = forest;
  const at = forest.offsets[t]!;
  let node = at;
  // Children are allocated in pairs (right = left + 1, checked when a model is loaded): one array read
  // and no branch per level.
  for (let f = feature[node]!; f >= 0; f = feature[node]!) {
    node = at + left[node]! + (x[base + f]! > threshold[node]! ? 1 : 0);
  }
  return value[node]!;
}

/** P(attack): the mean of the trees' leaf probabilities (scikit-learn's predict_proba). */
export function predictProba(forest: Forest, x: ArrayLike<number>, base = 0): number {
  const n = treeCount(forest);
  if (n === 0) return 0;
  let sum = 0;
  for (let t = 0; t < n; t++) sum += treeLeafValue(forest, t, x, base);
  return sum / n;
}

export function predictMatrix(forest: Forest, m: FeatureMatrix): Float64Array {
  if (m.cols !== forest.nFeatures) throw new RangeError(`expected ${forest.nFeatures} features, got ${m.cols}`);
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = predictProba(forest, m.data, i * m.cols);
  return out;
}

/**
 * Per-feature contributions to P(attack) for one sample (the decision-path method of Saabas): along each
 * tree's path, the change in the node's attack share is credited to the feature split on, averaged over
 * trees. bias + sum(out) equals predictProba; out is overwritten. Returns the bias (mean root value).
 */
export function contributions(forest: Forest, x: ArrayLike<number>, out: Float64Array, base = 0): number {
  out.fill(0);
  const n = treeCount(forest);
  if (n === 0) return 0;
  const { feature, threshold, left, value } = forest;
  let bias = 0;
  for (let t = 0; t < n; t++) {
    const at = forest.offsets[t]!;
    let node = at;
    bias += value[node]!;
    for (let f = feature[node]!; f >= 0; f = feature[node]!) {
      const next = at + left[node]! + (x[base + f]! > threshold[node]! ? 1 : 0);
      out[f]! += value[next]! - value[node]!;
      node = next;
    }
  }
  for (let j = 0; j < out.length; j++) out[j]! /= n;
  return bias / n;
}
