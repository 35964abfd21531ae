import type { RuleAlertCount } from '../../../../electron/contract/types';
import { fmtInt, fmtTime } from '../../format';
import { Empty } from '../States/States';
import { TableHead } from '../TableHead/TableHead';
import { ruleSummary } from '../../rules-catalog';

/** What fired in the range, per rule, the most severe first; a rule opens its alerts on the Alerts page. */
export function AlertsByRule({ rows, onRule }: { rows: RuleAlertCount[]; onRule: (rule: string) => void }) {
  return (
    <section className="panel" aria-label="Alerts by rule">
      <h3>Alerts by rule</h3>
      {rows.length === 0 ? (
        <Empty>No alert was active in this range.</Empty>
      ) : (
        <table className="dense" aria-label="Alerts by rule">
          <TableHead cols={['worst', 'rule', 'alerts', 'still open', 'last seen']} num={['alerts', 'still open']} />
          <tbody>
            {rows.map((r) => (
              <tr key={r.rule}>
                <td>
                  <span className={`sev sev-${r.worst}`}>{r.worst}</span>
                </td>
                <td>
                  <button type="button" className="link" title={ruleSummary(r.rule)} onClick={() => onRule(r.rule)}>
                    {r.rule}
                  </button>
                </td>
                <td className="num">{fmtInt(r.alerts)}</td>
                <td className={`num ${r.open ? 'warn' : ''}`}>{fmtInt(r.open)}</td>
                <td className="mono">{fmtTime(r.lastSeen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
