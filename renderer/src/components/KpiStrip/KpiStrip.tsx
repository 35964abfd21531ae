import type { EngineCounters, Kpis, TimeRange } from '../../../../electron/contract/types';
import { fmtCompact, fmtInt, fmtPct } from '../../format';

function Kpi({ label, value, sub, tone }: { label: string; value: string; sub?: string; tone?: 'bad' | 'warn' }) {
  return (
    <div className={`kpi ${tone ?? ''}`} role="group" aria-label={label}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value" data-testid={`kpi-${label.toLowerCase().replace(/[^a-z]+/g, '-')}`}>
        {value}
      </div>
      {sub && <div className="kpi-sub">{sub}</div>}
    </div>
  );
}

/** Headline numbers for the selected range, plus the engine's live counters. */
export function KpiStrip({ kpis, range, counters }: { kpis: Kpis; range: TimeRange; counters: EngineCounters | null }) {
  const seconds = Math.max(1, (range.to - range.from) / 1000);
  return (
    <section className="kpi-strip" aria-label="Key figures">
      <Kpi label="Events" value={fmtCompact(kpis.requests)} sub={`${fmtCompact(kpis.uniqueClients)} clients`} />
      <Kpi label="Alerts open" value={fmtInt(kpis.openAlerts)} sub={`${fmtInt(kpis.alertsOpened)} opened in range`} tone={kpis.openAlerts ? 'bad' : undefined} />
      <Kpi
        label="Requests/s"
        value={(kpis.requests / seconds).toFixed(kpis.requests / seconds < 10 ? 2 : 0)}
        sub={counters ? `live ingest ${fmtInt(counters.linesPerSecond)} lines/s` : 'average over range'}
      />
      <Kpi
        label="Error rate"
        value={fmtPct(kpis.errorRate)}
        sub={`${fmtCompact(kpis.errors4xx)} 4xx · ${fmtCompact(kpis.errors5xx)} 5xx`}
        tone={kpis.errorRate > 0.2 ? 'warn' : undefined}
      />
      <Kpi
        label="Parse errors"
        value={counters ? fmtInt(counters.parseErrors) : '—'}
        sub={counters ? `of ${fmtCompact(counters.lines)} lines read` : undefined}
        tone={counters && counters.parseErrors ? 'warn' : undefined}
      />
    </section>
  );
}
