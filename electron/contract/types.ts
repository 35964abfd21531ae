/**
 * Data shapes that cross the engine boundary (worker ↔ main ↔ renderer). Plain JSON only: they go through
 * structured clone and IPC, so no classes, Maps or Dates. Times are ms since the Unix epoch (log time, UTC).
 */
import type { Action, KeyKind, Severity } from '../../core/detect/alert';
import type { FormatId } from '../../core/parse/parser';
import type { ParseErrorCode } from '../../core/events/parse-error';

export type { Action, KeyKind, Severity, FormatId, ParseErrorCode };

// Model shapes restated here (the renderer cannot import core/model, which uses Node); the engine assigns
// core's values to them, so a drift fails to compile on the engine side.

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

/** Half-open [from, to). */
export interface TimeRange {
  from: number;
  to: number;
}

/**
 * Triage state of an alert. The analyst's verdicts label model training (`models.train` with
 * labels 'verdicts'): 'true-positive' = attack; 'false-positive' and 'benign' = not an attack. 'resolved'
 * says nothing about which, so it labels nothing.
 */
export type TriageStatus = 'open' | 'acknowledged' | 'resolved' | 'false-positive' | 'true-positive' | 'benign';
export const TRIAGE_STATUSES: readonly TriageStatus[] = [
  'open',
  'acknowledged',
  'resolved',
  'false-positive',
  'true-positive',
  'benign',
];

export type SourceState =
  | 'starting'
  | 'tailing' // caught up and waiting for appends
  | 'reading' // behind: reading as fast as the store allows
  | 'missing' // path does not exist (yet, or any more)
  | 'error' // unreadable: permission denied, not a regular file, I/O error
  | 'unknown-format' // lines seen but no parser recognises them; pass a format explicitly
  | 'done'; // one-shot import finished

export interface SourceStatus {
  id: number;
  /** The watch (see `sources.add`) this file was found through. */
  watchId: number;
  path: string;
  /** What the user asked to watch (file, folder or `dir/*.log`) that produced this source. */
  spec: string;
  format: FormatId | null;
  state: SourceState;
  lastError: string | null;
  /** Position in the file currently being read. */
  offset: number;
  line: number;
  size: number;
  /** Totals over every file generation (rotations included). */
  lines: number;
  events: number;
  parseErrors: number;
  ignored: number;
  rotations: number;
  /** Lines per second over the last push interval. */
  rate: number;
  updatedAt: number;
}

export interface ParseErrorRow {
  sourceId: number;
  line: number;
  offset: number;
  code: ParseErrorCode;
  message: string;
  sample: string;
}

export interface SourceDetail extends SourceStatus {
  errorExamples: ParseErrorRow[];
}

export interface Kpis {
  requests: number;
  errors4xx: number;
  errors5xx: number;
  /** Share of responses with status ≥ 400, 0..1. */
  errorRate: number;
  /** Exact within one hour; over ranges spanning whole hours an estimate within about 2% (HyperLogLog). */
  uniqueClients: number;
  bytes: number;
  /** -1 when no event in range carried a latency. */
  avgLatencyMs: number;
  alertsOpened: number;
  openAlerts: number;
}

export interface TimelineBucket {
  start: number;
  requests: number;
  s2xx: number;
  s3xx: number;
  s4xx: number;
  s5xx: number;
  /** Status 0 or < 200: unanswered or unknown. */
  other: number;
  alerts: number;
}

export type TopDimension = 'client' | 'endpoint' | 'status' | 'userAgent' | 'api' | 'application';
export const TOP_DIMENSIONS: readonly TopDimension[] = ['client', 'endpoint', 'status', 'userAgent', 'api', 'application'];

export interface TopRow {
  value: string;
  requests: number;
  errors: number;
}

