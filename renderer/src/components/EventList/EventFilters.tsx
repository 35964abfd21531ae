import { useEffect, useState } from 'react';
import type { SourceStatus } from '../../../../electron/contract/types';
import { EMPTY_EVENT_QUERY, parseStatus, type EventQuery } from '../../live/events-query';

interface Props {
  value: EventQuery;
  sources: SourceStatus[];
  onApply: (q: EventQuery) => void;
}

type TextField = 'client' | 'host' | 'path' | 'status' | 'user' | 'api' | 'application';

const TEXT_FIELDS: { key: TextField; label: string; placeholder: string; title: string; max: number }[] = [
  { key: 'client', label: 'Client', placeholder: 'client IP', title: 'Exact client address', max: 1000 },
  { key: 'host', label: 'Host', placeholder: 'host', title: 'Exact virtual host or Host header', max: 1000 },
  {
    key: 'path',
    label: 'Path',
    placeholder: 'path, * = any',
    title: 'Exact path, or a pattern where * matches anything: /wp-*, *.php, /api/v1/users/*/orders',
    max: 4096,
  },
  { key: 'status', label: 'Status', placeholder: '404 or 4xx', title: 'A status code (404) or a class (2xx, 3xx, 4xx, 5xx)', max: 3 },
  { key: 'user', label: 'User', placeholder: 'user', title: 'Exact user', max: 1000 },
  { key: 'api', label: 'API', placeholder: 'API', title: 'Exact API name', max: 1000 },
  { key: 'application', label: 'Application', placeholder: 'application', title: 'Exact application name', max: 1000 },
];

/**
 * Edits a draft and applies it on Enter (or Apply): a query per keystroke would re-run a range scan for each
 * half-typed address. The source picker applies at once, as there is nothing half-typed about a choice.
 */
export function EventFilters({ value, sources, onApply }: Props) {
  const [draft, setDraft] = useState(value);
  // A pivot from the detail panel or another page replaces the applied filter: show it.
  useEffect(() => setDraft(value), [value]);
  const badStatus = parseStatus(draft.status) === null;
  const apply = (q: EventQuery) => {
    if (parseStatus(q.status) !== null) onApply(q);
  };
  return (
    <form
      className="filters event-filters"
      role="search"
      aria-label="Event filters"
      onSubmit={(e) => {
        e.preventDefault();
        apply(draft);
      }}
    >
      {TEXT_FIELDS.map((f) => (
        <input
          key={f.key}
          className={`ef-${f.key}`}
          aria-label={`${f.label} filter`}
          aria-invalid={f.key === 'status' && badStatus}
          title={f.title}
          placeholder={f.placeholder}
          value={draft[f.key]}
          maxLength={f.max}
          onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
        />
      ))}
      <select
        aria-label="Source filter"
        value={draft.sourceId ?? ''}
        onChange={(e) => {
          const next = { ...draft, sourceId: e.target.value === '' ? null : Number(e.target.value) };
          setDraft(next);
          apply(next);
        }}
      >
        <option value="">any source</option>
        {sources.map((s) => (
          <option key={s.id} value={s.id} title={s.path}>
            {s.path.split('/').pop()}
          </option>
        ))}
      </select>
      <button type="submit" disabled={badStatus}>
        Apply
      </button>
      <button
        type="button"
        onClick={() => {
          setDraft(EMPTY_EVENT_QUERY);
          onApply(EMPTY_EVENT_QUERY);
        }}
      >
        Clear
      </button>
      {badStatus && (
        <span className="bad small" role="alert">
          status: a code such as 404 or a class such as 4xx
        </span>
      )}
    </form>
  );
}
