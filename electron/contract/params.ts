/** Input validation for every request in EngineApi. The mapped type makes a missing entry a compile error. */
import type { EngineApi, Method, ParamsOf } from './handlers';
import { EngineError } from './errors';
import {
  ALERT_SORT_FIELDS,
  ALLOW_SCOPES,
  MAX_BULK_UIDS,
  SEVERITIES,
  TOP_DIMENSIONS,
  TRIAGE_STATUSES,
  type FormatId,
  type StatusClass,
  type TimeRange,
  type TrainLabels,
} from './types';
import {
  arrayOf,
  nullable,
  bool,
  either,
  int,
  num,
  numberRecord,
  object,
  oneOf,
  optional,
  refine,
  scalarRecord,
  str,
  type Validator,
} from './validate';

export const FORMAT_IDS = ['combined', 'haproxy', 'aws-alb', 'w3c', 'wso2-access', 'wso2-metrics', 'wso2-carbon', 'json', 'prototype-csv'] as const;
// Fails to compile if FormatId gains a member this list lacks.
const _allFormats: readonly FormatId[] = FORMAT_IDS;
type MissingFormat = Exclude<FormatId, (typeof FORMAT_IDS)[number]>;
const _noMissingFormat: MissingFormat extends never ? true : false = true;
void _allFormats;
void _noMissingFormat;

const MS_MAX = 8.64e15; // the largest valid JS Date
const id = int({ min: 1 });
const time = int({ min: 0, max: MS_MAX });
const format = oneOf<FormatId>(FORMAT_IDS);
const none = object({});

const range: Validator<TimeRange> = refine(object({ from: time, to: time }), (r) =>
  r.from < r.to ? null : 'from must be before to',
);

const MINUTE = 60_000;
const bucketMs = refine(int({ min: MINUTE, max: 366 * 24 * 3600_000 }), (b) =>
  b % MINUTE === 0 ? null : 'must be a whole number of minutes (in ms)',
);

const alertFilter = object({
  severity: optional(arrayOf(oneOf(SEVERITIES), { max: 4 })),
  rule: optional(arrayOf(str({ min: 1, max: 200 }), { max: 100 })),
  status: optional(arrayOf(oneOf(TRIAGE_STATUSES), { max: TRIAGE_STATUSES.length })),
  key: optional(str({ min: 1, max: 1000 })),
  text: optional(str({ min: 1, max: 200 })),
  range: optional(range),
});

const who = str({ min: 1, max: 200 });
const reason = str({ max: 2000 });

// A duplicate uid is almost certainly a client bug (a selection built twice); refusing it keeps the result's
// updated + unchanged an exact partition of what was asked.
const distinctUids = refine(arrayOf(id, { min: 1, max: MAX_BULK_UIDS }), (uids) =>
  new Set(uids).size === uids.length ? null : 'must not repeat a uid',
);

const trainLabels: Validator<TrainLabels> = either(
  oneOf(['verdicts'] as const),
  object({ truthPath: str({ min: 1, max: 4096 }) }),
  "expected 'verdicts' or { truthPath }",
);

const modelsTrain = refine(
  object({
    labels: trainLabels,
    logPaths: optional(arrayOf(str({ min: 1, max: 4096 }), { min: 1, max: 100 })),
    sources: optional(arrayOf(id, { min: 1, max: 1000 })),
    range: optional(range),
    unlabeled: optional(oneOf(['skip', 'benign'] as const)),
    trees: optional(int({ min: 1, max: 1000 })),
    maxDepth: optional(int({ min: 1, max: 64 })),
    minSamplesLeaf: optional(int({ min: 1, max: 100_000 })),
    seed: optional(int({ min: 0, max: 2 ** 31 - 1 })),
    threshold: optional(num({ min: 0, max: 1 })),
    testFraction: optional(num({ min: 0, max: 0.9 })),
    activate: optional(bool),
    note: optional(str({ max: 500 })),
  }),
  (p) => (p.logPaths && (p.sources || p.range) ? 'logPaths cannot be combined with sources or range (stored events)' : null),
);

// The range is checked by int; the cast only narrows number to the literal union it guarantees.
const statusClass = int({ min: 2, max: 5 }) as Validator<StatusClass>;

