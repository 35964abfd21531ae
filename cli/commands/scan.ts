import { readFileSync, writeFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Alert, AlertChange, Severity } from '@core/detect/alert';
import { atLeast, SEVERITIES } from '@core/detect/risk';
import { defaultConfig, mergeConfig, type DetectionConfig } from '@core/detect/config';
import type { FormatId } from '@core/parse/parser';
import { FORMATS } from '@core/parse/index';
import { FormatUnknownError, scanFiles, STDIN_PATH } from '@core/pipeline/scan-files';
import { EXPORT_HELP, exportOption, logTimeRange, parseCommandArgs } from '../args';
import { MitigationSet } from '@core/report/mitigations';
import { EXIT, UsageError, type CliIO, type Command } from '../command';
import { csvHeader, csvRow, toRecord } from '../output/alert-records';
import { renderAlertTable, sortAlerts, TopAlerts } from '../output/alert-table';
import { ProgressBar } from '../output/progress';
import { renderSummary } from '../output/summary';
import { exportNote } from '../output/export-note';
import { defaultModelPath } from './evaluate';
import { loadModelFile } from './model-common';
import { logFilesOrSay } from './log-inputs';

/** The table shows at most this many alerts, the most severe first (a terminal is no place for thousands). */
const TABLE_ROWS = 500;

const usage = `Usage: api-shield scan [options] <log file or folder...>

Reads access logs (plain or .gz; a folder stands for the log files in it, rotated copies included;
- reads standard input, e.g. kubectl logs deploy/gateway | api-shield scan -), detects attacks and
prints one alert per (client, rule) episode. Files are read oldest log time first, in whatever order
they were named. Summary and progress go to stderr.

Options:
  --format <id>      log format (default: detected from the first lines): ${FORMATS.map((f) => f.id).join(', ')}
  --json             JSON Lines on stdout, one alert per line, as each episode ends
  --csv              CSV on stdout with a header row, likewise
                     (the default table shows the ${TABLE_ROWS} most severe alerts)
${EXPORT_HELP}
  --config <file>    JSON file overriding detection thresholds, windows and rule switches
  --allow <list>     comma-separated IPs/CIDRs never to alert on
  --model <file>     also score every (client, 10 s window) with a RandomForest model file ('default' for
                     the shipped one): rule alerts carry its probability, flagged windows become 'model' alerts
  --since <time>     only events at or after this log time (ISO-8601, e.g. 2024-06-03T14:00Z; UTC if no zone)
  --until <time>     only events before this log time
  --min-severity <s> print, export (and fail on) only alerts of this severity or worse: low, medium, high,
                     critical; the summary still counts every alert
  --stats <file>     also write the run summary as JSON
  --fail-on-alert    exit 1 when any alert was raised (at or above --min-severity)
  -q, --quiet        no progress bar and no summary
  -h, --help         this text

Exit codes: 0 ok, 1 alerts found (only with --fail-on-alert), 2 usage or config error, 3 unreadable input.`;

