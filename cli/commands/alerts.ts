import { parseCommandArgs, intOption } from '../args';
import { EXIT, UsageError, type CliIO, type Command } from '../command';
import { isoTime } from '../output/alert-records';
import { renderAlertTable } from '../output/alert-table';
import { SEVERITIES, TRIAGE_STATUSES, type Severity, type TriageStatus } from '../../electron/contract/types';
import { openStoreReadOnly } from '../../electron/engine/launch';
import { Interner } from '../../electron/engine/store/interner';
import { Queries } from '../../electron/engine/queries/queries';
import { DATA_DIR_HELP, asAlert, dataDirOf } from './engine-common';

const usage = `Usage: api-shield alerts [options]

Lists the alerts stored in the data directory (by 'watch' or 'import'), most recent first. Safe to run
while 'watch' is running: it only reads.

Options:
${DATA_DIR_HELP}
  --json             JSON Lines on stdout, one alert per line
  --status <list>    comma-separated: ${TRIAGE_STATUSES.join(', ')}
  --severity <list>  comma-separated: ${SEVERITIES.join(', ')}
  --limit <n>        at most n alerts (default 100)
  -h, --help         this text`;

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
  summary: 'list the alerts stored in the data directory',
  usage,
  async run(args: string[], io: CliIO) {
    const { values } = parseCommandArgs(args, {
      'data-dir': { type: 'string' },
      json: { type: 'boolean' },
      status: { type: 'string' },
      severity: { type: 'string' },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      io.stdout.write(usage + '\n');
      return EXIT.ok;
    }
    const dataDir = dataDirOf(values['data-dir'], io);
    const status = listOf<TriageStatus>(values.status, TRIAGE_STATUSES, 'status');
    const severity = listOf<Severity>(values.severity, SEVERITIES, 'severity');
    const limit = intOption(values.limit, 'limit', 100, 1);
    const db = openStoreReadOnly(dataDir);
    if (!db) {
      io.stderr.write(`api-shield: no data in ${dataDir} (run 'watch' or 'import' first)\n`);
      return EXIT.input;
    }
    try {
      const q = new Queries(db, new Interner(db), dataDir);
      const page = collectAlerts((p) => q.alerts.list(p), { status, severity }, limit);
      const more = page.total > page.rows.length ? `(${page.rows.length} of ${page.total} alerts shown; use --limit)\n` : '';
      if (values.json) {
        for (const a of page.rows) {
          io.stdout.write(JSON.stringify({
            uid: a.uid, client: a.key, key_kind: a.keyKind, rule: a.rule, category: a.category, severity: a.severity,
            risk: a.risk, action: a.action, count: a.count, first_seen: isoTime(a.firstSeen), last_seen: isoTime(a.lastSeen),
            reason: a.reason, status: a.status, active: a.active, model_score: a.modelScore >= 0 ? a.modelScore : null,
            // Target alerts: the IPs they name, their block list (as `scan --json` writes it).
            ...(a.keyKind === 'target' ? { clients: a.clients } : {}),
          }) + '\n');
        }
        // JSON Lines stay clean on stdout; the count goes where a person reads it.
        io.stderr.write(more);
      } else {
        io.stdout.write(renderAlertTable(page.rows.map(asAlert), io.stderr.columns ?? 0));
        io.stdout.write(more);
      }
      return EXIT.ok;
    } finally {
      db.close();
    }
  },
};
