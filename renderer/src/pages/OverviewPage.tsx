import type { TimeRange } from '../../../electron/contract/types';
import { eventQueryForTop, type EventQuery } from '../live/events-query';
import { AlertsByRule } from '../components/AlertsByRule/AlertsByRule';
import { KpiStrip, type KpiLinks } from '../components/KpiStrip/KpiStrip';
import { RangePicker } from '../components/RangePicker/RangePicker';
import { Empty, QueryView } from '../components/States/States';
import { TimelineChart } from '../components/TimelineChart/TimelineChart';
import { TOP_PANELS, TopPanels } from '../components/TopPanels/TopPanels';
import { fmtTime } from '../format';
import { useLive } from '../live/LiveContext';
import { loadOverview } from '../live/overview-query';
import type { RangePreset } from '../live/range';
import { useQuery } from '../live/useQuery';

const DIMS = TOP_PANELS.map((p) => p.dimension);

interface Props {
  preset: RangePreset;
  setPreset: (p: RangePreset) => void;
  onClient: (c: string) => void;
  /** A rule's alerts on the Alerts page, over the same range. */
  onRule: (rule: string) => void;
  /** The events of one timeline bucket. */
  onWindow: (w: TimeRange) => void;
  /** Events matching a filter (a top endpoint, status, API or host), over the same range. */
  onEvents: (q: Partial<EventQuery>) => void;
  /** Where each headline figure comes from. */
  links: KpiLinks;
}

export function OverviewPage({ preset, setPreset, onClient, onRule, onWindow, onEvents, links }: Props) {
  const { counters, trafficRev, alertsRev } = useLive();
  const q = useQuery((b) => loadOverview(b, preset, DIMS), `${preset}|${trafficRev}|${alertsRev}`);
  return (
    <div className="page overview-page">
      <div className="toolbar">
        <RangePicker value={preset} onChange={setPreset} />
        {q.data && (
          <span className="muted range-note">
            {q.data.newest === null ? 'no events stored yet' : `log time ${fmtTime(q.data.range.from)} → ${fmtTime(q.data.range.to)} UTC`}
            {q.loading && ' · refreshing'}
          </span>
        )}
      </div>
      <QueryView q={q} what="overview">
        {(d) => (
          <>
            <KpiStrip kpis={d.kpis} range={d.range} counters={counters} links={links} />
            <section className="panel" aria-label="Timeline">
              <h3>
                Requests by status class, alerts opened <span className="muted hint">· click a bar for its events</span>
              </h3>
              {d.newest === null ? (
                <Empty>No events yet: add a source on the Sources page (4).</Empty>
              ) : (
                <TimelineChart buckets={d.timeline} end={d.range.to} onWindow={onWindow} />
              )}
            </section>
            <AlertsByRule rows={d.byRule} onRule={onRule} />
            <TopPanels
              tops={d.tops}
              onPick={(dimension, value) => {
                if (dimension === 'client') return value === '' ? null : () => onClient(value);
                const q = eventQueryForTop(dimension, value);
                return q === null ? null : () => onEvents(q);
              }}
            />
          </>
        )}
      </QueryView>
    </div>
  );
}
