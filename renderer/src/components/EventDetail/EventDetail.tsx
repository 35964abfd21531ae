import type { EventRow } from '../../../../electron/contract/types';
import { fmtInt } from '../../format';
import type { EventQuery } from '../../live/events-query';
import { useQuery } from '../../live/useQuery';
import { QueryView } from '../States/States';

interface Props {
  event: EventRow;
  sourcePath: string;
  onClose: () => void;
  onClient: (client: string) => void;
  /** Narrows the current filter to one more field of this event. */
  onFilter: (patch: Partial<EventQuery>) => void;
}

function RawLine({ event }: { event: EventRow }) {
  // No live revision in the key: a stored line does not change; only its file can go away.
  const q = useQuery((b) => b.request('events.raw', { fileId: event.fileId, offset: event.offset }), `${event.fileId}:${event.offset}`);
  return (
    <QueryView q={q} what="raw line">
      {(l) => (
        <>
          {l.origin !== 'file' && (
            <p className="muted small">{l.origin === 'stored' ? 'The file no longer holds this line: rebuilt from stored fields.' : 'Line unavailable.'}</p>
          )}
          <pre className="raw" data-testid="event-raw">
            {l.raw ?? '(line unavailable)'}
          </pre>
        </>
      )}
    </QueryView>
  );
}

/** Every field of one stored event, its raw log line, and pivots to narrow the search or open the client. */
/** Filters offered only when the event has the field (identity and host come from some formats only). */
const OPTIONAL_PIVOTS = [
  ['user', 'user'],
  ['api', 'API'],
  ['application', 'application'],
  ['host', 'host'],
] as const satisfies readonly (readonly [keyof EventQuery & keyof EventRow, string])[];

export function EventDetail({ event: e, sourcePath, onClose, onClient, onFilter }: Props) {
  const facts: [string, string][] = [
    // To the millisecond: events of one second are told apart (and ordered) by it.
    ['Time', new Date(e.time).toISOString()],
    ['Client', e.client],
    ['Host', e.host || '—'],
    ['Method', e.method || '—'],
    ['Path', e.path],
    ['Query', e.query || '—'],
    ['Template', e.template],
    ['Status', String(e.status)],
    ['Bytes', e.bytes >= 0 ? fmtInt(e.bytes) : '—'],
    ['Latency', e.latencyMs >= 0 ? `${fmtInt(e.latencyMs)} ms` : '—'],
    ['User agent', e.userAgent || '—'],
    ['User', e.user || '—'],
    ['Application', e.application || '—'],
    ['API', e.api || '—'],
    ['Source', sourcePath],
    ['Line', fmtInt(e.line)],
    ['Byte offset', fmtInt(e.offset)],
  ];
  return (
    <aside className="drawer" role="dialog" aria-modal="false" aria-label="Event detail">
      <header>
        <h2>Event</h2>
        <button type="button" aria-label="Close event detail" onClick={onClose}>
          ✕
        </button>
      </header>
      <div className="drawer-body">
        <dl className="facts facts-one">
          {facts.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd className={['Client', 'Host', 'Path', 'Template', 'Source'].includes(k) ? 'mono wrap' : 'wrap'}>{v}</dd>
            </div>
          ))}
        </dl>
        <div className="pivots" role="group" aria-label="Pivots">
          <button type="button" onClick={() => onClient(e.client)}>
            Open client {e.client}
          </button>
          <button type="button" onClick={() => onFilter({ client: e.client })}>
            Filter by this client
          </button>
          <button type="button" onClick={() => onFilter({ path: e.path })}>
            Filter by this path
          </button>
          <button type="button" onClick={() => onFilter({ status: String(e.status) })}>
            Filter by this status
          </button>
          {OPTIONAL_PIVOTS.map(([field, label]) =>
            e[field] ? (
              <button key={field} type="button" onClick={() => onFilter({ [field]: e[field] })}>
                Filter by this {label}
              </button>
            ) : null,
          )}
        </div>
        <h3>Raw line</h3>
        {/* Keyed: a new event must not show the previous one's line while its own loads. */}
        <RawLine key={`${e.fileId}:${e.offset}`} event={e} />
      </div>
    </aside>
  );
}
