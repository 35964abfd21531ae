import type { Alert } from '@core/detect/alert';
import { isoTime, utcSeconds } from './alert-records';
import { renderTable, type Column } from './table';

const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/** Most urgent first: severity, then risk, then earliest. */
export function sortAlerts(alerts: Alert[]): Alert[] {
  return [...alerts].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.risk - a.risk || a.firstSeen - b.firstSeen,
  );
}

/** The `limit` first alerts in sortAlerts order among those added, in bounded memory. */
export class TopAlerts {
  private kept: Alert[] = [];

  constructor(private readonly limit: number) {}

  add(a: Alert): void {
    this.kept.push(a);
    if (this.kept.length >= 2 * this.limit) this.kept = sortAlerts(this.kept).slice(0, this.limit);
  }

  sorted(): Alert[] {
    return sortAlerts(this.kept).slice(0, this.limit);
  }
}

const COLUMNS: Column<Alert>[] = [
  { title: 'SEVERITY', get: (a) => a.severity.toUpperCase() },
  { title: 'RISK', get: (a) => String(a.risk), right: true },
  { title: 'CLIENT', get: (a) => (a.keyKind === 'ip' ? a.key : `${a.keyKind}:${a.key}`), max: 40 },
  { title: 'RULE', get: (a) => a.rule, max: 28 },
  { title: 'EVENTS', get: (a) => String(a.count), right: true },
  { title: 'FIRST SEEN (UTC)', get: (a) => utcSeconds(a.firstSeen) },
  { title: 'LAST SEEN', get: (a) => isoTime(a.lastSeen).slice(11, 19) },
  { title: 'ACTION', get: (a) => a.action },
  { title: 'REASON', get: (a) => a.reason },
];

/** A plain-text table; the last column (reason) is cut to the terminal width when one is known. */
export function renderAlertTable(alerts: Alert[], width = 0): string {
  if (alerts.length === 0) return 'No alerts.\n';
  return renderTable(COLUMNS, sortAlerts(alerts), width);
}
