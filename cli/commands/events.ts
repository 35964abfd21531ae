import { eventsCsv } from '@core/report/events-csv';
import { intOption, logTimeRange, parseCommandArgs } from '../args';
import { EXIT, UsageError, type CliIO, type Command } from '../command';
import { isoTime } from '../output/alert-records';
import { renderTable, type Column } from '../output/table';
import type { EventRow, StatusClass } from '../../electron/contract/types';
import { Interner } from '../../electron/engine/store/interner';
import { SourcesRepo } from '../../electron/engine/store/sources-repo';
import { Queries } from '../../electron/engine/queries/queries';
import type { EventFilter } from '../../electron/engine/queries/events';
import { DATA_DIR_HELP, dataDirOf, openStoreOrSay } from './engine-common';

const usage = `Usage: api-shield events [options]

Lists the events stored in the data directory (by 'watch' or 'import'), newest first: the requests behind
an alert, a client or an endpoint. Safe to run while 'watch' is running: it only reads.

Options:
${DATA_DIR_HELP}
  --client <ip>      one client's events
  --path <path>      one exact path, or a pattern where * matches anything: '/wp-*', '*.php', '/users/*/orders'
  --status <s>       one status (404) or a class (4xx)
  --host <h>         one virtual host or Host header, as logged
  --api <name>, --application <name>, --user <name>
                     one consumer identity (WSO2 and JSON gateway logs)
  --since <time>     events at or after this log time (ISO-8601, e.g. 2024-06-03T14:00Z; UTC if no zone)
  --until <time>     events before this log time
  --limit <n>        at most n events (default 100)
  --json             JSON Lines on stdout, one event per line
  --csv              CSV on stdout with a header row (the Events page's export columns)
  --raw              the log lines themselves, oldest first, read back from the files (a line whose file
                     has rotated away is rebuilt from the stored fields and marked so on stderr)
  -h, --help         this text

Example: what 203.0.113.9 sent that failed, as the log has it:
  api-shield events --client 203.0.113.9 --status 4xx --raw`;

/** Events fetched per query while paging back (the engine's own cap on one query). */
const PAGE = 10_000;

const COLUMNS: Column<EventRow>[] = [
  { title: 'TIME (UTC)', get: (e) => isoTime(e.time).replace('T', ' ').slice(0, 23) },
  { title: 'CLIENT', get: (e) => e.client, max: 40 },
  { title: 'METHOD', get: (e) => e.method, max: 8 },
  { title: 'STATUS', get: (e) => String(e.status), right: true },
  { title: 'BYTES', get: (e) => (e.bytes >= 0 ? String(e.bytes) : '-'), right: true },
  { title: 'MS', get: (e) => (e.latencyMs >= 0 ? String(e.latencyMs) : '-'), right: true },
  { title: 'PATH', get: (e) => (e.query ? `${e.path}?${e.query}` : e.path) },
];

