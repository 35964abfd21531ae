import { evaluate, type DetectionScores } from '@core/model/index';
import { defaultConfig } from '@core/detect/config';
import { parseCommandArgs } from '../args';
import { EXIT, UsageError, type Command } from '../command';
import { loadModelFile, pct } from './model-common';

const usage = `Usage: api-shield evaluate <log file...> --truth <truth.csv> [--model <model.json>] [--json]

Scores the rules, the model and both combined against ground truth, per client: a client is flagged by the
rules when any rule alert names it, by the model when any of its windows scores at or above the model's
threshold. Prints precision, recall and F1 overall and per attack type.

Options:
  --truth <file>     ground-truth CSV (ip,attack_type,first_seen,last_seen,requests)
  --model <file>     model file (default: the shipped default model, resources/default-model.json)
  --threshold <p>    override the model's alert threshold (0..1)
  --format <id>      log format (default: detected)
  --json             {"rules":{precision,recall,f1},"model":{…},"combined":{…},"by_attack_type":{…}}
  -h, --help         this text`;

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'measure rules vs model vs both against ground truth (per-client precision, recall, F1)',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      truth: { type: 'string' },
      model: { type: 'string' },
      threshold: { type: 'string' },
      format: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) return void io.stdout.write(usage + '\n'), EXIT.ok;
    if (positionals.length === 0) throw new UsageError('evaluate needs a log file');
    if (!values.truth) throw new UsageError('--truth <file> is required');
    const model = loadModelFile(values.model ?? defaultModelPath());
    let threshold: number | undefined;
    if (values.threshold !== undefined) {
      threshold = Number(values.threshold);
      if (!(threshold >= 0 && threshold <= 1)) throw new UsageError('--threshold must be between 0 and 1');
    }
    const r = await evaluate({
      logPath: positionals,
      format: values.format as never,
      truthPath: values.truth,
      model,
      threshold,
      rulesConfig: defaultConfig(),
    });
    const brief = (s: DetectionScores | null) => (s ? { precision: s.precision, recall: s.recall, f1: s.f1 } : null);
    if (values.json) {
      const byType = Object.fromEntries(
        Object.entries(r.byAttackType).map(([t, s]) => [t, { clients: s.clients, rules: brief(s.rules), model: brief(s.model), combined: brief(s.combined) }]),
      );
      io.stdout.write(
        JSON.stringify({
          rules: brief(r.overall.rules),
          model: brief(r.overall.model),
          combined: brief(r.overall.combined),
          by_attack_type: byType,
          clients: r.clients,
          attackers: r.attackers,
          threshold: r.threshold,
        }) + '\n',
      );
      return EXIT.ok;
    }
    const row = (name: string, s: DetectionScores | null) =>
      `  ${name.padEnd(32)} ${pct(s?.precision)} ${pct(s?.recall)} ${pct(s?.f1)}`;
    const lines = [
      `${r.clients} clients, ${r.attackers} attackers, model threshold ${r.threshold}.`,
      `  ${''.padEnd(32)} precision recall     F1`,
      row('rules', r.overall.rules),
      row('model', r.overall.model),
      row('rules + model', r.overall.combined),
      'Per attack type (rules / model / combined F1):',
      ...Object.entries(r.byAttackType).map(
        ([t, s]) => `  ${t.padEnd(32)} ${pct(s.rules?.f1)} ${pct(s.model.f1)} ${pct(s.combined?.f1)}  (${s.clients} clients)`,
      ),
    ];
    io.stdout.write(lines.join('\n') + '\n');
    return EXIT.ok;
  },
};

export function defaultModelPath(): string {
  return new URL('../../resources/default-model.json', import.meta.url).pathname;
}
