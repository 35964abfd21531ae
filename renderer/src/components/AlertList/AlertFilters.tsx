import { forwardRef } from 'react';
import type { AlertSortField, Severity, TriageStatus } from '../../../../electron/contract/types';
import { ALERT_SORT_FIELDS, SEVERITIES, TRIAGE_STATUSES } from '../../../../electron/contract/types';
import type { RangePreset } from '../../live/range';
import { RangePicker } from '../RangePicker/RangePicker';

export interface AlertQuery {
  severity: Severity[];
  status: TriageStatus | '';
  rule: string;
  text: string;
  sort: AlertSortField;
  dir: 'asc' | 'desc';
  /** Alerts active at some point of this range of log time (ending at the newest stored event); 'all': any time. */
  preset: RangePreset;
}

export const DEFAULT_ALERT_QUERY: AlertQuery = { severity: [], status: '', rule: '', text: '', sort: 'lastSeen', dir: 'desc', preset: 'all' };

interface Props {
  value: AlertQuery;
  rules: string[];
  onChange: (q: AlertQuery) => void;
}

/** Filter bar of the alert list. The search box takes a ref so the `/` shortcut can focus it. */
export const AlertFilters = forwardRef<HTMLInputElement, Props>(function AlertFilters({ value, rules, onChange }, searchRef) {
  const set = (patch: Partial<AlertQuery>) => onChange({ ...value, ...patch });
  const toggle = (s: Severity) =>
    set({ severity: value.severity.includes(s) ? value.severity.filter((x) => x !== s) : [...value.severity, s] });
  return (
    <form className="filters" role="search" aria-label="Alert filters" onSubmit={(e) => e.preventDefault()}>
      <input
        ref={searchRef}
        type="search"
        aria-label="Search alerts"
        placeholder="Search client, rule, reason  ( / )"
        value={value.text}
        maxLength={200}
        onChange={(e) => set({ text: e.target.value })}
      />
      <div className="chips" role="group" aria-label="Severity">
        {SEVERITIES.map((s) => (
          <button key={s} type="button" className={`chip sev-${s}`} aria-pressed={value.severity.includes(s)} onClick={() => toggle(s)}>
            {s}
          </button>
        ))}
      </div>
      <label>
        Status
        <select aria-label="Status filter" value={value.status} onChange={(e) => set({ status: e.target.value as TriageStatus | '' })}>
          <option value="">any</option>
          {TRIAGE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Rule
        <select aria-label="Rule filter" value={value.rule} onChange={(e) => set({ rule: e.target.value })}>
          <option value="">any</option>
          {rules.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label>
        Sort
        <select aria-label="Sort by" value={value.sort} onChange={(e) => set({ sort: e.target.value as AlertSortField })}>
          {ALERT_SORT_FIELDS.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </label>
      <button type="button" aria-label={`Sort direction: ${value.dir === 'desc' ? 'descending' : 'ascending'}`} onClick={() => set({ dir: value.dir === 'desc' ? 'asc' : 'desc' })}>
        {value.dir === 'desc' ? '↓' : '↑'}
      </button>
      <RangePicker value={value.preset} onChange={(preset) => set({ preset })} />
    </form>
  );
});