export interface AlertRow {
  /** Store id: unique across runs (the detector's own id restarts with each run). */
  uid: number;
  alertId: string;
  key: string;
  keyKind: KeyKind;
  rule: string;
  category: string;
  severity: Severity;
  risk: number;
  action: Action;
  count: number;
  firstSeen: number;
  lastSeen: number;
  reason: string;
  /** The active model's probability (0..1) for this alert's client and time; -1 where no model scored it. */
  modelScore: number;
  /** The features that pushed that probability up, strongest first (empty when none). */
  modelFeatures: FeatureDriver[];
  status: TriageStatus;
  /** False once the detector closed the episode. */
  active: boolean;
  updatedAt: number;
}

export type AlertSortField = 'lastSeen' | 'firstSeen' | 'risk' | 'severity' | 'count';
export const ALERT_SORT_FIELDS: readonly AlertSortField[] = ['lastSeen', 'firstSeen', 'risk', 'severity', 'count'];
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

export interface AlertFilter {
  severity?: Severity[];
  rule?: string[];
  status?: TriageStatus[];
  key?: string;
  /** Substring of key, rule or reason. */
  text?: string;
  range?: TimeRange;
}

export interface Page<T> {
  total: number;
  rows: T[];
}

export interface EvidenceLine {
  sourceId: number;
  path: string;
  line: number;
  offset: number;
  /** The raw line when the file still holds it; null when it was rotated away or changed. */
  raw: string | null;
  /** Where `raw` came from: the file itself, or a line rebuilt from stored event fields. */
  origin: 'file' | 'stored' | 'missing';
  event: EventRow | null;
}

export interface StatusChange {
  at: number;
  who: string;
  from: TriageStatus;
  to: TriageStatus;
  reason: string;
}

export interface Note {
  id: number;
  alertUid: number;
  at: number;
  who: string;
  text: string;
}

export interface AlertDetail {
  alert: AlertRow;
  evidence: EvidenceLine[];
  history: StatusChange[];
  notes: Note[];
}

export interface EventRow {
  time: number;
  client: string;
  method: string;
  path: string;
  template: string;
  status: number;
  bytes: number;
  latencyMs: number;
  userAgent: string;
  api: string;
  application: string;
  user: string;
  sourceId: number;
  line: number;
  offset: number;
}

export interface ClientActivity {
  client: string;
  kpis: Kpis;
  timeline: TimelineBucket[];
  endpoints: TopRow[];
  statuses: TopRow[];
  userAgents: TopRow[];
  alerts: AlertRow[];
  recent: EventRow[];
}

export type AllowScope = KeyKind | 'any';
export const ALLOW_SCOPES: readonly AllowScope[] = ['ip', 'application', 'user', 'api-key', 'target', 'any'];

export interface AllowEntry {
  id: number;
  value: string;
  scope: AllowScope;
  reason: string;
  /** null = never expires. */
  expiresAt: number | null;
  createdAt: number;
  createdBy: string;
}

export interface RuleSetting {
  rule: string;
  enabled: boolean;
  /** Rule-specific thresholds as given by the user; the detector validates them. */
  params: Record<string, number | string | boolean>;
  updatedAt: number;
}

export type EngineState = 'running' | 'degraded' | 'stopping' | 'stopped';

export interface EngineCounters {
  events: number;
  alerts: number;
  parseErrors: number;
  lines: number;
  /** Events read but not yet committed: backpressure shows up here. */
  pending: number;
  linesPerSecond: number;
  suppressedAlerts: number;
}

export interface EngineStatus {
  state: EngineState;
  dataDir: string;
  dbPath: string;
  schemaVersion: number;
  /** Set while the store cannot commit (locked, disk full); cleared on the next good commit. */
  lastError: { code: string; message: string } | null;
  counters: EngineCounters;
  startedAt: number;
}

export interface ImportResult {
  sourceId: number;
  path: string;
  format: FormatId | null;
  lines: number;
  events: number;
  parseErrors: number;
  alerts: number;
  ms: number;
}

export interface WatchRow {
  id: number;
  spec: string;
  format: FormatId | null;
  createdAt: number;
}

export interface StatsSummary {
  events: number;
  alerts: number;
  sources: SourceStatus[];
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
