import { csvLine } from '@core/report/csv';
import type { Alert } from '@core/detect/alert';

/** The stable, documented shape of one alert in --json and --csv output (snake_case, ISO times). */
export interface AlertRecord {
  client: string;
  key_kind: string;
  rule: string;
  category: string;
  severity: string;
  risk: number;
  action: string;
  count: number;
  first_seen: string;
  last_seen: string;
  reason: string;
  /** Line numbers of the evidence; with several sources, `source:line`. */
  evidence: Array<number | string>;
  model_score: number | null;
  /** Target alerts only: the client IPs that failed against the target during the episode. */
  clients?: string[];
}

export function toRecord(a: Alert, multiSource: boolean): AlertRecord {
  return {
    client: a.key,
    key_kind: a.keyKind,
    rule: a.rule,
    category: a.category,
    severity: a.severity,
    risk: a.risk,
    action: a.action,
    count: a.count,
    first_seen: isoTime(a.firstSeen),
    last_seen: isoTime(a.lastSeen),
    reason: a.reason,
    evidence: a.evidence.map((e) => (multiSource ? `${e.source}:${e.line}` : e.line)),
    model_score: a.modelScore >= 0 ? round(a.modelScore, 4) : null,
    ...(a.clients ? { clients: a.clients } : {}),
  };
}

export function isoTime(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}

/** `2024-06-03 14:00:05`: a UTC time to the second, for tables and text. */
export function utcSeconds(ms: number): string {
  return isoTime(ms).replace('T', ' ').slice(0, 19);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

const CSV_COLUMNS: Array<keyof AlertRecord> = [
  'client', 'key_kind', 'rule', 'category', 'severity', 'risk', 'action', 'count',
  'first_seen', 'last_seen', 'reason', 'evidence', 'model_score', 'clients',
];

export function csvHeader(): string {
  return CSV_COLUMNS.join(',');
}

export function csvRow(r: AlertRecord): string {
  // Lists are space-separated in one cell: the client IPs a target alert names are its block list.
  return csvLine(CSV_COLUMNS.map((c) => (c === 'evidence' ? r.evidence.join(' ') : c === 'clients' ? (r.clients ?? []).join(' ') : r[c])));
}
