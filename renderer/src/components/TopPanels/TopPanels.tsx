import type { TopDimension, TopRow } from '../../../../electron/contract/types';
import { fmtCompact, fmtPct } from '../../format';
import { Empty } from '../States/States';
import { TableHead } from '../TableHead/TableHead';

export const TOP_PANELS: { dimension: TopDimension; title: string }[] = [
  { dimension: 'client', title: 'Top clients' },
  { dimension: 'endpoint', title: 'Top endpoints' },
  { dimension: 'status', title: 'Statuses' },
  { dimension: 'userAgent', title: 'User agents' },
];

function TopTable({ title, rows, onPick }: { title: string; rows: TopRow[]; onPick?: (value: string) => void }) {
  const max = Math.max(1, ...rows.map((r) => r.requests));
  return (
    <section className="panel top-panel" aria-label={title}>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <Empty>No traffic in this range.</Empty>
      ) : (
        <table className="dense">
          <TableHead cols={['value', 'requests', 'errors']} num={['requests', 'errors']} />
          <tbody>
            {rows.map((r) => (
              <tr key={r.value}>
                <td className="ellipsis" title={r.value}>
                  <span className="bar" style={{ width: `${(r.requests / max) * 100}%` }} />
                  {onPick ? (
                    <button type="button" className="link" onClick={() => onPick(r.value)}>
                      {r.value || '(none)'}
                    </button>
                  ) : (
                    r.value || '(none)'
                  )}
                </td>
                <td className="num">{fmtCompact(r.requests)}</td>
                <td className="num">{r.requests ? fmtPct(r.errors / r.requests) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function TopPanels({ tops, onClient }: { tops: Record<string, TopRow[]>; onClient: (client: string) => void }) {
  return (
    <div className="top-grid">
      {TOP_PANELS.map((p) => (
        <TopTable key={p.dimension} title={p.title} rows={tops[p.dimension] ?? []} onPick={p.dimension === 'client' ? onClient : undefined} />
      ))}
    </div>
  );
}

export { TopTable };
