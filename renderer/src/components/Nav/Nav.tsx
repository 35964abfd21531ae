import type { EngineCounters } from '../../../../electron/contract/types';
import { fmtCompact, fmtInt } from '../../format';
import type { NotifyLevel } from '../../live/alert-notifications';
import type { NotifyPermission } from '../../live/useAlertNotifications';
import { NotifyControl } from './NotifyControl';

export type PageId = 'overview' | 'alerts' | 'client' | 'sources' | 'rules' | 'allowlist' | 'models' | 'events';
export const PAGES: { id: PageId; label: string; key: string }[] = [
  { id: 'overview', label: 'Overview', key: '1' },
  { id: 'alerts', label: 'Alerts', key: '2' },
  { id: 'client', label: 'Client', key: '3' },
  { id: 'sources', label: 'Sources', key: '4' },
  { id: 'rules', label: 'Rules', key: '5' },
  { id: 'allowlist', label: 'Allowlist', key: '6' },
  { id: 'models', label: 'Model', key: '7' },
  { id: 'events', label: 'Events', key: '8' },
];

interface Props {
  page: PageId;
  onPage: (p: PageId) => void;
  counters: EngineCounters | null;
  shell: string;
  onHelp: () => void;
  notify: { level: NotifyLevel; setLevel: (l: NotifyLevel) => void; permission: NotifyPermission };
}

export function Nav({ page, onPage, counters, shell, onHelp, notify }: Props) {
  return (
    <header className="topbar">
      <div className="brand">API Shield</div>
      <nav aria-label="Pages">
        <ul role="tablist">
          {PAGES.map((p) => (
            <li key={p.id}>
              <button type="button" role="tab" aria-selected={page === p.id} className={page === p.id ? 'on' : ''} onClick={() => onPage(p.id)} title={`${p.label} (${p.key})`}>
                {p.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="live-counters" aria-label="Live counters">
        {counters ? (
          <>
            <span>{fmtCompact(counters.events)} events</span>
            <span>{fmtInt(counters.alerts)} alerts</span>
            <span>{fmtInt(counters.linesPerSecond)} lines/s</span>
          </>
        ) : (
          <span>—</span>
        )}
        <NotifyControl {...notify} />
        <span className="muted">{shell}</span>
        <button type="button" aria-label="Keyboard shortcuts" onClick={onHelp}>
          ?
        </button>
      </div>
    </header>
  );
}
