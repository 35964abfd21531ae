import type { TopDimension, TopRow } from '../../../../electron/contract/types';
import { fmtCompact, fmtPct } from '../../format';
import { Empty } from '../States/States';
import { TableHead } from '../TableHead/TableHead';

/** The Overview's top-N panels. An optional one shows only when its range has values (an nginx log has no APIs). */
export const TOP_PANELS: { dimension: TopDimension; title: string; optional?: true }[] = [
  { dimension: 'client', title: 'Top clients' },
  { dimension: 'endpoint', title: 'Top endpoints' },
  { dimension: 'status', title: 'Statuses' },
  { dimension: 'userAgent', title: 'User agents' },
  { dimension: 'host', title: 'Top hosts', optional: true },
  { dimension: 'api', title: 'Top APIs', optional: true },
  { dimension: 'application', title: 'Top applications', optional: true },
];

interface TopTableProps {
  title: string;
  rows: TopRow[];
  /** What a click on a value does; a value it gives null for is plain text. */
  onPick?: (value: string) => (() => void) | null;
}

function TopTable({ title, rows, onPick }: TopTableProps) {
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
            {rows.map((r) => {
              const pick = onPick?.(r.value) ?? null;
              return (
                <tr key={r.value}>
                  <td className="ellipsis" title={r.value}>
                    <span className="bar" style={{ width: `${(r.requests / max) * 100}%` }} />
                    {pick ? (
                      <button type="button" className="link" onClick={pick}>
                        {r.value || '(none)'}
                      </button>
                    ) : (
                      r.value || '(none)'
                    )}
                  </td>
                  <td className="num">{fmtCompact(r.requests)}</td>
                  <td className="num">{r.requests ? fmtPct(r.errors / r.requests) : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** `onPick(dimension, value)`: the action for a click on a value, or null where there is none. */
export function TopPanels({ tops, onPick }: { tops: Partial<Record<TopDimension, TopRow[]>>; onPick: (dimension: TopDimension, value: string) => (() => void) | null }) {
  return (
    <div className="top-grid">
      {TOP_PANELS.filter((p) => !p.optional || (tops[p.dimension]?.length ?? 0) > 0).map((p) => (
        <TopTable key={p.dimension} title={p.title} rows={tops[p.dimension] ?? []} onPick={(value) => onPick(p.dimension, value)} />
      ))}
    </div>
  );
}

export { TopTable };
