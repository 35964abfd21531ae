import type { EngineCounters, Kpis, TimeRange } from '../../../../electron/contract/types';
import { fmtCompact, fmtInt, fmtPct, fmtRate } from '../../format';

interface KpiProps {
  label: string;
  value: string;
  sub?: string;
  tone?: 'bad' | 'warn';
  /** Where the figure comes from, one click away ("View …"). */
  open?: { what: string; go: () => void };
}

function Kpi({ label, value, sub, tone, open }: KpiProps) {
  return (
    <div className={`kpi ${tone ?? ''}`} role="group" aria-label={label}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value" data-testid={`kpi-${label.toLowerCase().replace(/[^a-z]+/g, '-')}`}>
        {value}
      </div>
      {sub && <div className="kpi-sub">{sub}</div>}
      {open && (
        <button type="button" className="link kpi-open" onClick={open.go}>
          View {open.what} →
        </button>
      )}
    </div>
  );
}

/** The pages behind the figures. */
export interface KpiLinks {
  /** The events of the range. */
  events: () => void;
  /** The range's alerts still in triage status 'open'. */
  openAlerts: () => void;
  /** The range's failed requests (4xx). */
  errors: () => void;
  /** Sources, where parse errors are listed per file. */
  parseErrors: () => void;
}

/** Headline numbers for the selected range, plus the engine's live counters. */
export function KpiStrip({ kpis, range, counters, links }: { kpis: Kpis; range: TimeRange; counters: EngineCounters | null; links?: KpiLinks }) {
  const seconds = Math.max(1, (range.to - range.from) / 1000);
  return (
    <section className="kpi-strip" aria-label="Key figures">
      <Kpi
        label="Events"
        value={fmtCompact(kpis.requests)}
        sub={`${fmtCompact(kpis.uniqueClients)} clients`}
        open={links && kpis.requests ? { what: 'events', go: links.events } : undefined}
      />
      <Kpi
        label="Alerts open"
        value={fmtInt(kpis.openAlerts)}
        sub={`${fmtInt(kpis.alertsOpened)} opened in range`}
        tone={kpis.openAlerts ? 'bad' : undefined}
        open={links && kpis.openAlerts ? { what: 'open alerts', go: links.openAlerts } : undefined}
      />
      <Kpi
        label="Request rate"
        value={fmtRate(kpis.requests / seconds)}
        sub={counters ? `live ingest ${fmtInt(counters.linesPerSecond)} lines/s` : 'average over range'}
      />
      <Kpi
        label="Error rate"
        value={fmtPct(kpis.errorRate)}
        sub={`${fmtCompact(kpis.errors4xx)} 4xx · ${fmtCompact(kpis.errors5xx)} 5xx`}
        tone={kpis.errorRate > 0.2 ? 'warn' : undefined}
        open={links && kpis.errors4xx ? { what: '4xx events', go: links.errors } : undefined}
      />
      <Kpi
        label="Parse errors"
        value={counters ? fmtInt(counters.parseErrors) : '—'}
        sub={counters ? `of ${fmtCompact(counters.lines)} lines read` : undefined}
        tone={counters && counters.parseErrors ? 'warn' : undefined}
        open={links && counters?.parseErrors ? { what: 'sources', go: links.parseErrors } : undefined}
      />
    </section>
  );
}
