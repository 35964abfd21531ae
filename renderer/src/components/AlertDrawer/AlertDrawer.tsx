import type { AlertDetail, EvidenceLine } from '../../../../electron/contract/types';
import { eventQueryForAlert, type EventQuery } from '../../live/events-query';
import { fmtCount, fmtInt, fmtPct, fmtTime } from '../../format';
import { useLive } from '../../live/LiveContext';
import { useQuery } from '../../live/useQuery';
import { QueryView } from '../States/States';
import { AllowForm } from './AllowForm';
import { NoteForm } from './NoteForm';
import { ReportButtons } from './ReportButtons';
import { TriageForm } from './TriageForm';
import { ruleSummary } from '../../rules-catalog';

function Evidence({ lines }: { lines: EvidenceLine[] }) {
  if (!lines.length) return <p className="muted">No evidence lines stored.</p>;
  return (
    <ol className="evidence" aria-label="Evidence">
      {lines.map((l) => (
        <li key={`${l.sourceId}:${l.offset}`}>
          <div className="evidence-where mono">
            {l.path.split('/').pop()}:{l.line}
            {l.origin !== 'file' && <span className="muted"> ({l.origin === 'stored' ? 'rebuilt from stored fields' : 'no longer in the file'})</span>}
          </div>
          <pre className="raw">{l.raw ?? '(line unavailable)'}</pre>
        </li>
      ))}
    </ol>
  );
}

/** The traffic behind the alert on the Events page, when its filters can express the key. */
function EventsLink({ alertKey, keyKind, onEvents }: { alertKey: string; keyKind: string; onEvents: Props['onEvents'] }) {
  const q = eventQueryForAlert({ key: alertKey, keyKind });
  if (q === null) return null;
  return (
    <button type="button" className="link" onClick={() => onEvents(q)}>
      All events of this {keyKind === 'ip' ? 'client' : keyKind === 'user' || q.user ? 'user' : q.application ? 'application' : 'endpoint'} →
    </button>
  );
}

function Facts({ d }: { d: AlertDetail }) {
  const a = d.alert;
  const rows: [string, string][] = [
    ['Key', `${a.key} (${a.keyKind})`],
    ['Rule', `${a.rule} · ${a.category}`],
    ['Severity', a.severity],
    ['Risk', String(a.risk)],
    ['Suggested action', a.action],
    ['Requests', fmtInt(a.count)],
    ['First seen', fmtTime(a.firstSeen)],
    ['Last seen', fmtTime(a.lastSeen)],
    ['Model score', a.modelScore >= 0 ? fmtPct(a.modelScore) : '—'],
    ['Status', `${a.status}${a.active ? ' · episode active' : ''}`],
  ];
  return (
    <dl className="facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd className={k === 'Severity' ? `sev sev-${a.severity}` : ''} title={k === 'Rule' ? ruleSummary(a.rule) : undefined}>
            {v}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Everything about one alert: facts, reason, raw evidence lines, history, notes and triage. */
interface Props {
  uid: number;
  onClose: () => void;
  onClient: (c: string) => void;
  /** Opens the Events page on this filter. */
  onEvents: (q: Partial<EventQuery>) => void;
}

export function AlertDrawer({ uid, onClose, onClient, onEvents }: Props) {
  const { alertsRev } = useLive();
  const q = useQuery((b) => b.request('alerts.detail', { uid }), `${uid}|${alertsRev}`);
  return (
    <aside className="drawer" role="dialog" aria-modal="false" aria-label="Alert detail">
      <header>
        <h2>Alert #{uid}</h2>
        <button type="button" aria-label="Close alert detail" onClick={onClose}>
          ✕
        </button>
      </header>
      <QueryView q={q} what="alert">
        {(d) => (
          <div className="drawer-body">
            <p className="reason" aria-label="Reason">
              {d.alert.reason}
            </p>
            <Facts d={d} />
            <div className="drawer-links">
              {d.alert.keyKind === 'ip' && (
                <button type="button" className="link" onClick={() => onClient(d.alert.key)}>
                  Open client {d.alert.key}
                </button>
              )}
              <EventsLink alertKey={d.alert.key} keyKind={d.alert.keyKind} onEvents={onEvents} />
            </div>
            <ReportButtons detail={d} />
            {(d.alert.clients ?? []).length > 0 && (
              <>
                <h3>Attacking clients ({d.alert.clients.length})</h3>
                <ul className="client-list mono small" aria-label="Attacking clients">
                  {d.alert.clients.map((ip) => (
                    <li key={ip}>
                      <button type="button" className="link" onClick={() => onClient(ip)}>
                        {ip}
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            )}
            <h3>Triage</h3>
            <TriageForm key={`${d.alert.uid}-${d.alert.status}`} alert={d.alert} onDone={q.reload} />
            <h3>Allowlist</h3>
            <AllowForm key={d.alert.uid} alert={d.alert} />
            <h3>Evidence ({fmtCount(d.evidence.length, 'line')})</h3>
            <Evidence lines={d.evidence} />
            <h3>History</h3>
            {d.history.length === 0 ? (
              <p className="muted">No status changes yet.</p>
            ) : (
              <ul className="history" aria-label="Status history">
                {d.history.map((h, i) => (
                  <li key={i}>
                    <span className="mono">{fmtTime(h.at)}</span> {h.who}: {h.from} → <strong>{h.to}</strong>
                    {h.reason && <> — {h.reason}</>}
                  </li>
                ))}
              </ul>
            )}
            <h3>Notes</h3>
            <ul className="notes" aria-label="Notes">
              {d.notes.map((n) => (
                <li key={n.id}>
                  <span className="mono">{fmtTime(n.at)}</span> {n.who}: {n.text}
                </li>
              ))}
            </ul>
            <NoteForm uid={uid} onDone={q.reload} />
          </div>
        )}
      </QueryView>
    </aside>
  );
}
