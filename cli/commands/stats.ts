import { parseCommandArgs } from '../args';
import { EXIT, type CliIO, type Command } from '../command';
import { EngineStats } from '../../electron/engine/stats';
import { DirLock } from '../../electron/engine/store/dir-lock';
import { isoTime, utcSeconds } from '../output/alert-records';
import { DATA_DIR_HELP, dataDirOf, openStoreOrSay } from './engine-common';

const usage = `Usage: api-shield stats [options]

Totals of the data directory: stored events and alerts, and per source its path, lines read, parse
errors, resume offset and state, and which process (if any) is writing it now. Only reads, so it is safe
while 'watch' runs.

Options:
${DATA_DIR_HELP}
  --json             {"events":N,"alerts":N,"engine":{"pid","since"}|null,"sources":[{"path",...}]} on stdout
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
      const holder = DirLock.holder(dataDir);
      const engine = holder && { pid: holder.pid, since: isoTime(holder.startedAt) };
      if (values.json) {
        io.stdout.write(JSON.stringify({ events: counts.events, alerts: counts.alerts, engine, sources }) + '\n');
      } else {
        io.stdout.write(`${counts.events.toLocaleString('en-US')} events, ${counts.alerts} alerts in ${dataDir}\n`);
        // Source states are those the last engine left: say whether one is running now.
        io.stdout.write(holder
          ? `  being written by process ${holder.pid} since ${utcSeconds(holder.startedAt)} UTC (a running watch, serve or desktop app)\n`
          : '  no engine is running on it: the states below are those its last run left\n');
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
