import { parseCommandArgs } from '../args';
import { EXIT, UsageError, type CliIO, type Command } from '../command';
import { isoTime } from '../output/alert-records';
import { storedAlertRecord } from '../output/stored-alerts';
import { RemoteEngineError } from '../../electron/contract/errors';
import type { AlertRow, EngineCounters, SourceStatus } from '../../electron/contract/types';
import { launchEngine } from '../../electron/engine/launch';
import { DATA_DIR_HELP, dataDirOf, ENGINE_RUN_OPTIONS, formatOf, RETENTION_HELP, retentionOf } from './engine-common';

const usage = `Usage: api-shield watch [options] <file|folder|dir/*.log ...>

Tails access logs as they grow (rotation, truncation and restarts included), detects attacks live and
stores events and alerts in the data directory. Runs until Ctrl-C (SIGINT) or SIGTERM. New alerts are
printed to stdout as they open; a status line goes to stderr.

Options:
${DATA_DIR_HELP}
  --format <id>      log format for every path (default: detected per file)
${RETENTION_HELP}
  --json             alerts as JSON Lines on stdout (the record 'alerts --json' writes)
  -q, --quiet        no status line
  -h, --help         this text

Watches are remembered: a later 'watch' on the same data directory resumes them where it stopped.
One engine at a time writes a data directory: while this runs, 'import', 'serve' or a second 'watch'
on it exit with code 4 ('alerts', 'events' and 'stats' only read, and work alongside).`;

function statusLine(c: EngineCounters, sources: SourceStatus[]): string {
  const bad = sources.filter((s) => s.state === 'error' || s.state === 'unknown-format' || s.state === 'missing');
  const problems = bad.length ? `  ${bad.length} source(s) need attention: ${bad.map((s) => `${s.path} (${s.lastError ?? s.state})`).join(', ')}` : '';
  return `${c.lines.toLocaleString('en-US')} lines  ${c.events.toLocaleString('en-US')} events  ${c.alerts} alerts  ` +
    `${c.parseErrors} parse errors  ${c.linesPerSecond.toLocaleString('en-US')} lines/s${problems}`;
}

function alertLine(a: AlertRow, json: boolean): string {
  // The record `alerts --json` writes: a pipeline reads both the same way (a target alert's IPs included).
  if (json) return JSON.stringify(storedAlertRecord(a));
  return `${isoTime(a.firstSeen)}  ${a.severity.toUpperCase().padEnd(8)} ${a.key}  ${a.rule}  ${a.reason}`;
}

/** Resolves on the first SIGINT/SIGTERM. */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string) => () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(sig);
    };
    const onInt = on('SIGINT');
    const onTerm = on('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}

export const watchCommand: Command = {
  name: 'watch',
  summary: 'tail logs live into the data directory and print alerts as they open',
  usage,
  run: (args, io) => runWatch(args, io, untilSignal),
};

/** `stopWhen` resolves to the reason to stop (a signal name); injectable so tests need not signal the runner. */
export async function runWatch(args: string[], io: CliIO, stopWhen: () => Promise<string>): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...ENGINE_RUN_OPTIONS, json: { type: 'boolean' } });
  if (values.help) {
    io.stdout.write(usage + '\n');
    return EXIT.ok;
  }
  const dataDir = dataDirOf(values['data-dir'], io);
  const format = formatOf(values.format);
  const signal = stopWhen();
  const retention = retentionOf(values['keep-days'], values['max-db-mb']);
  const client = await launchEngine({ dataDir, retention });
  try {
    for (const spec of positionals) {
      try {
        await client.request('sources.add', { spec, format });
      } catch (err) {
        if (err instanceof RemoteEngineError && err.code === 'bad-request') throw new UsageError(err.message);
        throw err;
      }
    }
    const watches = await client.request('sources.watches', {});
    if (watches.length === 0) throw new UsageError('nothing to watch: give at least one path');
    io.stderr.write(`watching ${watches.map((w) => w.spec).join(', ')} → ${dataDir}\n`);

    let sources: SourceStatus[] = await client.request('sources.list', {});
    let lastPrinted = 0;
    const tty = Boolean(io.stderr.isTTY);
    client.on('sources', (s) => (sources = s));
    client.on('alerts', (a) => {
      for (const row of a.opened) io.stdout.write(alertLine(row, Boolean(values.json)) + '\n');
    });
    client.on('counters', (c) => {
      if (values.quiet) return;
      const now = Date.now();
      if (tty) io.stderr.write(`\r\x1b[K${statusLine(c, sources)}`);
      else if (now - lastPrinted >= 10_000) io.stderr.write(statusLine(c, sources) + '\n');
      lastPrinted = now;
    });
    const sig = await signal;
    if (tty && !values.quiet) io.stderr.write('\n');
    const status = await client.request('engine.status', {});
    if (!values.quiet) io.stderr.write(`${sig}: stopping. ${statusLine(status.counters, sources)}\n`);
    return EXIT.ok;
  } finally {
    await client.close();
  }
}
