/**
 * THE request map: request name → params → result. Both ends (engine handlers, clients in main/CLI/renderer)
 * are typed from this one interface, and `paramValidators` must cover every entry (the mapped type enforces it).
 */
import type {
  AlertDetail,
  AlertFilter,
  AlertRow,
  AlertSortField,
  BulkStatusResult,
  AllowEntry,
  AllowScope,
  ClientActivity,
  EngineStatus,
  EventRow,
  EvidenceLine,
  FormatId,
  ImportResult,
  Kpis,
  ModelDetail,
  ModelFeatures,
  ModelScoreResult,
  ModelVersionInfo,
  Note,
  Page,
  RuleAlertCount,
  StorageInfo,
  StorageLimits,
  RuleSetting,
  SourceDetail,
  SourceStatus,
  StatsSummary,
  StatusClass,
  TimeRange,
  TimelineBucket,
  TopDimension,
  TopRow,
  TrainRequest,
  TriageStatus,
  WatchRow,
} from './types';

type Empty = Record<string, never>;

export interface EngineApi {
  'engine.status': { params: Empty; result: EngineStatus };
  /** Resolves once everything read so far is committed (tests, CLI `import`, shutdown). */
  'engine.flush': { params: Empty; result: { events: number } };
  'stats.summary': { params: Empty; result: StatsSummary };

  'sources.add': { params: { spec: string; format?: FormatId }; result: { watch: WatchRow; sources: SourceStatus[] } };
  'sources.remove': { params: { watchId: number }; result: { removed: boolean } };
  'sources.watches': { params: Empty; result: WatchRow[] };
  'sources.list': { params: Empty; result: SourceStatus[] };
  'sources.detail': { params: { id: number; errorLimit?: number }; result: SourceDetail };
  /** One-shot read of a whole file (not watched afterwards). */
  'import.file': { params: { path: string; format?: FormatId }; result: ImportResult };

  'query.kpis': { params: { range: TimeRange }; result: Kpis };
  'query.timeline': { params: { range: TimeRange; bucketMs: number }; result: TimelineBucket[] };
  'query.top': { params: { range: TimeRange; dimension: TopDimension; limit?: number }; result: TopRow[] };
  'query.events': {
    params: {
      range: TimeRange;
      client?: string;
      path?: string;
      /** Exactly this status; not together with `statusClass`. */
      status?: number;
      /** 2 = 2xx … 5 = 5xx; not together with `status`. */
      statusClass?: StatusClass;
      sourceId?: number;
      /** Exact consumer identity, as stored (WSO2 and JSON gateway formats). */
      user?: string;
      api?: string;
      /** Exact application (WSO2 and JSON gateway formats), as stored. */
      application?: string;
      /** Exact host (virtual host or Host header), as stored. */
      host?: string;
      limit?: number;
      /**
       * Keyset paging: pass the last row's `time` (and its `id` as `beforeId`, so events of that same
       * millisecond are not skipped) to get older rows.
       */
      before?: number;
      beforeId?: number;
    };
    result: EventRow[];
  };
  /** One stored event's line read back from its file (or rebuilt from stored fields when the file is gone). */
  'events.raw': { params: { fileId: number; offset: number }; result: EvidenceLine };
  'query.client': { params: { client: string; range: TimeRange }; result: ClientActivity };
  /** Alerts active in the range (last seen in it or later, first seen before its end), counted per rule. */
  'query.alertsByRule': { params: { range: TimeRange }; result: RuleAlertCount[] };

  'alerts.list': {
    params: {
      filter?: AlertFilter;
      sort?: { field: AlertSortField; dir: 'asc' | 'desc' };
      offset?: number;
      limit?: number;
    };
    result: Page<AlertRow>;
  };
  'alerts.detail': { params: { uid: number }; result: AlertDetail };
  'alerts.setStatus': { params: { uid: number; status: TriageStatus; who: string; reason?: string }; result: AlertRow };
  /**
   * One status for many alerts (1..1000 distinct uids), in one transaction with the same history rows as
   * `alerts.setStatus`. All or nothing: an unknown uid fails the request with not-found and changes nothing.
   */
  'alerts.setStatusMany': {
    params: { uids: number[]; status: TriageStatus; who: string; reason?: string };
    result: BulkStatusResult;
  };
  'alerts.addNote': { params: { uid: number; who: string; text: string }; result: Note };

  'allowlist.list': { params: { includeExpired?: boolean }; result: AllowEntry[] };
  'allowlist.add': {
    params: { value: string; scope: AllowScope; reason: string; expiresAt?: number; createdBy?: string };
    result: AllowEntry;
  };
  'allowlist.remove': { params: { id: number }; result: { removed: boolean } };

  'storage.get': { params: Empty; result: StorageInfo };
  /** Saves the limits and applies them now (retention runs at the next poll). */
  'storage.set': { params: StorageLimits; result: StorageInfo };

  'rules.list': { params: Empty; result: RuleSetting[] };
  'rules.set': {
    params: { rule: string; enabled: boolean; params?: Record<string, number | string | boolean> };
    result: RuleSetting;
  };

  /** Stored model versions, newest first; version 1 is the shipped default model, seeded on first start. */
  'models.list': { params: Empty; result: ModelVersionInfo[] };
  /** Full metrics and training-set description of one version. */
  'models.detail': { params: { version: number }; result: ModelDetail };
  /** Makes a version the one that scores live traffic (also a rollback to an older version). */
  'models.activate': { params: { version: number }; result: ModelVersionInfo };
  /**
   * Trains a new version in the background (progress: `model.progress` events) and resolves with it once
   * stored; not activated unless `activate`. One training at a time (conflict otherwise); `models.cancel`
   * makes this request fail with code 'cancelled'.
   */
  'models.train': { params: TrainRequest; result: ModelVersionInfo };
  'models.cancel': { params: Empty; result: { cancelled: boolean } };
  /** The feature names `model.score` takes (the active model's), for building a form. */
  'model.features': { params: Empty; result: ModelFeatures };
  /** Scores one hand-entered sample with the active model: every feature of model.features, by name. */
  'model.score': { params: { features: Record<string, number> }; result: ModelScoreResult };
}

export type Method = keyof EngineApi;
export type ParamsOf<M extends Method> = EngineApi[M]['params'];
export type ResultOf<M extends Method> = EngineApi[M]['result'];

/** What the engine side implements: one function per request. */
export type HandlerMap = { [M in Method]: (params: ParamsOf<M>) => ResultOf<M> | Promise<ResultOf<M>> };
