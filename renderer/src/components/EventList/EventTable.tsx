import type { EventRow } from '../../../../electron/contract/types';
import { fmtInt, fmtTime } from '../../format';
import { TableHead } from '../TableHead/TableHead';

interface Props {
  rows: EventRow[];
  /** `fileId:offset` of the open event. */
  openKey: string | null;
  /** File name of each source id, for the source:line column. */
  sourceName: (sourceId: number) => string;
  onOpen: (e: EventRow) => void;
  onClient: (client: string) => void;
}

export const eventKey = (e: EventRow) => `${e.fileId}:${e.offset}`;

const COLS = ['time', 'client', 'method', 'path', 'status', 'bytes', 'latency', 'user agent', 'user / api', 'source:line'];

function statusClass(s: number): string {
  return s >= 500 ? 'bad' : s >= 400 ? 'warn' : '';
}

/** Stored events, newest first; a row opens its detail, the client cell the client's page. */
export function EventTable({ rows, openKey, sourceName, onOpen, onClient }: Props) {
  return (
    <div className="table-scroll">
      <table className="dense event-table" aria-label="Events">
        <TableHead cols={COLS} num={['status', 'bytes', 'latency']} />
        <tbody>
          {rows.map((e) => {
            const key = eventKey(e);
            const who = [e.user, e.api].filter(Boolean).join(' · ');
            return (
              <tr
                key={key}
                tabIndex={0}
                aria-selected={key === openKey}
                onClick={() => onOpen(e)}
                onKeyDown={(ev) => {
                  if (ev.key === 'Enter' && ev.target === ev.currentTarget) onOpen(e);
                }}
              >
                <td className="mono">{fmtTime(e.time)}</td>
                <td className="mono ellipsis">
                  <button
                    type="button"
                    className="link"
                    title={`Open client ${e.client}`}
                    onClick={(ev) => {
                      ev.stopPropagation();
                      onClient(e.client);
                    }}
                  >
                    {e.client}
                  </button>
                </td>
                <td>{e.method}</td>
                <td className="mono ellipsis" title={`${e.host}${e.path}${e.query ? `?${e.query}` : ''}`}>
                  {e.path}
                  {e.query && <span className="muted">?{e.query}</span>}
                </td>
                <td className={`num ${statusClass(e.status)}`}>{e.status}</td>
                <td className="num">{e.bytes >= 0 ? fmtInt(e.bytes) : '—'}</td>
                <td className="num">{e.latencyMs >= 0 ? `${fmtInt(e.latencyMs)} ms` : '—'}</td>
                <td className="ellipsis" title={e.userAgent}>
                  {e.userAgent}
                </td>
                <td className="ellipsis" title={who}>
                  {who}
                </td>
                <td className="mono ellipsis small" title={`${sourceName(e.sourceId)} line ${e.line}`}>
                  {sourceName(e.sourceId)}:{e.line}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
