/** The events loaded on the Events page as CSV, for a report or a spreadsheet. */
import type { EventRow } from '../../../electron/contract/types';
import { csvLine } from '../../../core/report/csv';

export const EVENT_CSV_COLUMNS = [
  'time', 'client', 'host', 'method', 'path', 'query', 'status', 'bytes', 'latency_ms', 'user_agent', 'user', 'api',
  'application', 'source', 'line', 'offset',
] as const;

/** Header and one line per event, times in ISO 8601 UTC; absent bytes and latency are empty. */
export function eventsCsv(rows: readonly EventRow[], sourcePath: (sourceId: number) => string): string {
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
