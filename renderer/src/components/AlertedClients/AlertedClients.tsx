import { fmtTime } from '../../format';
import { useLive } from '../../live/LiveContext';
import { useQuery } from '../../live/useQuery';
import { Empty, QueryView } from '../States/States';
import { TableHead } from '../TableHead/TableHead';
import { alertedClients } from './alerted-clients';

/** Where the Client page starts when no client is chosen: the clients most recently alerted on. */
export function AlertedClients({ onClient }: { onClient: (c: string) => void }) {
  const { alertsRev } = useLive();
  const q = useQuery((b) => b.request('alerts.list', { sort: { field: 'lastSeen', dir: 'desc' }, limit: 500 }), `alerted|${alertsRev}`);
  return (
    <section className="panel" aria-label="Recently alerted clients">
      <h2>Recently alerted clients</h2>
      <QueryView q={q} what="alerts">
        {(page) => {
          const clients = alertedClients(page.rows);
          if (clients.length === 0) return <Empty>No client has been alerted on yet. Enter an address above.</Empty>;
          return (
            <table className="dense" aria-label="Recently alerted clients">
              <TableHead cols={['client', 'worst severity', 'alerts', 'last seen']} />
              <tbody>
                {clients.map((c) => (
                  <tr key={c.client}>
                    <td className="mono">
                      <button type="button" className="link" onClick={() => onClient(c.client)}>
                        {c.client}
                      </button>
                    </td>
                    <td>
                      <span className={`sev sev-${c.severity}`}>{c.severity}</span>
                    </td>
                    <td className="num">{c.alerts}</td>
                    <td className="mono">{fmtTime(c.lastSeen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </QueryView>
    </section>
  );
}
