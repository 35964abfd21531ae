import { useState } from 'react';
import type { AlertRow, TriageStatus } from '../../../../electron/contract/types';
import { useLive } from '../../live/LiveContext';
import { useSubmit } from '../../live/useSubmit';
import { useAnalyst } from './analyst';
import { StatusOptions } from './StatusOptions';

/** Status change with a reason, recorded with who and when (alerts.setStatus). */
export function TriageForm({ alert, onDone }: { alert: AlertRow; onDone: () => void }) {
  const { bridge, refreshAlerts } = useLive();
  const [analyst, setAnalyst] = useAnalyst();
  const [status, setStatus] = useState<TriageStatus>(alert.status === 'open' ? 'acknowledged' : 'open');
  const [reason, setReason] = useState('');
  const { busy, error, run } = useSubmit();

  const submit = () =>
    run(async () => {
      await bridge.request('alerts.setStatus', { uid: alert.uid, status, who: analyst.trim() || 'analyst', reason: reason.trim() || undefined });
      setReason('');
      onDone();
      refreshAlerts();
    });

  return (
    <form
      className="triage"
      aria-label="Triage"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        New status
        <select aria-label="New status" value={status} onChange={(e) => setStatus(e.target.value as TriageStatus)}>
          <StatusOptions current={alert.status} />
        </select>
      </label>
      <label>
        Analyst
        <input aria-label="Analyst" value={analyst} maxLength={200} onChange={(e) => setAnalyst(e.target.value)} />
      </label>
      <label className="wide">
        Reason
        <textarea aria-label="Reason" value={reason} maxLength={2000} rows={2} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" disabled={busy || status === alert.status}>
        Set status
      </button>
      {error && (
        <div className="state state-error" role="alert">
          {error}
        </div>
      )}
    </form>
  );
}
