import { useState } from 'react';
import { MAX_BULK_UIDS, type BulkStatusResult, type TriageStatus } from '../../../../electron/contract/types';
import { fmtInt } from '../../format';
import { useLive } from '../../live/LiveContext';
import { useSubmit } from '../../live/useSubmit';
import { useAnalyst } from '../AlertDrawer/analyst';
import { StatusOptions } from '../AlertDrawer/StatusOptions';

interface Props {
  uids: readonly number[];
  /** How many of them are not on the page shown, so the count is not a surprise. */
  offPage: number;
  onClear: () => void;
  /** After a successful change, with a line saying what happened. */
  onApplied: (summary: string) => void;
}

function summary(r: BulkStatusResult, status: TriageStatus): string {
  const n = r.updated.length;
  const changed = `Set ${fmtInt(n)} alert${n === 1 ? '' : 's'} to ${status}.`;
  return r.unchanged.length ? `${changed} ${fmtInt(r.unchanged.length)} already had that status.` : changed;
}

/** One status for every selected alert, in one request (alerts.setStatusMany), recorded with the analyst's name. */
export function BulkBar({ uids, offPage, onClear, onApplied }: Props) {
  const { bridge, refreshAlerts } = useLive();
  const [analyst] = useAnalyst();
  const [status, setStatus] = useState<TriageStatus>('acknowledged');
  const [reason, setReason] = useState('');
  const { busy, error, run } = useSubmit();
  const tooMany = uids.length > MAX_BULK_UIDS;

  const apply = () =>
    run(async () => {
      const who = analyst.trim() || 'analyst';
      const r = await bridge.request('alerts.setStatusMany', { uids: [...uids], status, who, reason: reason.trim() || undefined });
      setReason('');
      refreshAlerts();
      onApplied(summary(r, status));
    });

  return (
    <form
      className="bulk-bar"
      aria-label="Bulk triage"
      onSubmit={(e) => {
        e.preventDefault();
        void apply();
      }}
    >
      <strong data-testid="bulk-count">{fmtInt(uids.length)} selected</strong>
      {offPage > 0 && <span className="muted">({fmtInt(offPage)} on other pages)</span>}
      <label>
        Set status
        <select aria-label="Bulk status" value={status} onChange={(e) => setStatus(e.target.value as TriageStatus)}>
          <StatusOptions />
        </select>
      </label>
      <input
        type="text"
        aria-label="Bulk reason"
        placeholder="Reason (optional)"
        value={reason}
        maxLength={2000}
        onChange={(e) => setReason(e.target.value)}
      />
      <span className="muted" title="The analyst name from the triage form in the alert drawer">
        as {analyst.trim() || 'analyst'}
      </span>
      <button type="submit" disabled={busy || tooMany}>
        Apply
      </button>
      <button type="button" onClick={onClear} disabled={busy}>
        Clear selection
      </button>
      {tooMany && <span className="muted">At most {fmtInt(MAX_BULK_UIDS)} alerts at once.</span>}
      {error && (
        <div className="state state-error" role="alert">
          {error}
        </div>
      )}
    </form>
  );
}
