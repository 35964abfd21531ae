/**
 * Stored events as CSV, for a report or a spreadsheet: the Events page's export and `api-shield events --csv`
 * write the same columns.
 */
import { csvLine } from './csv';

/** The fields of a stored event (the engine's EventRow) that the CSV writes. */
export interface CsvEventRow {
  time: number;
  client: string;
  host: string;
  method: string;
  path: string;
  query: string;
  status: number;
  bytes: number;
  latencyMs: number;
  userAgent: string;
  user: string;
  api: string;
  application: string;
  sourceId: number;
  line: number;
  offset: number;
}

export const EVENT_CSV_COLUMNS = [
  'time', 'client', 'host', 'method', 'path', 'query', 'status', 'bytes', 'latency_ms', 'user_agent', 'user', 'api',
  'application', 'source', 'line', 'offset',
] as const;

/** Header and one line per event, times in ISO 8601 UTC; absent bytes and latency are empty. */
export function eventsCsv(rows: readonly CsvEventRow[], sourcePath: (sourceId: number) => string): string {
  const lines = [EVENT_CSV_COLUMNS.join(',')];
  for (const e of rows) {
    lines.push(csvLine([
      new Date(e.time).toISOString(), e.client, e.host, e.method, e.path, e.query, e.status, e.bytes >= 0 ? e.bytes : null,
      e.latencyMs >= 0 ? e.latencyMs : null, e.userAgent, e.user, e.api, e.application, sourcePath(e.sourceId), e.line,
      e.offset,
    ]));
  }
  return lines.join('\n') + '\n';
}
