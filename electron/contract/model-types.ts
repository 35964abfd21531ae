/**
 * Model shapes of the contract (model versions, metrics, training, the hand-entered score). Restated here
 * because the renderer cannot import core/model, which uses Node; the engine assigns core's values to them,
 * so a drift fails to compile on the engine side.
 */
import type { Action } from '../../core/detect/alert';
import type { TimeRange } from './types';
/** A feature that pushed a probability up: its value and how much it added (0..1). */
export interface FeatureDriver {
  feature: string;
  value: number;
  contribution: number;
}

export interface ClassScoresView {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface BinaryReportView {
  confusion: { tp: number; fp: number; tn: number; fn: number };
  attack: ClassScoresView;
  benign: ClassScoresView;
  accuracy: number;
  macroF1: number;
}

/** A model's metrics (core/model/evaluation.ts ModelMetrics). */
export interface ModelMetrics {
  threshold: number;
  evaluatedOn: 'test' | 'train';
  /** Per (client, window) sample. */
  windows: BinaryReportView;
  /** Per client: an attacker if any of its windows is. */
  clients: BinaryReportView;
  rocAuc: number | null;
  averagePrecision: number | null;
  prCurve: { threshold: number; precision: number; recall: number }[];
  featureImportance: { feature: string; importance: number }[];
  byAttackType: Record<string, { clients: number; detected: number; recall: number }>;
}

export interface SideDescriptionView {
  windows: number;
  attackWindows: number;
  clients: number;
  attackerClients: number;
}

/** What a model was trained on (core/model/dataset.ts TrainingSetDescription). */
export interface TrainingSetDescription {
  total: SideDescriptionView;
  train: SideDescriptionView;
  test: SideDescriptionView;
  byAttackType: Record<string, { clients: number; windows: number }>;
  trainAttackShare: number;
  unlabeledWindows: number;
}

/** A stored model version (`models.list`). */
export interface ModelVersionInfo {
  version: number;
  createdAt: number;
  /** Where the training data came from, in words (shipped default, stored events and verdicts, files…). */
  source: string;
  active: boolean;
  activatedAt: number | null;
  /** Probability at or above which a window counts as an attack. */
  threshold: number;
  trees: number;
  /** Metrics on the held-out clients (or the training rows, see evaluatedOn); null if none were stored. */
  summary: {
    evaluatedOn: 'test' | 'train';
    precision: number;
    recall: number;
    f1: number;
    clientPrecision: number;
    clientRecall: number;
    clientF1: number;
    rocAuc: number | null;
    averagePrecision: number | null;
  } | null;
  trainingWindows: number | null;
}

/** `models.detail`: everything stored about a version (not the trees). */
export interface ModelDetail extends ModelVersionInfo {
  featureNames: string[];
  options: Record<string, number>;
  metrics: ModelMetrics | null;
  trainingSet: TrainingSetDescription | null;
}

/** Where `models.train` takes labels from. */
export type TrainLabels = 'verdicts' | { truthPath: string };

export interface TrainRequest {
  /**
   * 'verdicts': alerts on client IPs the analyst marked true-positive (attack) or false-positive / benign
   * (not an attack) label the windows they cover. { truthPath }: a ground-truth CSV
   * (ip,attack_type,first_seen,last_seen,requests). Never rule output.
   */
  labels: TrainLabels;
  /** Train on these log files instead of the stored events. */
  logPaths?: string[];
  /** Stored events of these sources only (default: all stored events). */
  sources?: number[];
  /** Stored events in this log-time range only. */
  range?: TimeRange;
  /** With verdicts: windows no verdict covers are left out ('skip', default) or taken as benign. */
  unlabeled?: 'skip' | 'benign';
  trees?: number;
  maxDepth?: number;
  minSamplesLeaf?: number;
  seed?: number;
  threshold?: number;
  /** Share of clients held out for the metrics (default 0.25; 0 = scored on the training rows). */
  testFraction?: number;
  /** Make the new version the active one when training succeeds (default false). */
  activate?: boolean;
  /** Free text stored with the version's source description. */
  note?: string;
}

/** Pushed while `models.train` runs (latest state, coalesced like every push). */
export interface ModelProgress {
  jobId: number;
  phase: 'features' | 'training' | 'evaluating' | 'done' | 'failed' | 'cancelled';
  events: number;
  windows: number;
  treesDone: number;
  treesTotal: number;
  elapsedMs: number;
  /** Estimated ms left in the training phase; -1 before the first tree. */
  etaMs: number;
  /** The stored version, once done. */
  version: number | null;
  error: string | null;
}

export interface SuggestedRung {
  min: number;
  action: Action;
}

/** `model.score`: the prototype's /detect, on the active model. */
export interface ModelScoreResult {
  version: number;
  probability: number;
  /** First rung of the ladder the probability reaches; 'allow' below all of them. */
  action: Action;
  /** The whole ladder, strongest first, for display. */
  ladder: SuggestedRung[];
  threshold: number;
  /** True when probability ≥ threshold: the engine would raise a model alert for such a window. */
  attack: boolean;
  drivers: FeatureDriver[];
}

export interface ModelFeatures {
  /** Active version (null when no model is active). */
  version: number | null;
  /** The names `model.score` expects, in the model's column order. */
  names: string[];
}
