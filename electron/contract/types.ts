/**
 * Data shapes that cross the engine boundary (worker ↔ main ↔ renderer). Plain JSON only: they go through
 * structured clone and IPC, so no classes, Maps or Dates. Times are ms since the Unix epoch (log time, UTC).
 */
import type { Action, KeyKind, Severity } from '../../core/detect/alert';
import type { FormatId } from '../../core/parse/parser';
import type { ParseErrorCode } from '../../core/events/parse-error';
import type { FeatureDriver } from './model-types';

export type { Action, KeyKind, Severity, FormatId, ParseErrorCode };
export type * from './model-types';

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

export type TopDimension = 'client' | 'endpoint' | 'status' | 'userAgent' | 'api' | 'application' | 'host';
export const TOP_DIMENSIONS: readonly TopDimension[] = ['client', 'endpoint', 'status', 'userAgent', 'api', 'application', 'host'];

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
  /** Target alerts (distributed credential stuffing): the attacking client IPs it names; else empty. */
  clients: string[];
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

/** Alerts of one rule active in a range (`query.alertsByRule`), the most severe rules first. */
export interface RuleAlertCount {
  rule: string;
  alerts: number;
  /** Of those, how many are still in triage status 'open'. */
  open: number;
  /** The highest severity among them. */
  worst: Severity;
  lastSeen: number;
}

/** How long the store keeps data: events older than keepDays (of log time), or the oldest hours while over maxDbMb. */
export interface StorageLimits {
  /** Days of log time kept behind the newest event; null: no age limit. */
  keepDays: number | null;
  /** Live data kept under this many MiB (freed pages are reused, the file does not shrink); null: no size limit. */
  maxDbMb: number | null;
}

export interface StorageInfo {
  /** In force now. */
  limits: StorageLimits;
  /** 'flags': set on the command line for this run (saved limits apply from the next run without them). */
  origin: 'settings' | 'flags' | 'none';
  /** What is saved for runs without flags. */
  saved: StorageLimits;
  dbPath: string;
  /** Pages in use × page size. */
  usedBytes: number;
  /** The database file and its write-ahead log on disk. */
  fileBytes: number;
  events: number;
  /** Log time of the oldest and newest stored event; null when none. */
  oldest: number | null;
  newest: number | null;
}

export interface Page<T> {
  total: number;
  rows: T[];
}

/** Most uids one `alerts.setStatusMany` takes: it is one transaction on the thread that also ingests, so it stays short. */
export const MAX_BULK_UIDS = 1000;

/** `alerts.setStatusMany`: the alerts whose status changed, and those already in the asked status (untouched). */
export interface BulkStatusResult {
  updated: AlertRow[];
  unchanged: number[];
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
  /** Store id: breaks ties between events of the same millisecond when paging (`query.events` beforeId). */
  id: number;
  time: number;
  client: string;
  method: string;
  path: string;
  /** The query string without its '?' ('' when none, and for events stored before schema version 5). */
  query: string;
  template: string;
  status: number;
  bytes: number;
  latencyMs: number;
  userAgent: string;
  api: string;
  application: string;
  user: string;
  /** Virtual host, Host header or the host of an absolute URL, where the format logs one ('' otherwise). */
  host: string;
  sourceId: number;
  /** The file generation the line was read from: with `offset`, where `events.raw` reads it back. */
  fileId: number;
  line: number;
  offset: number;
}

/** Status classes of `query.events` statusClass: 2 = 2xx … 5 = 5xx. */
export type StatusClass = 2 | 3 | 4 | 5;

export interface ClientActivity {
  client: string;
  kpis: Kpis;
  timeline: TimelineBucket[];
  endpoints: TopRow[];
  statuses: TopRow[];
  userAgents: TopRow[];
  /** The virtual hosts (sites) the client requested; empty where the format logs none. */
  hosts: TopRow[];
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
  /** True when a watch already follows this file: the watch reads it, the import read nothing itself. */
  watched: boolean;
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
