import { useEffect, useState } from 'react';
import { AlertedClients } from '../components/AlertedClients/AlertedClients';
import { KpiStrip } from '../components/KpiStrip/KpiStrip';
import { RangePicker } from '../components/RangePicker/RangePicker';
import { Empty, QueryView } from '../components/States/States';
import { TimelineChart } from '../components/TimelineChart/TimelineChart';
import { TopTable } from '../components/TopPanels/TopPanels';
import { fmtTime } from '../format';
import { useLive } from '../live/LiveContext';
import { eventQueryForTop, type EventQuery } from '../live/events-query';
import { logExtent } from '../live/overview-query';
import { presetRange, rangeEnd, type RangePreset } from '../live/range';
import { useQuery } from '../live/useQuery';
import { TableHead } from '../components/TableHead/TableHead';

interface Props {
  client: string;
  setClient: (c: string) => void;
  preset: RangePreset;
  setPreset: (p: RangePreset) => void;
  onAlert: (uid: number) => void;
  /**
   * Opens the Events page on this client's events (every one, not only the latest 100), narrowed by a timeline
   * window or an endpoint or status picked in a panel.
   */
  onEvents: (q: Partial<EventQuery>) => void;
}

/** Everything one client did in the range: figures, timeline, endpoints, statuses, agents, alerts, latest events. */
export function ClientPage({ client, setClient, preset, setPreset, onAlert, onEvents }: Props) {
  // The client's events to one of its endpoints or hosts, or answered with one of its statuses.
  const pickFor = (c: string, dimension: 'endpoint' | 'status' | 'host', value: string): (() => void) | null => {
    const q = eventQueryForTop(dimension, value);
    return q === null ? null : () => onEvents({ ...q, client: c });
  };
  const { trafficRev } = useLive();
  const [draft, setDraft] = useState(client);
  useEffect(() => setDraft(client), [client]);
  const q = useQuery(
    async (b) => {
      const { newest, oldest } = await logExtent(b, preset === 'all');
      const range = presetRange(preset, rangeEnd(newest), oldest);
      const activity = await b.request('query.client', { client, range });
      return { range, activity, timeline: activity.timeline };
    },
    `${client}|${preset}|${trafficRev}`,
    client !== '',
  );
  return (
    <div className="page client-page">
      <div className="toolbar">
        <form
          role="search"
          aria-label="Client lookup"
          onSubmit={(e) => {
            e.preventDefault();
            setClient(draft.trim());
          }}
        >
          <input aria-label="Client address" placeholder="client IP" value={draft} maxLength={1000} onChange={(e) => setDraft(e.target.value)} />
          <button type="submit">Show</button>
        </form>
        <RangePicker value={preset} onChange={setPreset} />
      </div>
      {client === '' ? (
        <AlertedClients onClient={setClient} />
      ) : (
        <QueryView q={q} what="client activity">
          {({ range, activity: a, timeline }) => (
            <>
              <h2 className="mono">{a.client}</h2>
              <KpiStrip kpis={a.kpis} range={range} counters={null} />
              <section className="panel" aria-label="Client timeline">
                <TimelineChart buckets={timeline} label="Client timeline" end={range.to} onWindow={(window) => onEvents({ client: a.client, window })} />
              </section>
              <div className="top-grid">
                <TopTable title="Endpoints" rows={a.endpoints} onPick={(v) => pickFor(a.client, 'endpoint', v)} />
                <TopTable title="Statuses" rows={a.statuses} onPick={(v) => pickFor(a.client, 'status', v)} />
                <TopTable title="User agents" rows={a.userAgents} />
                {a.hosts.length > 0 && <TopTable title="Hosts" rows={a.hosts} onPick={(v) => pickFor(a.client, 'host', v)} />}
                <section className="panel" aria-label="Client alerts">
                  <h3>Alerts</h3>
                  {a.alerts.length === 0 ? (
                    <Empty>No alerts for this client in range.</Empty>
                  ) : (
                    <ul className="plain">
                      {a.alerts.map((x) => (
                        <li key={x.uid}>
                          <button type="button" className="link" onClick={() => onAlert(x.uid)}>
                            <span className={`sev sev-${x.severity}`}>{x.severity}</span> {x.rule} · {fmtTime(x.firstSeen)}
                          </button>
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
              </div>
              <section className="panel" aria-label="Recent events">
                <h3>
                  Latest events{' '}
                  <button type="button" className="link" onClick={() => onEvents({ client: a.client })}>
                    all events of this client →
                  </button>
                </h3>
                {a.recent.length === 0 ? (
                  <Empty>No events in range.</Empty>
                ) : (
                  <table className="dense">
                    <TableHead cols={['time', 'method', 'path', 'status', 'user agent']} num={['status']} />
                    <tbody>
                      {a.recent.map((e) => (
                        <tr key={`${e.sourceId}:${e.offset}`}>
                          <td className="mono">{fmtTime(e.time)}</td>
                          <td>{e.method}</td>
                          <td className="mono ellipsis" title={e.path}>
                            {e.path}
                          </td>
                          <td className="num">{e.status}</td>
                          <td className="ellipsis" title={e.userAgent}>
                            {e.userAgent}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>
            </>
          )}
        </QueryView>
      )}
    </div>
  );
}
