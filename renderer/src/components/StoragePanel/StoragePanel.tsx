import { useEffect, useState } from 'react';
import type { StorageInfo } from '../../../../electron/contract/types';
import { fmtInt, fmtTime } from '../../format';
import { useLive } from '../../live/LiveContext';
import { useQuery } from '../../live/useQuery';
import { useSubmit } from '../../live/useSubmit';
import { ErrorState, QueryView } from '../States/States';
import { describeLimits, fmtBytes, MIN_DB_MB, originNote, parseLimit } from './storage-form';

function LimitsForm({ info, onSaved }: { info: StorageInfo; onSaved: (s: StorageInfo) => void }) {
  const { bridge } = useLive();
  const [days, setDays] = useState(info.limits.keepDays?.toString() ?? '');
  const [mb, setMb] = useState(info.limits.maxDbMb?.toString() ?? '');
  const [invalid, setInvalid] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();
  useEffect(() => {
    setDays(info.limits.keepDays?.toString() ?? '');
    setMb(info.limits.maxDbMb?.toString() ?? '');
  }, [info.limits.keepDays, info.limits.maxDbMb]);

  const save = () => {
    const d = parseLimit(days, 1, 'Days');
    const m = parseLimit(mb, MIN_DB_MB, 'Size');
    if ('error' in d || 'error' in m) return setInvalid('error' in d ? d.error : (m as { error: string }).error);
    setInvalid(null);
    void run(async () => {
      const s = await bridge.request('storage.set', { keepDays: d.value, maxDbMb: m.value });
      setDone(`Saved. ${describeLimits(s.limits)}`);
      onSaved(s);
    });
  };

  return (
    <form
      className="inline-form"
      aria-label="Storage limits"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <label>
        Keep
        <input className="narrow" aria-label="Days to keep" inputMode="numeric" placeholder="all" value={days} onChange={(e) => setDays(e.target.value)} />
        days
      </label>
      <label>
        and under
        <input className="narrow" aria-label="Size limit in MiB" inputMode="numeric" placeholder="any" value={mb} onChange={(e) => setMb(e.target.value)} />
        MiB
      </label>
      <button type="submit" disabled={busy}>
        Save limits
      </button>
      {done && (
        <p className="muted" role="status" aria-label="Storage saved">
          {done}
        </p>
      )}
      {(invalid ?? error) && <ErrorState error={{ message: (invalid ?? error)! }} />}
    </form>
  );
}

/** The store on disk, and how long it keeps data (retention runs in the background, whole hours at a time). */
export function StoragePanel() {
  const { trafficRev } = useLive();
  const [rev, setRev] = useState(0);
  const q = useQuery((b) => b.request('storage.get', {}), `${trafficRev}|${rev}`);
  return (
    <section className="panel" aria-label="Storage">
      <h3>Storage</h3>
      <QueryView q={q} what="storage">
        {(s) => (
          <>
            <p className="muted small" data-testid="storage-summary">
              <span className="mono">{s.dbPath}</span> · {fmtBytes(s.usedBytes)} in use, {fmtBytes(s.fileBytes)} on disk · {fmtInt(s.events)} events
              {s.oldest !== null && s.newest !== null && ` · log time ${fmtTime(s.oldest)} → ${fmtTime(s.newest)} UTC`}
            </p>
            <p data-testid="storage-limits">
              {describeLimits(s.limits)}
              {originNote(s) && <span className="muted"> {originNote(s)}</span>}
            </p>
            <LimitsForm info={s} onSaved={() => setRev((r) => r + 1)} />
          </>
        )}
      </QueryView>
    </section>
  );
}
