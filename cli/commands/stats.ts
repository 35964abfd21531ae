import { parseCommandArgs } from '../args';
import { EXIT, type CliIO, type Command } from '../command';
import { EngineStats } from '../../electron/engine/stats';
import { DATA_DIR_HELP, dataDirOf, openStoreOrSay } from './engine-common';

const usage = `Usage: api-shield stats [options]

Totals of the data directory: stored events and alerts, and per source its path, lines read, parse
errors, resume offset and state. Only reads, so it is safe while 'watch' runs.

Options:
${DATA_DIR_HELP}
  --json             {"events":N,"alerts":N,"sources":[{"path",...}]} on stdout
  -h, --help         this text`;

export const statsCommand: Command = {
  name: 'stats',
  summary: 'totals and per-source status of the data directory',
  usage,
  async run(args: string[], io: CliIO) {
    const { values } = parseCommandArgs(args, {
      'data-dir': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      io.stdout.write(usage + '\n');
      return EXIT.ok;
    }
    const dataDir = dataDirOf(values['data-dir'], io);
    const db = openStoreOrSay(dataDir, io);
    if (!db) return EXIT.input;
    try {
      const counts = db.prepare('SELECT (SELECT COUNT(*) FROM events) AS events, (SELECT COUNT(*) FROM alerts) AS alerts').get() as {
        events: number;
        alerts: number;
      };
      const sources = new EngineStats(db).sourceStatuses(new Map(), new Set()).map((s) => ({
        path: s.path,
        format: s.format,
        state: s.state,
        last_error: s.lastError,
        lines: s.lines,
        events: s.events,
        parse_errors: s.parseErrors,
        ignored: s.ignored,
        offset: s.offset,
        line: s.line,
        rotations: s.rotations,
      }));
      if (values.json) {
        io.stdout.write(JSON.stringify({ events: counts.events, alerts: counts.alerts, sources }) + '\n');
      } else {
        io.stdout.write(`${counts.events.toLocaleString('en-US')} events, ${counts.alerts} alerts in ${dataDir}\n`);
        for (const s of sources) {
          io.stdout.write(`  ${s.path}  [${s.format ?? '?'}, ${s.state}${s.last_error ? `: ${s.last_error}` : ''}]  ` +
            `${s.lines} lines, ${s.parse_errors} parse errors, offset ${s.offset}\n`);
        }
      }
      return EXIT.ok;
    } finally {
      db.close();
    }
  },
};
