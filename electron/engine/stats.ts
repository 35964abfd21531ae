import type { Statement } from 'better-sqlite3';
import type { EngineCounters, FormatId, SourceState, SourceStatus } from '../contract/types';
import type { Batch } from './store/batch';
import type { Db } from './store/db';
import type { CommitResult } from './store/writer';
import type { SourceTailer } from './tail/source-tailer';

interface SourceDbRow {
  id: number;
  watch_id: number;
  path: string;
  format: string | null;
  state: string;
  last_error: string | null;
  lines: number;
  events: number;
  parse_errors: number;
  ignored: number;
  rotations: number;
  updated_at: number;
  spec: string;
  offset: number | null;
  line: number | null;
}

const SOURCE_SQL = `SELECT s.*, w.spec, f.offset, f.line FROM sources s JOIN watches w ON w.id = s.watch_id
  LEFT JOIN files f ON f.id = s.current_file_id`;

/** Running totals and per-source status: committed numbers from the store, live position from the tailer. */
export class EngineStats {
  events = 0;
  lines = 0;
  parseErrors = 0;
  alerts = 0;
  alertsOpened = 0;
  suppressed = 0;
  private rateAt = performance.now();
  private rateLines = 0;
  private lastRate = 0;
  private readonly perSourceLines = new Map<number, { at: number; lines: number; rate: number }>();
  private readonly st: Record<'one' | 'all' | 'totals', Statement>;

  constructor(db: Db) {
    this.st = {
      one: db.prepare(`${SOURCE_SQL} WHERE s.id = ?`),
      all: db.prepare(`${SOURCE_SQL} ORDER BY s.id`),
      totals: db.prepare('SELECT lines, events, parse_errors AS parseErrors FROM sources WHERE id = ?'),
    };
    const t = db
      .prepare(`SELECT (SELECT COUNT(*) FROM events) AS events, (SELECT COUNT(*) FROM alerts) AS alerts,
        (SELECT COALESCE(SUM(lines), 0) FROM sources) AS lines, (SELECT COALESCE(SUM(parse_errors), 0) FROM sources) AS pe`)
      .get() as { events: number; alerts: number; lines: number; pe: number };
    this.events = t.events;
    this.alerts = t.alerts;
    this.lines = t.lines;
    this.parseErrors = t.pe;
    this.rateLines = t.lines;
  }

  committed(b: Batch, r: CommitResult): void {
    this.events += r.events;
    for (const d of b.deltas.values()) {
      this.lines += d.lines;
      this.parseErrors += d.parseErrors;
    }
    for (const a of r.alerts) {
      // Not `change === 'opened'`: in a bulk import most episodes open and close within one batch.
      if (!a.isNew) continue;
      this.alerts++;
      this.alertsOpened++;
    }
  }

  /** Alerts never stored because an allowlist entry matched. */
  suppressedOne(): void {
    this.suppressed++;
  }

  counters(pending: number): EngineCounters {
    const now = performance.now();
    const dt = (now - this.rateAt) / 1000;
    if (dt >= 0.25) {
      this.lastRate = Math.round((this.lines - this.rateLines) / dt);
      this.rateAt = now;
      this.rateLines = this.lines;
    }
    return {
      events: this.events,
      alerts: this.alerts,
      parseErrors: this.parseErrors,
      lines: this.lines,
      pending,
      linesPerSecond: this.lastRate,
      suppressedAlerts: this.suppressed,
    };
  }

  sourceTotals(id: number): { lines: number; events: number; parseErrors: number } {
    return (this.st.totals.get(id) as { lines: number; events: number; parseErrors: number } | undefined) ?? {
      lines: 0,
      events: 0,
      parseErrors: 0,
    };
  }

  sourceStatus(t: SourceTailer): SourceStatus {
    return this.merge(this.st.one.get(t.id) as SourceDbRow, t);
  }

  /** Every known source; live ones carry their tailer's state and position. */
  sourceStatuses(tailers: Map<string, SourceTailer>, importing: Set<SourceTailer>): SourceStatus[] {
    const live = new Map<number, SourceTailer>();
    for (const t of tailers.values()) live.set(t.id, t);
    for (const t of importing) live.set(t.id, t);
    return (this.st.all.all() as SourceDbRow[]).map((r) => this.merge(r, live.get(r.id)));
  }

  private merge(r: SourceDbRow, t: SourceTailer | undefined): SourceStatus {
    const now = performance.now();
    const prev = this.perSourceLines.get(r.id);
    let rate = prev?.rate ?? 0;
    if (!prev) this.perSourceLines.set(r.id, { at: now, lines: r.lines, rate: 0 });
    else if (now - prev.at >= 250) {
      rate = Math.round(((r.lines - prev.lines) * 1000) / (now - prev.at));
      this.perSourceLines.set(r.id, { at: now, lines: r.lines, rate });
    }
    const pos = t?.position;
    return {
      id: r.id,
      watchId: r.watch_id,
      path: r.path,
      spec: r.spec.startsWith('import:') ? r.spec.slice('import:'.length) : r.spec,
      format: (t?.format ?? r.format) as FormatId | null,
      state: t ? t.state : (r.state as SourceState),
      lastError: t ? t.lastError : r.last_error,
      offset: pos && pos.offset ? pos.offset : (r.offset ?? 0),
      line: pos && pos.line ? pos.line : (r.line ?? 0),
      size: t?.size ?? 0,
      lines: r.lines,
      events: r.events,
      parseErrors: r.parse_errors,
      ignored: r.ignored,
      rotations: r.rotations,
      rate,
      updatedAt: r.updated_at,
    };
  }
}
