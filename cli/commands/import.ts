import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCommandArgs } from '../args';
import { EXIT, UsageError, type CliIO, type Command } from '../command';
import { RemoteEngineError } from '../../electron/contract/errors';
import { launchEngine } from '../../electron/engine/launch';
import { ProgressBar } from '../output/progress';
import { DATA_DIR_HELP, dataDirOf, formatOf } from './engine-common';
import { inLogTimeOrder, logFilesOrSay } from './log-inputs';

const usage = `Usage: api-shield import [options] <log file or folder...>

Reads whole log files once into the data directory (events, parse errors, alerts), like 'watch' without
following them. A folder stands for the log files in it, rotated copies included; files are read oldest
log time first, in whatever order they were named. A file already imported (same content) is not counted
twice.

Options:
${DATA_DIR_HELP}
  --format <id>      log format (default: detected per file)
  --json             one JSON result per file on stdout
  -q, --quiet        no progress bar (shown on a terminal only)
  -h, --help         this text

Exit codes: 0 ok, 2 usage error, 3 a file could not be read or its format not recognised, 4 the data
directory is in use by another engine (a running watch, serve or desktop app).`;

export const importCommand: Command = {
  name: 'import',
  summary: 'read log files or folders once into the data directory, oldest first',
  usage,
  async run(args: string[], io: CliIO) {
    const { values, positionals } = parseCommandArgs(args, {
      'data-dir': { type: 'string' },
      format: { type: 'string' },
      json: { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      io.stdout.write(usage + '\n');
      return EXIT.ok;
    }
    if (positionals.length === 0) throw new UsageError('import needs at least one log file');
    if (positionals.includes('-')) throw new UsageError("import reads files; for standard input use 'scan -'");
    const dataDir = dataDirOf(values['data-dir'], io);
    const format = formatOf(values.format);
    const paths = await logFilesOrSay(positionals, format !== undefined, io);
    if (paths === null) return EXIT.input;
    // Detection runs on log time: an older file read after a newer one would break the windows across them.
    const { paths: files, overlap } = await inLogTimeOrder(paths, format);
    if (overlap) {
      io.stderr.write('api-shield: these files overlap in time (the logs of several nodes?): import reads them one after the ' +
        "other, so detection does not see across them; 'scan' reads such files side by side as one timeline\n");
    }
    const client = await launchEngine({ dataDir });
    let code: number = EXIT.ok;
    const showProgress = Boolean(io.stderr.isTTY) && !values.quiet;
    try {
      for (const path of files) {
        const progress = new ProgressBar(io.stderr, `importing ${path}`, showProgress);
        const abs = resolve(path);
        const gz = abs.endsWith('.gz');
        const size = statSync(abs).size;
        // How far the engine got, from its pushed source status (a .gz file's offsets count decompressed bytes).
        const off = client.on('sources', (list) => {
          const s = list.find((x) => x.path === abs);
          if (s) progress.update(gz ? 0 : s.offset, gz ? 0 : size, `${s.lines.toLocaleString('en-US')} lines ${s.rate.toLocaleString('en-US')} lines/s`);
        });
        try {
          const r = await client.request('import.file', { path, format }).finally(() => {
            off();
            progress.done();
          });
          if (values.json) {
            io.stdout.write(JSON.stringify({ path: r.path, format: r.format, lines: r.lines, events: r.events,
              parse_errors: r.parseErrors, alerts: r.alerts, ms: r.ms, watched: r.watched }) + '\n');
          } else if (r.watched) {
            io.stdout.write(`${r.path}: watched; its watch reads it as it grows, nothing imported\n`);
          } else {
            io.stdout.write(`${r.path}: ${r.format ?? (r.lines === 0 ? 'empty' : '?')}  ${r.lines} lines  ${r.events} events  ` +
              `${r.parseErrors} parse errors  ${r.alerts} new alerts  (${r.ms} ms)\n`);
          }
        } catch (err) {
          if (!(err instanceof RemoteEngineError) || !['io-error', 'bad-request'].includes(err.code)) throw err;
          io.stderr.write(`api-shield: ${err.message}\n`);
          code = EXIT.input;
        }
      }
    } finally {
      await client.close();
    }
    return code;
  },
};
