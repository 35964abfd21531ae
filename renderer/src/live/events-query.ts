/** The Events page's filter: what the analyst typed, and the `query.events` params it becomes. */
import type { ShieldBridge } from '../../../electron/contract/bridge';
import type { ParamsOf } from '../../../electron/contract/handlers';
import type { EventRow, StatusClass, TimeRange, TopDimension } from '../../../electron/contract/types';
import { logExtent } from './overview-query';
import { presetRange, rangeEnd, type RangePreset } from './range';

/** Text fields as typed (kept as strings so a half-typed value survives re-renders); '' = any. */
export interface EventQuery {
  client: string;
  path: string;
  /** `404`, or a class: `4xx`. */
  status: string;
  sourceId: number | null;
  user: string;
  api: string;
  application: string;
  host: string;
  /** A log-time window picked on a timeline (a click on a bucket): it replaces the range preset until cleared. */
  window: TimeRange | null;
}

export const EMPTY_EVENT_QUERY: EventQuery = { client: '', path: '', status: '', sourceId: null, user: '', api: '', application: '', host: '', window: null };

export const EVENTS_PAGE = 100;

export type StatusFilter = { status?: number; statusClass?: StatusClass };

/** `404` → status, `4xx` → class, '' → none; anything else is null (refused before it reaches the engine). */
export function parseStatus(text: string): StatusFilter | null {
  const s = text.trim().toLowerCase();
  if (s === '') return {};
  if (/^\d{1,3}$/.test(s)) return { status: Number(s) };
  const m = /^([2-5])xx$/.exec(s);
  return m ? { statusClass: Number(m[1]) as StatusClass } : null;
}

export function isEmptyQuery(q: EventQuery): boolean {
  return q.sourceId === null && [q.client, q.path, q.status, q.user, q.api, q.application, q.host].every((s) => s.trim() === '');
}

/** The request for one page; `after` is the last row already shown (keyset paging). Throws on a bad status. */
export function eventParams(q: EventQuery, range: TimeRange, after?: EventRow): ParamsOf<'query.events'> {
  const status = parseStatus(q.status);
  if (status === null) throw new Error(`status must be a code such as 404 or a class such as 4xx, not "${q.status}"`);
  const text = (s: string) => (s.trim() === '' ? undefined : s.trim());
  return {
    range,
    client: text(q.client),
    // A path is matched exactly as stored (or as a pattern, with *), so only surrounding whitespace is dropped.
    path: text(q.path),
    ...status,
    sourceId: q.sourceId ?? undefined,
    user: text(q.user),
    api: text(q.api),
    application: text(q.application),
    host: text(q.host),
    limit: EVENTS_PAGE,
    ...(after ? { before: after.time, beforeId: after.id } : {}),
  };
}

export interface EventsFirstPage {
  range: TimeRange;
  newest: number | null;
  rows: EventRow[];
}

/**
 * The newest page in the filter's window, or else in the preset's range; the range is returned so older pages
 * use the very same one.
 */
export async function loadFirstPage(bridge: ShieldBridge, preset: RangePreset, q: EventQuery): Promise<EventsFirstPage> {
  const { newest, oldest } = await logExtent(bridge, q.window === null && preset === 'all');
  const range = q.window ?? presetRange(preset, rangeEnd(newest), oldest);
  return { range, newest, rows: await bridge.request('query.events', eventParams(q, range)) };
}

/**
 * The Events filter that shows the traffic behind an alert: its client, its user, or the endpoint a
 * distributed-stuffing alert is keyed on (`endpoint:POST /login`, `user:bob`). In a templated endpoint each
 * `{placeholder}` becomes the path pattern's wildcard, which also spans slashes, so it may show a little more.
 * Null when the Events filters cannot express the key (an API key).
 */
export function eventQueryForAlert(a: { key: string; keyKind: string }): Partial<EventQuery> | null {
  if (a.keyKind === 'ip') return { client: a.key };
  if (a.keyKind === 'user') return { user: a.key };
  if (a.keyKind === 'application') return { application: a.key };
  if (a.keyKind !== 'target') return null;
  if (a.key.startsWith('user:')) return { user: a.key.slice(5) };
  if (!a.key.startsWith('endpoint:')) return null;
  const target = a.key.slice(9);
  return templateQuery(target.slice(target.indexOf(' ') + 1));
}

/**
 * The Events filter that shows the traffic behind one row of a top-N panel (the Overview's top endpoints,
 * statuses, APIs, applications, hosts); null for what the Events filters cannot express (a user agent).
 */
export function eventQueryForTop(dimension: TopDimension, value: string): Partial<EventQuery> | null {
  if (value === '') return null;
  switch (dimension) {
    case 'client':
      return { client: value };
    case 'endpoint':
      return templateQuery(value);
    case 'status':
      return { status: value };
    case 'api':
      return { api: value };
    case 'application':
      return { application: value };
    case 'host':
      return { host: value };
    default:
      return null;
  }
}

/** An endpoint template as a path pattern: each `{placeholder}` becomes the wildcard (which also spans slashes). */
function templateQuery(template: string): Partial<EventQuery> | null {
  return template.startsWith('/') ? { path: template.replace(/\{[^}/]*\}/g, '*') } : null;
}
