import { alertsCsv } from '@core/report/alerts-csv';
import { MitigationSet } from '@core/report/mitigations';
import { EXPORT_HELP, exportOption, intOption, logTimeRange, parseCommandArgs } from '../args';
import { EXIT, UsageError, type CliIO, type Command } from '../command';
import { alertDetailRecord, renderAlertDetail, renderStoredAlerts, storedAlertRecord } from '../output/stored-alerts';
import { SEVERITIES, TRIAGE_STATUSES, type Severity, type TriageStatus } from '../../electron/contract/types';
import type { EngineError } from '../../electron/contract/errors';
import { Interner } from '../../electron/engine/store/interner';
import { Queries } from '../../electron/engine/queries/queries';
import { DATA_DIR_HELP, dataDirOf, openStoreOrSay } from './engine-common';
import { exportNote } from '../output/export-note';
import { defaultConfig } from '@core/detect/config';

const usage = `Usage: api-shield alerts [options]

Lists the alerts stored in the data directory (by 'watch' or 'import'), most recent first. Safe to run
while 'watch' is running: it only reads.

Options:
${DATA_DIR_HELP}
  --json             JSON Lines on stdout, one alert per line
  --csv              CSV on stdout with a header row (the Alerts page's export columns)
${EXPORT_HELP}
  --status <list>    comma-separated: ${TRIAGE_STATUSES.join(', ')}
  --severity <list>  comma-separated: ${SEVERITIES.join(', ')}
  --rule <list>      comma-separated rule ids (burst, scan, distributed-stuffing, model, ...)
  --key <value>      alerts on this key only: a client IP, application, user, or target (endpoint:POST /login)
  --text <s>         alerts whose key, rule or reason contains s
  --since <time>     alerts active at or after this log time (ISO-8601, e.g. 2024-06-03T14:00Z; UTC if no zone)
  --until <time>     alerts active before this log time
  --show <uid>       one alert in full: its reason, the IPs it names, its triage history and notes, and the
                     log lines of its evidence (read back from the files); with --json, one object
  --limit <n>        at most n alerts (default: 100 in the table; every match with --json, --csv or --export)
  -h, --help         this text

Example: the addresses of every high or critical alert still open, as an nginx include file:
  api-shield alerts --status open --severity high,critical --export nginx-deny > /etc/nginx/api-shield-deny.conf`;

function listOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const i of items) if (!(allowed as readonly string[]).includes(i)) throw new UsageError(`--${flag}: unknown value '${i}'`);
  return items as T[];
}

type AlertList = Queries['alerts']['list'];

/**
 * Up to `limit` alerts, most recent first, in pages (the query answers at most 1,000 at a time), and how many
 * match in all.
 */
export function collectAlerts(list: AlertList, filter: Parameters<AlertList>[0]['filter'], limit: number, pageSize = 1000) {
  const rows: ReturnType<AlertList>['rows'] = [];
  let total = 0;
  while (rows.length < limit) {
    const page = list({ filter, limit: Math.min(pageSize, limit - rows.length), offset: rows.length });
    total = page.total;
    rows.push(...page.rows);
    if (page.rows.length === 0 || rows.length >= total) break;
  }
  return { rows, total };
}

export const alertsCommand: Command = {
  name: 'alerts',
  summary: 'list, show (--show UID) and export (--export) the alerts stored in the data directory',
  usage,
  async run(args: string[], io: CliIO) {
    const { values } = parseCommandArgs(args, {
      'data-dir': { type: 'string' },
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
      export: { type: 'string' },
      status: { type: 'string' },
      severity: { type: 'string' },
      rule: { type: 'string' },
      key: { type: 'string' },
      text: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      limit: { type: 'string' },
      show: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      io.stdout.write(usage + '\n');
      return EXIT.ok;
    }
    const dataDir = dataDirOf(values['data-dir'], io);
    const status = listOf<TriageStatus>(values.status, TRIAGE_STATUSES, 'status');
    const severity = listOf<Severity>(values.severity, SEVERITIES, 'severity');
    if (values.json && values.csv) throw new UsageError('--json and --csv are exclusive');
    const exportKind = exportOption(values.export, { json: values.json, csv: values.csv });
    const rule = listOf(values.rule, [...Object.keys(defaultConfig().rules), 'model'], 'rule');
    const { since, until } = logTimeRange(values.since, values.until);
    const range = since === undefined && until === undefined ? undefined : { from: since ?? 0, to: until ?? Number.MAX_SAFE_INTEGER };
    const show = values.show === undefined ? undefined : intOption(values.show, 'show', 0, 1);
    if (show !== undefined && (values.csv || exportKind)) throw new UsageError('--show takes --json or nothing');
    const machine = values.json || values.csv || exportKind !== undefined;
    const limit = intOption(values.limit, 'limit', machine ? Number.MAX_SAFE_INTEGER : 100, 1);
    const db = openStoreOrSay(dataDir, io);
    if (!db) return EXIT.input;
    try {
      const q = new Queries(db, new Interner(db), dataDir);
      if (show !== undefined) {
        let detail;
        try {
          detail = await q.alerts.detail(show);
        } catch (err) {
          if ((err as EngineError).code !== 'not-found') throw err;
          io.stderr.write(`api-shield: no alert ${show} in ${dataDir}\n`);
          return EXIT.input;
        }
        io.stdout.write(values.json ? JSON.stringify(alertDetailRecord(detail)) + '\n' : renderAlertDetail(detail));
        return EXIT.ok;
      }
      const filter = { status, severity, rule, key: values.key, text: values.text, range };
      const page = collectAlerts((p) => q.alerts.list(p), filter, limit);
      const more = page.total > page.rows.length ? `(${page.rows.length} of ${page.total} alerts shown; use --limit)\n` : '';
      if (exportKind) {
        const set = new MitigationSet();
        for (const a of page.rows) set.add(a);
        const out = set.render(exportKind, Date.now());
        io.stdout.write(out.text);
        io.stderr.write(exportNote(exportKind, out.entries, set.alerts) + more);
      } else if (values.csv) {
        io.stdout.write(alertsCsv(page.rows));
        io.stderr.write(more);
      } else if (values.json) {
        for (const a of page.rows) io.stdout.write(JSON.stringify(storedAlertRecord(a)) + '\n');
        // JSON Lines stay clean on stdout; the count goes where a person reads it.
        io.stderr.write(more);
      } else {
        io.stdout.write(renderStoredAlerts(page.rows, io.stdout.columns ?? 0));
        if (page.rows.length) io.stdout.write("(api-shield alerts --show UID: one alert in full, with its log lines)\n");
        io.stdout.write(more);
      }
      return EXIT.ok;
    } finally {
      db.close();
    }
  },
};
