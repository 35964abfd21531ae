/** The metrics block of a model: the held-out windows scored, at window and at client level. */
import { clientStrata, type Dataset } from './dataset';
import { predictMatrix, type Forest } from './forest';
import { BENIGN } from './labels';
import {
  averagePrecision,
  binaryReport,
  clientOutcomes,
  confusionAt,
  prCurve,
  rankImportances,
  rocAuc,
  type BinaryReport,
  type FeatureImportance,
  type PrPoint,
} from './metrics';

export interface TypeRecall {
  clients: number;
  detected: number;
  recall: number;
}

export interface ModelMetrics {
  threshold: number;
  /** Which rows were scored: the held-out test clients, or the training rows when nothing was held out. */
  evaluatedOn: 'test' | 'train';
  windows: BinaryReport;
  clients: BinaryReport;
  /** null when the scored rows hold a single class. */
  rocAuc: number | null;
  averagePrecision: number | null;
  prCurve: PrPoint[];
  featureImportance: FeatureImportance[];
  /** Client-level recall per attack type ('benign' shows how many clean clients were flagged). */
  byAttackType: Record<string, TypeRecall>;
}

/** 6 significant decimals keep the model file readable and small; the values are deterministic anyway. */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function roundDeep<T>(v: T): T {
  if (typeof v === 'number') return round6(v) as T;
  if (Array.isArray(v)) return v.map(roundDeep) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = roundDeep(x);
    return out as T;
  }
  return v;
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? round6(x) : null;
}

export function evaluateForest(
  forest: Forest,
  ds: Dataset,
  opts: {
    threshold: number;
    featureNames: readonly string[];
    importance: ArrayLike<number>;
    evaluatedOn: 'test' | 'train';
  },
): ModelMetrics {
  const scores = predictMatrix(forest, ds.matrix);
  const windows = ds.clients.map((client, i) => ({ client, label: ds.labels[i]!, score: scores[i]! }));
  const outcomes = clientOutcomes(windows, opts.threshold);
  const clientConf = { tp: 0, fp: 0, tn: 0, fn: 0 };
  const strata = clientStrata(ds);
  const byAttackType: Record<string, TypeRecall> = {};
  for (const type of [...new Set(strata.values())].sort()) byAttackType[type] = { clients: 0, detected: 0, recall: 0 };
  for (const [client, o] of outcomes) {
    if (o.actual) o.predicted ? clientConf.tp++ : clientConf.fn++;
    else o.predicted ? clientConf.fp++ : clientConf.tn++;
    const t = byAttackType[strata.get(client) ?? BENIGN]!;
    t.clients++;
    if (o.predicted) t.detected++;
  }
  for (const t of Object.values(byAttackType)) t.recall = t.clients > 0 ? t.detected / t.clients : 0;
  return {
    threshold: opts.threshold,
    evaluatedOn: opts.evaluatedOn,
    windows: roundDeep(binaryReport(confusionAt(ds.labels, scores, opts.threshold))),
    clients: roundDeep(binaryReport(clientConf)),
    rocAuc: finiteOrNull(rocAuc(ds.labels, scores)),
    averagePrecision: ds.labels.includes(1) ? finiteOrNull(averagePrecision(ds.labels, scores)) : null,
    prCurve: roundDeep(prCurve(ds.labels, scores)),
    featureImportance: roundDeep(rankImportances(opts.featureNames, opts.importance)),
    byAttackType: roundDeep(byAttackType),
  };
}