const queryEvents = refine(
  object({
    range,
    client: optional(str({ min: 1, max: 1000 })),
    path: optional(str({ min: 1, max: 4096 })),
    status: optional(int({ min: 0, max: 999 })),
    statusClass: optional(statusClass),
    sourceId: optional(id),
    user: optional(str({ min: 1, max: 1000 })),
    api: optional(str({ min: 1, max: 1000 })),
    application: optional(str({ min: 1, max: 1000 })),
    host: optional(str({ min: 1, max: 1000 })),
    limit: optional(int({ min: 1, max: 10_000 })),
    before: optional(time),
    beforeId: optional(id),
  }),
  (p) =>
    p.status !== undefined && p.statusClass !== undefined
      ? 'status and statusClass cannot be combined'
      : p.beforeId !== undefined && p.before === undefined
        ? 'beforeId needs before'
        : null,
);

export const paramValidators: { [M in Method]: Validator<ParamsOf<M>> } = {
  'engine.status': none,
  'engine.flush': none,
  'stats.summary': none,
  'sources.add': object({ spec: str({ min: 1, max: 4096 }), format: optional(format) }),
  'sources.remove': object({ watchId: id }),
  'sources.watches': none,
  'sources.list': none,
  'sources.detail': object({ id, errorLimit: optional(int({ min: 0, max: 1000 })) }),
  'import.file': object({ path: str({ min: 1, max: 4096 }), format: optional(format) }),
  'query.kpis': object({ range }),
  'query.timeline': refine(object({ range, bucketMs }), (p) =>
    (p.range.to - p.range.from) / p.bucketMs <= 10_000 ? null : 'range / bucketMs must be at most 10000 buckets',
  ),
  'query.top': object({ range, dimension: oneOf(TOP_DIMENSIONS), limit: optional(int({ min: 1, max: 1000 })) }),
  'query.events': queryEvents,
  'events.raw': object({ fileId: id, offset: int({ min: 0 }) }),
  'query.client': object({ client: str({ min: 1, max: 1000 }), range }),
  'query.alertsByRule': object({ range }),
  'alerts.list': object({
    filter: optional(alertFilter),
    sort: optional(object({ field: oneOf(ALERT_SORT_FIELDS), dir: oneOf(['asc', 'desc'] as const) })),
    offset: optional(int({ min: 0, max: 10_000_000 })),
    limit: optional(int({ min: 1, max: 1000 })),
  }),
  'alerts.detail': object({ uid: id }),
  'alerts.setStatus': object({
    uid: id,
    status: oneOf(TRIAGE_STATUSES),
    who,
    reason: optional(reason),
  }),
  'alerts.setStatusMany': object({
    uids: distinctUids,
    status: oneOf(TRIAGE_STATUSES),
    who,
    reason: optional(reason),
  }),
  'alerts.addNote': object({ uid: id, who, text: str({ min: 1, max: 10_000 }) }),
  'allowlist.list': object({ includeExpired: optional(bool) }),
  'allowlist.add': object({
    value: str({ min: 1, max: 1000 }),
    scope: oneOf(ALLOW_SCOPES),
    reason: str({ min: 1, max: 2000 }),
    expiresAt: optional(time),
    createdBy: optional(who),
  }),
  'allowlist.remove': object({ id }),
  'rules.list': none,
  'rules.set': object({ rule: str({ min: 1, max: 200 }), enabled: bool, params: optional(scalarRecord()) }),
  'storage.get': none,
  'storage.set': object({ keepDays: nullable(int({ min: 1, max: 36_500 })), maxDbMb: nullable(int({ min: 16, max: 16_777_216 })) }),
  'models.list': none,
  'models.detail': object({ version: id }),
  'models.activate': object({ version: id }),
  'models.train': modelsTrain,
  'models.cancel': none,
  'model.features': none,
  // Names are checked against the active model by the handler (bad-request naming the unknown or missing ones).
  'model.score': object({ features: numberRecord({ minKeys: 1, maxKeys: 256 }) }),
};

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(paramValidators, name);
}

/** Validates params for `method`, throwing EngineError('bad-request') with the failing field path. */
export function validateParams<M extends Method>(method: M, params: unknown): EngineApi[M]['params'] {
  const r = (paramValidators[method] as Validator<ParamsOf<M>>)(params ?? {}, '');
  if (!r.ok) throw new EngineError('bad-request', `${method}: ${r.error}`);
  return r.value;
}
