import { generateToFiles } from '@core/generate/write-files';
import { GENERATE_FORMATS, parseAttackMix, type GenerateFormat } from '@core/generate/index';
import { intOption, parseCommandArgs } from '../args';
import { EXIT, UsageError, type Command } from '../command';
import { ProgressBar } from '../output/progress';

// One list with the generator's: a format added there is offered here.
const FORMATS = GENERATE_FORMATS;
type GenFormat = GenerateFormat;

const usage = `Usage: api-shield generate --out <file> [options]

Writes a reproducible synthetic gateway log with injected, labelled attacks, and a ground-truth CSV
(ip,attack_type,first_seen,last_seen,requests) beside it: demo.log -> demo.truth.csv.

Options:
  --out <file>       log file to write (required)
  --truth <file>     ground-truth CSV (default: <out without extension>.truth.csv)
  --lines <n>        exact number of log lines (default 100000)
  --seed <n>         PRNG seed; the same seed and options give byte-identical files (default 1)
  --format <id>      ${FORMATS.join(' | ')} (default combined)
  --start <iso>      time of the first line (default 2024-06-03T00:00:00Z)
  --attacks <mix>    'default' (one episode per attack type per 20k lines), 'none', or counts such as
                     'burst=3,endpoint_scan=1,credential_stuffing_distributed=2'
  --clients <n>      benign client identities (default lines/250, 200..20000)
  -q, --quiet        no progress bar and no summary
  -h, --help         this text`;

export const generateCommand: Command = {
  name: 'generate',
  summary: 'write a synthetic log with labelled attacks and its ground-truth CSV',
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      out: { type: 'string' },
      truth: { type: 'string' },
      lines: { type: 'string' },
      seed: { type: 'string' },
      format: { type: 'string' },
      start: { type: 'string' },
      attacks: { type: 'string' },
      clients: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      io.stdout.write(usage + '\n');
      return EXIT.ok;
    }
    if (!values.out) throw new UsageError('--out <file> is required');
    const format = (values.format ?? 'combined') as GenFormat;
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    const lines = intOption(values.lines, 'lines', 100_000, 1);
    const seed = intOption(values.seed, 'seed', 1);
    let start: number | undefined;
    if (values.start) {
      start = Date.parse(values.start);
      if (Number.isNaN(start)) throw new UsageError(`--start '${values.start}' is not an ISO-8601 time`);
    }
    let attacks;
    try {
      attacks = values.attacks ? parseAttackMix(values.attacks, lines) : undefined;
    } catch (err) {
      throw new UsageError(`--attacks: ${(err as Error).message}`);
    }
    const clients = values.clients ? intOption(values.clients, 'clients', 0, 8) : undefined;
    const progress = new ProgressBar(io.stderr, 'generating', Boolean(io.stderr.isTTY) && !values.quiet);
    const t0 = performance.now();
    const summary = await generateToFiles({
      out: values.out,
      truthOut: values.truth,
      lines,
      seed,
      format,
      start,
      attacks,
      clients,
      onProgress: (done: number) => progress.update(done, lines),
    });
    progress.done();
    const secs = (performance.now() - t0) / 1000;
    if (!values.quiet) {
      io.stderr.write(`Wrote ${lines.toLocaleString('en-US')} lines to ${values.out} in ${secs.toFixed(2)} s.\n`);
      const span = `${new Date(summary.firstTime).toISOString()} .. ${new Date(summary.lastTime).toISOString()}`;
      const attackers = Object.entries(summary.attackersByType).map(([t, n]) => `${t} ${n}`).join(', ');
      io.stderr.write(`Clients ${summary.activeClients} benign active; attackers: ${attackers}.\nLog time ${span}.\n`);
      io.stderr.write(`Ground truth: ${summary.truth.length} rows in ${summary.truthOut}.\n`);
    }
    return EXIT.ok;
  },
};