export const eventsCommand: Command = {
  name: 'events',
  summary: 'list stored events (a client, a path, a status), as a table, JSON, CSV or the raw log lines',
  usage,
  async run(args: string[], io: CliIO) {
    const { values } = parseCommandArgs(args, {
      'data-dir': { type: 'string' },
      client: { type: 'string' },
      path: { type: 'string' },
      status: { type: 'string' },
      host: { type: 'string' },
      api: { type: 'string' },
      application: { type: 'string' },
      user: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
      raw: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      io.stdout.write(usage + '\n');
      return EXIT.ok;
    }
    const modes = (['json', 'csv', 'raw'] as const).filter((m) => values[m]);
    if (modes.length > 1) throw new UsageError(`--${modes[0]} and --${modes[1]} are exclusive`);
    const dataDir = dataDirOf(values['data-dir'], io);
    const { since, until } = logTimeRange(values.since, values.until);
    const filter: EventFilter = {
      range: { from: since ?? 0, to: until ?? Number.MAX_SAFE_INTEGER },
      ...statusOf(values.status),
      ...nonEmpty({ client: values.client, path: values.path, host: values.host, api: values.api, application: values.application, user: values.user }),
    };
    const limit = intOption(values.limit, 'limit', 100, 1);
    const db = openStoreOrSay(dataDir, io);
    if (!db) return EXIT.input;
    try {
      const q = new Queries(db, new Interner(db), dataDir);
      // One more than asked: whether to say there are more.
      const rows = collectEvents((f) => q.events.list(f), filter, limit + 1);
      const more = rows.length > limit ? `(the ${limit} newest matching events shown; use --limit for more)\n` : '';
      if (rows.length > limit) rows.pop();
      if (values.raw) {
        const lines = await q.evidence.lines(rows.map((e) => ({ source: e.fileId, line: e.line, offset: e.offset })).reverse(), rows.length);
        let rebuilt = 0;
        for (const l of lines) {
          if (l.raw === null) continue;
          if (l.origin === 'stored') rebuilt++;
          io.stdout.write(l.raw + '\n');
        }
        if (rebuilt > 0) io.stderr.write(`(${rebuilt} line(s) rebuilt from the stored fields: their file has rotated away or changed)\n`);
        io.stderr.write(more);
      } else if (values.json) {
        const sources = new SourcePaths(db);
        for (const e of rows) io.stdout.write(JSON.stringify(eventRecord(e, sources.path(e.sourceId))) + '\n');
        io.stderr.write(more);
      } else if (values.csv) {
        const sources = new SourcePaths(db);
        io.stdout.write(eventsCsv(rows, (id) => sources.path(id)));
        io.stderr.write(more);
      } else {
        io.stdout.write(rows.length ? renderTable(COLUMNS, rows, io.stdout.columns ?? 0) : 'No events.\n');
        io.stdout.write(more);
      }
      return EXIT.ok;
    } finally {
      db.close();
    }
  },
};

/** Up to `limit` events, newest first, paging back with the keyset cursor (time, then id). */
export function collectEvents(list: (f: EventFilter) => EventRow[], filter: EventFilter, limit: number, page = PAGE): EventRow[] {
  const rows: EventRow[] = [];
  let cursor: Pick<EventFilter, 'before' | 'beforeId'> = {};
  while (rows.length < limit) {
    const want = Math.min(page, limit - rows.length);
    const got = list({ ...filter, ...cursor, limit: want });
    rows.push(...got);
    if (got.length < want) break;
    const last = got[got.length - 1]!;
    cursor = { before: last.time, beforeId: last.id };
  }
  return rows;
}

/** `404` → status; `4xx` → status class. */
function statusOf(value: string | undefined): Pick<EventFilter, 'status' | 'statusClass'> {
  if (value === undefined) return {};
  const v = value.trim().toLowerCase();
  const cls = /^([2-5])xx$/.exec(v);
  if (cls) return { statusClass: Number(cls[1]) as StatusClass };
  if (/^\d{3}$/.test(v)) return { status: Number(v) };
  throw new UsageError(`--status must be a status such as 404 or a class such as 4xx, not '${value}'`);
}

function nonEmpty<T extends Record<string, string | undefined>>(o: T): Partial<Record<keyof T, string>> {
  const out: Partial<Record<keyof T, string>> = {};
  for (const k of Object.keys(o) as (keyof T)[]) {
    const v = o[k];
    if (v !== undefined && v !== '') out[k] = v;
  }
  return out;
}

/** One event in --json: snake_case, ISO time, absent numbers as null, empty identity fields left out. */
function eventRecord(e: EventRow, source: string): Record<string, unknown> {
  return {
    time: isoTime(e.time), client: e.client, method: e.method, path: e.path, query: e.query, template: e.template,
    status: e.status, bytes: e.bytes >= 0 ? e.bytes : null, latency_ms: e.latencyMs >= 0 ? e.latencyMs : null,
    user_agent: e.userAgent,
    ...nonEmpty({ host: e.host, api: e.api, application: e.application, user: e.user }),
    source, line: e.line, offset: e.offset,
  };
}

/** Source paths by id, each looked up once. */
class SourcePaths {
  private readonly repo: SourcesRepo;
  private readonly cache = new Map<number, string>();

  constructor(db: ConstructorParameters<typeof SourcesRepo>[0]) {
    this.repo = new SourcesRepo(db);
  }

  path(id: number): string {
    let p = this.cache.get(id);
    if (p === undefined) this.cache.set(id, (p = this.repo.source(id)?.path ?? ''));
    return p;
  }
}
