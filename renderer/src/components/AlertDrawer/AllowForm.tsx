import { useState } from 'react';
import type { AlertRow, AllowScope } from '../../../../electron/contract/types';
import { fmtTime } from '../../format';
import { useLive } from '../../live/LiveContext';
import { useSubmit } from '../../live/useSubmit';
import { useAnalyst } from './analyst';
import { AllowDuration } from './AllowDuration';
import { expiresAt } from './allow-durations';

/**
 * "Stop alerting on this key": adds the alert's key to the allowlist from the alert itself, for a while or for
 * good. New alerts for it are not raised (this one keeps its status: triage it as well).
 */
export function AllowForm({ alert }: { alert: AlertRow }) {
  const { bridge } = useLive();
  const [analyst] = useAnalyst();
  const [reason, setReason] = useState('');
  const [duration, setDuration] = useState(1);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();
  const scope: AllowScope = alert.keyKind;

  const add = () =>
    run(async () => {
      const e = await bridge.request('allowlist.add', {
        value: alert.key, scope, reason: reason.trim(), createdBy: analyst.trim() || 'analyst', ...expiresAt(duration),
      });
      setDone(`Allowlisted ${e.expiresAt === null ? 'permanently' : `until ${fmtTime(e.expiresAt)}`}: new alerts for ${alert.key} are not raised.`);
      setReason('');
    });

  return (
    <form
      className="inline-form"
      aria-label="Allowlist this key"
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim()) void add();
      }}
    >
      <AllowDuration value={duration} onChange={setDuration} />
      <input aria-label="Allowlist reason" placeholder="why (required)" value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} />
      <button type="submit" disabled={busy || !reason.trim()}>
        Allowlist {alert.keyKind === 'ip' ? 'this client' : `this ${alert.keyKind}`}
      </button>
      {done && (
        <p className="muted" role="status">
          {done}
        </p>
      )}
      {error && (
        <p className="state-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
