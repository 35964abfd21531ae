/**
 * Stored alerts as CSV, for a report or a spreadsheet: the Alerts page's export and `api-shield alerts --csv`
 * write the same columns.
 */
import { csvLine } from './csv';

/** The fields of a stored alert (the engine's AlertRow) that the CSV writes. */
export interface CsvAlertRow {
  uid: number;
  severity: string;
  risk: number;
  rule: string;
  category: string;
  key: string;
  keyKind: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  status: string;
  action: string;
  modelScore: number;
  reason: string;
  clients: readonly string[];
}

export const ALERT_CSV_COLUMNS = [
  'uid', 'severity', 'risk', 'rule', 'category', 'key', 'key_kind', 'count', 'first_seen', 'last_seen', 'status',
  'action', 'model_score', 'reason', 'clients',
] as const;

/** Header and one line per alert, times in ISO 8601 UTC; no model score is empty; a target alert's attacking IPs are space-separated. */
export function alertsCsv(rows: readonly CsvAlertRow[]): string {
  const lines = [ALERT_CSV_COLUMNS.join(',')];
  for (const a of rows) {
    lines.push(csvLine([
      a.uid, a.severity, a.risk, a.rule, a.category, a.key, a.keyKind, a.count, new Date(a.firstSeen).toISOString(),
      new Date(a.lastSeen).toISOString(), a.status, a.action, a.modelScore >= 0 ? Math.round(a.modelScore * 1000) / 1000 : null,
      a.reason, a.clients.join(' '),
    ]));
  }
  return lines.join('\n') + '\n';
}
