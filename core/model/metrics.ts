/**
 * How good a model is: confusion matrix and per-class scores at a threshold, ROC-AUC, the
 * precision-recall curve, and the per-client view (a client is called an attacker if any of its windows
 * scores at or above the threshold), which is what an analyst acts on.
 */

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** True members of the class. */
  support: number;
}

export interface BinaryReport {
  confusion: Confusion;
  attack: ClassScores;
  benign: ClassScores;
  accuracy: number;
  /** Mean of the two classes' F1. */
  macroF1: number;
}

export interface PrPoint {
  threshold: number;
  precision: number;
  recall: number;
}

export function confusionAt(labels: ArrayLike<number>, scores: ArrayLike<number>, threshold: number): Confusion {
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < labels.length; i++) {
    const predicted = scores[i]! >= threshold;
    if (labels[i]) predicted ? c.tp++ : c.fn++;
    else predicted ? c.fp++ : c.tn++;
  }
  return c;
}

/** Precision of an empty prediction set is reported as 0, like scikit-learn's zero_division=0. */
export function scoresOf(tp: number, fp: number, fn: number): ClassScores {
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, support: tp + fn };
}

export function binaryReport(c: Confusion): BinaryReport {
  const attack = scoresOf(c.tp, c.fp, c.fn);
  // The benign class's "positives" are the negatives.
  const benign = scoresOf(c.tn, c.fn, c.fp);
  const total = c.tp + c.fp + c.tn + c.fn;
  return {
    confusion: c,
    attack,
    benign,
    accuracy: total > 0 ? (c.tp + c.tn) / total : 0,
    macroF1: (attack.f1 + benign.f1) / 2,
  };
}

/** Order of the scores, ascending; ties keep input order so every result below is deterministic. */
function ascendingOrder(scores: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: scores.length }, (_, i) => i);
  return order.sort((a, b) => scores[a]! - scores[b]! || a - b);
}

/**
 * Area under the ROC curve by the rank-sum (Mann-Whitney) formula with tied scores sharing their mean
 * rank: 1 for a perfect ranking, 0 for a reversed one, 0.5 when all scores tie. NaN with one class only.
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const n = labels.length;
  let pos = 0;
  for (let i = 0; i < n; i++) if (labels[i]) pos++;
  const neg = n - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  const order = ascendingOrder(scores);
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const meanRank = (i + j + 2) / 2; // ranks are 1-based
    for (let k = i; k <= j; k++) if (labels[order[k]!]) rankSum += meanRank;
    i = j + 1;
  }
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * Precision and recall at every distinct score used as the threshold, highest first, thinned to at most
 * maxPoints (always keeping both ends).
 */
export function prCurve(labels: ArrayLike<number>, scores: ArrayLike<number>, maxPoints = 101): PrPoint[] {
  const n = labels.length;
  let pos = 0;
  for (let i = 0; i < n; i++) if (labels[i]) pos++;
  const order = ascendingOrder(scores).reverse();
  const all: PrPoint[] = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < n; ) {
    const s = scores[order[i]!]!;
    while (i < n && scores[order[i]!] === s) {
      if (labels[order[i]!]) tp++;
      else fp++;
      i++;
    }
    all.push({ threshold: s, precision: tp / (tp + fp), recall: pos > 0 ? tp / pos : 0 });
  }
  if (all.length <= maxPoints) return all;
  const out: PrPoint[] = [];
  for (let k = 0; k < maxPoints; k++) out.push(all[Math.round((k * (all.length - 1)) / (maxPoints - 1))]!);
  return out;
}

/** Average precision (area under the step PR curve, scikit-learn's definition). */
export function averagePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const points = prCurve(labels, scores, Number.POSITIVE_INFINITY);
  let ap = 0;
  let prevRecall = 0;
  for (const p of points) {
    ap += (p.recall - prevRecall) * p.precision;
    prevRecall = p.recall;
  }
  return ap;
}

export interface ScoredWindow {
  client: string;
  label: number;
  score: number;
}

/** Per-client truth and prediction: attacker if any window is positive / scores >= threshold. */
export function clientOutcomes(
  windows: Iterable<ScoredWindow>,
  threshold: number,
): Map<string, { actual: boolean; predicted: boolean; maxScore: number }> {
  const out = new Map<string, { actual: boolean; predicted: boolean; maxScore: number }>();
  for (const w of windows) {
    let c = out.get(w.client);
    if (!c) {
      c = { actual: false, predicted: false, maxScore: 0 };
      out.set(w.client, c);
    }
    if (w.label) c.actual = true;
    if (w.score >= threshold) c.predicted = true;
    if (w.score > c.maxScore) c.maxScore = w.score;
  }
  return out;
}

export function clientConfusion(windows: Iterable<ScoredWindow>, threshold: number): Confusion {
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (const o of clientOutcomes(windows, threshold).values()) {
    if (o.actual) o.predicted ? c.tp++ : c.fn++;
    else o.predicted ? c.fp++ : c.tn++;
  }
  return c;
}

export interface FeatureImportance {
  feature: string;
  importance: number;
}

/** Mean decrease in impurity per feature, largest first (name order breaks ties). */
export function rankImportances(names: readonly string[], importance: ArrayLike<number>): FeatureImportance[] {
  return names
    .map((feature, j) => ({ feature, importance: importance[j]! }))
    .sort((a, b) => b.importance - a.importance || (a.feature < b.feature ? -1 : 1));
}