export const scanCommand: Command = {
  name: 'scan',
  summary: 'detect attacks in log files or folders: alerts as a table, --json or --csv, or a block list with --export',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      format: { type: 'string' },
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
      config: { type: 'string' },
      allow: { type: 'string' },
      stats: { type: 'string' },
      model: { type: 'string' },
      'fail-on-alert': { type: 'boolean' },
      'min-severity': { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      export: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      io.stdout.write(usage + '\n');
      return EXIT.ok;
    }
    if (positionals.length === 0) throw new UsageError('scan needs at least one log file');
    if (values.json && values.csv) throw new UsageError('--json and --csv are exclusive');
    const format = values.format as FormatId | undefined;
    if (format && !FORMATS.some((f) => f.id === format)) {
      throw new UsageError(`unknown --format '${format}'; one of: ${FORMATS.map((f) => f.id).join(', ')}`);
    }
    if (positionals.filter((p) => p === STDIN_PATH).length > 1) throw new UsageError('- (standard input) can be given once');
    const paths = await logFilesOrSay(positionals, format !== undefined, io);
    if (paths === null) return EXIT.input;
    const floor = (values['min-severity'] ?? 'low') as Severity;
    if (!SEVERITIES.includes(floor)) throw new UsageError(`--min-severity must be one of ${SEVERITIES.join(', ')}`);
    const { since, until } = logTimeRange(values.since, values.until);
    const exportKind = exportOption(values.export, { json: values.json, csv: values.csv });
    const config = loadConfig(values.config, values.allow);
    const model = values.model ? loadModelFile(values.model === 'default' ? defaultModelPath() : values.model) : undefined;

    const progress = new ProgressBar(io.stderr, 'scanning', Boolean(io.stderr.isTTY) && !values.quiet);
    const multi = paths.length > 1;
    // JSON and CSV stream each alert as its episode closes, so memory does not grow with the alert count and
    // a pipe sees alerts while a big file is still being read; the table keeps only the most severe alerts.
    // With a model, rule alerts get its probability only at the end: those outputs wait for it.
    const stream = !model && (values.json || values.csv);
    const top = new TopAlerts(TABLE_ROWS);
    // An export needs each alert's addresses only: gathered as episodes close, not kept.
    const mitigation = exportKind ? new MitigationSet() : null;
    if (stream && values.csv) io.stdout.write(csvHeader() + '\n');
    let shownCount = 0;
    const onAlert = (a: Alert, change: AlertChange) => {
      if (change !== 'closed' || !atLeast(a.severity, floor)) return;
      shownCount++;
      if (mitigation) {
        if (!model) mitigation.add(a);
      } else if (!stream) top.add(a);
      else io.stdout.write((values.json ? JSON.stringify(toRecord(a, multi)) : csvRow(toRecord(a, multi))) + '\n');
    };
    let result;
    try {
      result = await scanFiles({
        paths,
        stdin: io.stdin as Readable | undefined,
        since,
        until,
        format,
        config,
        model,
        keepAlerts: false,
        onAlert,
        onProgress: (done, total) => progress.update(done, total),
      });
    } catch (err) {
      progress.done();
      if (err instanceof FormatUnknownError || (err as NodeJS.ErrnoException).code?.startsWith('E')) {
        io.stderr.write(`api-shield: ${(err as Error).message}\n`);
        return EXIT.input;
      }
      throw err;
    }
    progress.done();

    // With a model, rule alerts get their final severity only now: they are filtered here.
    const total = model ? result.alerts.filter((a) => atLeast(a.severity, floor)).length : shownCount;
    let exported = '';
    if (mitigation) {
      if (model) for (const a of result.alerts) if (atLeast(a.severity, floor)) mitigation.add(a);
      const out = mitigation.render(exportKind!, Date.now());
      io.stdout.write(out.text);
      exported = exportNote(exportKind!, out.entries, mitigation.alerts);
    } else if (!stream) {
      const alerts = model ? sortAlerts(result.alerts.filter((a) => atLeast(a.severity, floor))) : top.sorted();
      if (values.json) {
        for (const a of alerts) io.stdout.write(JSON.stringify(toRecord(a, multi)) + '\n');
      } else if (values.csv) {
        io.stdout.write(csvHeader() + '\n');
        for (const a of alerts) io.stdout.write(csvRow(toRecord(a, multi)) + '\n');
      } else {
        const shown = alerts.slice(0, TABLE_ROWS);
        io.stdout.write(renderAlertTable(shown, io.stdout.columns ?? 0));
        if (total > shown.length) {
          io.stdout.write(`… ${shown.length} most severe of ${total.toLocaleString('en-US')} alerts shown; --json or --csv lists them all\n`);
        }
      }
    }
    if (!values.quiet) {
      if (result.readOrder.some((p, i) => p !== paths[i])) {
        io.stderr.write(`Read in log-time order, oldest first: ${result.readOrder.join(', ')}\n`);
      }
      io.stderr.write(renderSummary(result.stats));
      if (floor !== 'low') io.stderr.write(`Shown: ${total.toLocaleString('en-US')} alerts of severity ${floor} or worse.\n`);
      io.stderr.write(exported);
    }
    if (values.stats) writeFileSync(values.stats, JSON.stringify(result.stats, null, 2) + '\n');
    return values['fail-on-alert'] && total > 0 ? EXIT.alerts : EXIT.ok;
  },
};

function loadConfig(path: string | undefined, allow: string | undefined): DetectionConfig {
  let overrides: Record<string, unknown> = {};
  if (path) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new UsageError(`--config ${path}: ${(err as Error).message}`);
    }
    try {
      overrides = JSON.parse(text);
    } catch (err) {
      throw new UsageError(`--config ${path}: not valid JSON (${(err as Error).message})`);
    }
  }
  const { config, errors } = mergeConfig(defaultConfig(), overrides);
  if (errors.length) throw new UsageError(`--config ${path}:\n  ${errors.join('\n  ')}`);
  if (allow) addAllow(config, allow.split(',').map((s) => s.trim()).filter(Boolean));
  return config;
}

function addAllow(config: DetectionConfig, values: string[]): void {
  const cfg = config as unknown as { allowlist?: { ips?: string[] } };
  if (!cfg.allowlist) throw new UsageError('this build has no allowlist support');
  cfg.allowlist.ips = [...(cfg.allowlist.ips ?? []), ...values];
}

export type { CliIO };
