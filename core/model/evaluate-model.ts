/**
 * Rules vs model vs both, per client and per attack type, on a log with ground truth: the numbers behind
 * `api-shield evaluate`. A client counts as flagged by the rules if any rule alert names it (as its key, or
 * in a target alert's list of failing IPs), and by the model if it raises a model alert on it as scan and the
 * engine do (a window at or above the threshold, confirmed for lone failed logins: see ModelAlerter);
 * "combined" is either.
 */
import type { Alert, AlertChange } from '../detect/alert';
import type { DetectionConfig } from '../detect/config';
import { defaultConfig } from '../detect/config';
import { Detector } from '../detect/detector';
import type { AccessEvent } from '../events/event';
import { BENIGN, readTruthFile, type TruthRecord } from './labels';
import { scoresOf } from './metrics';
import type { ForestModel } from './model-file';
import { forEachEvent, type EventSource } from './read-events';
import { ModelAlerter } from '../pipeline/model-alerts';

export interface EvaluateInput extends EventSource {
  truthPath?: string;
  truth?: readonly TruthRecord[];
  model: ForestModel;
  /** Default: the model's own threshold. */
  threshold?: number;
  /** Rule alerts for the same log (e.g. from an earlier scan). Without them the rules run in this pass. */
  alertsFromRules?: readonly Alert[];
  /** Detection settings for that in-pass run (default config); null skips the rules entirely. */
  rulesConfig?: DetectionConfig | null;
  signal?: AbortSignal;
}

export interface DetectionScores {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface TypeScores {
  /** Attacker clients of this type; precision is against all benign clients (one type vs benign). */
  clients: number;
  rules: DetectionScores | null;
  model: DetectionScores;
  combined: DetectionScores | null;
}

export interface EvaluationResult {
  events: number;
  windows: number;
  clients: number;
  attackers: number;
  threshold: number;
  overall: { rules: DetectionScores | null; model: DetectionScores; combined: DetectionScores | null };
  byAttackType: Record<string, TypeScores>;
}

/** (source, line) as one number, for matching alert evidence to events. */
const refKey = (source: number, line: number): number => source * 2 ** 32 + line;

export async function evaluate(input: EvaluateInput): Promise<EvaluationResult> {
  const truth = input.truth ?? (input.truthPath !== undefined ? await readTruthFile(input.truthPath) : null);
  if (!truth) throw new Error('evaluate needs ground truth: give truthPath or truth');
  const threshold = input.threshold ?? input.model.threshold;
  const seen = new Set<string>();
  const byModel = new Set<string>();
  const byRules = new Set<string>();
  const quietGapMs = (input.rulesConfig ?? defaultConfig()).quietGapMs;
  const alerter = new ModelAlerter(input.model, quietGapMs, { threshold });

  const given = input.alertsFromRules;
  // Alerts keyed on something other than an IP name their clients through evidence lines.
  const evidence = new Set<number>();
  if (given) {
    for (const a of given) {
      if (a.category === 'model') continue;
      if (a.keyKind === 'ip') byRules.add(a.key);
      else for (const r of a.evidence) evidence.add(refKey(r.source, r.line));
      // Target alerts (distributed stuffing) name the IPs that failed against the target.
      for (const c of a.clients ?? []) byRules.add(c);
    }
  }
  let current: AccessEvent | null = null;
  const detector =
    given || input.rulesConfig === null
      ? null
      : new Detector(input.rulesConfig ?? defaultConfig(), {
          alert(a: Alert, _change: AlertChange) {
            if (a.category === 'model') return;
            if (a.keyKind === 'ip') byRules.add(a.key);
            // Target alerts name the IPs they hold responsible; other keys: the event being pushed is the one
            // that opened or extended the episode.
            else if (a.clients) for (const c of a.clients) byRules.add(c);
            else if (current) byRules.add(current.client);
          },
        });

  const stats = await forEachEvent(
    input,
    (e) => {
      if (e.client !== '') seen.add(e.client);
      if (evidence.size > 0 && evidence.has(refKey(e.source, e.line))) byRules.add(e.client);
      current = e;
      detector?.push(e);
      alerter.push(e);
    },
    input.signal,
  );
  detector?.finish();
  for (const a of alerter.finish()) byModel.add(a.key);
  const windows = alerter.scorer.windowsScored;

  // Attack type per attacker IP: the one with most requests when an IP took part in several episodes.
  const typeOf = new Map<string, { type: string; requests: number }>();
  for (const r of truth) {
    const cur = typeOf.get(r.ip);
    if (!cur || r.requests > cur.requests) typeOf.set(r.ip, { type: r.attackType, requests: r.requests });
  }
  // Attackers the log never showed still count (as misses), so parse gaps cannot flatter the figures.
  const population = new Set([...seen, ...typeOf.keys()]);
  const hasRules = detector !== null || given !== undefined;
  const tally = (flagged: (c: string) => boolean, type: string | null) => {
    let tp = 0, fp = 0, fn = 0, tn = 0;
    for (const c of population) {
      const t = typeOf.get(c)?.type ?? BENIGN;
      if (t !== BENIGN && type !== null && t !== type) continue;
      const hit = flagged(c);
      if (t !== BENIGN) hit ? tp++ : fn++;
      else hit ? fp++ : tn++;
    }
    const s = scoresOf(tp, fp, fn);
    return { tp, fp, fn, tn, precision: s.precision, recall: s.recall, f1: s.f1 };
  };
  const model = (c: string) => byModel.has(c);
  const rules = (c: string) => byRules.has(c);
  const both = (c: string) => byModel.has(c) || byRules.has(c);
  const score = (type: string | null) => ({
    rules: hasRules ? tally(rules, type) : null,
    model: tally(model, type),
    combined: hasRules ? tally(both, type) : null,
  });

  const byAttackType: Record<string, TypeScores> = {};
  for (const type of [...new Set([...typeOf.values()].map((v) => v.type))].sort()) {
    byAttackType[type] = { clients: [...typeOf.values()].filter((v) => v.type === type).length, ...score(type) };
  }
  return {
    events: stats.events,
    windows,
    clients: population.size,
    attackers: typeOf.size,
    threshold,
    overall: score(null),
    byAttackType,
  };
}
