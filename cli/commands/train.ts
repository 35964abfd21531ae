import { writeFileSync } from 'node:fs';
import { serializeModel, trainModel, type TrainModelProgress } from '@core/model/index';
import { intOption, parseCommandArgs } from '../args';
import { EXIT, UsageError, type Command } from '../command';
import { ProgressBar } from '../output/progress';
import { pct, trainWorkerFactory } from './model-common';

const usage = `Usage: api-shield train <log file...> --truth <truth.csv> --out <model.json> [options]

Trains the RandomForest on (client, 10 s window) samples labelled from ground truth (never from rule
output), holds out a quarter of the clients (split by client, stratified by attack type) and prints the
metrics measured on them. The model file is deterministic for a given input and seed.

Options:
  --truth <file>     ground-truth CSV: ip,attack_type,first_seen,last_seen,requests (as 'generate' writes)
  --out <file>       model file to write (JSON)
  --format <id>      log format (default: detected)
  --trees <n>        number of trees (default 100)
  --depth <n>        maximum depth (default 20)
  --seed <n>         forest and split seed (default 1)
  --workers <n>      training threads (default 2)
  --json             print the full metrics report as JSON on stdout
  -q, --quiet        no progress bar
  -h, --help         this text`;

export const trainCommand: Command = {
  name: 'train',
  summary: 'train the RandomForest from a log and its ground truth; prints held-out metrics',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      truth: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      trees: { type: 'string' },
      depth: { type: 'string' },
      seed: { type: 'string' },
      workers: { type: 'string' },
      json: { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) return void io.stdout.write(usage + '\n'), EXIT.ok;
    if (positionals.length === 0) throw new UsageError('train needs a log file');
    if (!values.truth) throw new UsageError('--truth <file> is required (labels never come from rule output)');
    if (!values.out) throw new UsageError('--out <model.json> is required');
    const progress = new ProgressBar(io.stderr, 'training', Boolean(io.stderr.isTTY) && !values.quiet);
    const onProgress = (p: TrainModelProgress) => {
      if (p.phase === 'features') progress.update(0, 1, `${p.events.toLocaleString('en-US')} events, ${p.windows.toLocaleString('en-US')} windows`);
      else progress.update(p.treesDone, p.treesTotal, `${p.treesDone}/${p.treesTotal} trees`);
    };
    const { model, report } = await trainModel({
      logPath: positionals,
      format: values.format as never,
      truthPath: values.truth,
      options: {
        nTrees: intOption(values.trees, 'trees', 100, 1),
        maxDepth: intOption(values.depth, 'depth', 20, 1),
        seed: intOption(values.seed, 'seed', 1),
      },
      workers: intOption(values.workers, 'workers', 2, 1),
      createWorker: trainWorkerFactory(),
      onProgress,
    });
    progress.done();
    writeFileSync(values.out, serializeModel(model));
    const m = report.metrics;
    if (values.json) io.stdout.write(JSON.stringify(report, null, 2) + '\n');
    else {
      io.stdout.write(
        [
          `Trained on ${report.events.toLocaleString('en-US')} events, ${report.windows.toLocaleString('en-US')} windows ` +
            `(${report.featureSeconds.toFixed(1)} s features, ${report.trainingSeconds.toFixed(1)} s training).`,
          `Held-out ${m.evaluatedOn} clients at threshold ${m.threshold}:`,
          `  windows: precision ${pct(m.windows.attack.precision)} recall ${pct(m.windows.attack.recall)} F1 ${pct(m.windows.attack.f1)}`,
          `  clients: precision ${pct(m.clients.attack.precision)} recall ${pct(m.clients.attack.recall)} F1 ${pct(m.clients.attack.f1)}`,
          `  ROC-AUC ${m.rocAuc?.toFixed(4) ?? 'n/a'}, average precision ${m.averagePrecision?.toFixed(4) ?? 'n/a'}`,
          `  top features: ${m.featureImportance.slice(0, 5).map((f) => `${f.feature} ${(f.importance * 100).toFixed(1)}%`).join(', ')}`,
          `Model written to ${values.out}.`,
        ].join('\n') + '\n',
      );
    }
    return EXIT.ok;
  },
};
