import { useState } from 'react';
import type { AllowScope } from '../../../electron/contract/types';
import { ALLOW_SCOPES } from '../../../electron/contract/types';
import { useAnalyst } from '../components/AlertDrawer/analyst';
import { AllowDuration } from '../components/AlertDrawer/AllowDuration';
import { expiresAt } from '../components/AlertDrawer/allow-durations';
import { Empty, ErrorState, QueryView } from '../components/States/States';
import { errorText, fmtTime } from '../format';
import { useLive } from '../live/LiveContext';
import { useQuery } from '../live/useQuery';
import { TableHead } from '../components/TableHead/TableHead';

/** Keys never alerted on (IPs/CIDRs, applications, users …), with who added them and why. */
export function AllowlistPage() {
  const { bridge } = useLive();
  const [analyst] = useAnalyst();
  const [showExpired, setShowExpired] = useState(false);
  const q = useQuery((b) => b.request('allowlist.list', { includeExpired: showExpired }), `allow|${showExpired}`);
  const [value, setValue] = useState('');
  const [scope, setScope] = useState<AllowScope>('ip');
  const [reason, setReason] = useState('');
  const [duration, setDuration] = useState(3); // permanently: what the page did before durations
  const [error, setError] = useState<string | null>(null);

  const add = () =>
    bridge.request('allowlist.add', { value: value.trim(), scope, reason: reason.trim(), createdBy: analyst.trim() || 'analyst', ...expiresAt(duration) }).then(
      () => {
        setValue('');
        setReason('');
        setError(null);
        q.reload();
      },
      (e) => setError(errorText(e)),
    );

  return (
    <div className="page allowlist-page">
      <form
        className="inline-form"
        aria-label="Add allowlist entry"
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim() && reason.trim()) void add();
        }}
      >
        <input aria-label="Value" placeholder="10.0.0.0/8, app name, user" value={value} maxLength={1000} onChange={(e) => setValue(e.target.value)} />
        <select aria-label="Scope" value={scope} onChange={(e) => setScope(e.target.value as AllowScope)}>
          {ALLOW_SCOPES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <input aria-label="Allowlist reason" placeholder="why (required)" value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} />
        <AllowDuration value={duration} onChange={setDuration} />
        <button type="submit" disabled={!value.trim() || !reason.trim()}>
          Allow
        </button>
        <label>
          <input type="checkbox" checked={showExpired} onChange={(e) => setShowExpired(e.target.checked)} /> show expired
        </label>
      </form>
      {error && <ErrorState error={{ message: error }} />}
      <QueryView q={q} what="allowlist">
        {(entries) =>
          entries.length === 0 ? (
            <Empty>The allowlist is empty: every client can be alerted on.</Empty>
          ) : (
            <table className="dense" aria-label="Allowlist">
              <TableHead cols={['value', 'scope', 'reason', 'added', 'expires', '']} />
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id}>
                    <td className="mono">{e.value}</td>
                    <td>{e.scope}</td>
                    <td>{e.reason}</td>
                    <td>
                      {fmtTime(e.createdAt)} by {e.createdBy}
                    </td>
                    <td>{e.expiresAt === null ? 'never' : fmtTime(e.expiresAt)}</td>
                    <td>
                      <button
                        type="button"
                        aria-label={`Remove ${e.value}`}
                        onClick={() => bridge.request('allowlist.remove', { id: e.id }).then(() => q.reload(), (err) => setError(errorText(err)))}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
    </div>
  );
}
