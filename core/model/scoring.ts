/**
 * Using a trained model: score one hand-entered sample, or score every window of a live event stream so
 * the engine can attach probabilities to alerts and raise model-only ones.
 */
import type { Action } from '../detect/alert';
import type { AccessEvent } from '../events/event';
import { FEATURE_NAMES } from './features';
import { contributions, predictProba, treeCount, treeLeafValue, type Forest } from './forest';
import type { ForestModel } from './model-file';
import { WindowExtractor, type WindowSample } from './window-extractor';

/**
 * Streaming scores stop after the first PROBE_TREES trees when their mean is under PROBE_FLOOR: nearly every
 * window of ordinary traffic, which then costs a sixth of a full vote. Such a window cannot reach any alert
 * threshold in practice (the other trees would have to average above 0.5 where these gave under 0.02), and
 * its reported probability is that mean. One hand-entered sample (scoreSample) always gets the full vote.
 */
export const PROBE_TREES = 16;
export const PROBE_FLOOR = 0.02;

export function predictProbaEarlyOut(forest: Forest, x: ArrayLike<number>): number {
  const n = treeCount(forest);
  if (n <= 2 * PROBE_TREES) return predictProba(forest, x);
  let sum = 0;
  for (let t = 0; t < PROBE_TREES; t++) sum += treeLeafValue(forest, t, x);
  if (sum < PROBE_FLOOR * PROBE_TREES) return sum / PROBE_TREES;
  for (let t = PROBE_TREES; t < n; t++) sum += treeLeafValue(forest, t, x);
  return sum / n;
}

/** The prototype's ladder: the first rung whose minimum the probability reaches. */
export const ACTION_LADDER: readonly { min: number; action: Action }[] = [
  { min: 0.95, action: 'block-and-revoke' },
  { min: 0.85, action: 'throttle-and-step-up' },
  { min: 0.7, action: 'rate-limit-and-monitor' },
];

export function actionFor(probability: number): Action {
  for (const rung of ACTION_LADDER) if (probability >= rung.min) return rung.action;
  return 'allow';
}

export interface SampleScore {
  probability: number;
  action: Action;
  /** Features the sample did not give; they were scored as 0. */
  missing: string[];
}

export class UnknownFeatureError extends Error {
  override name = 'UnknownFeatureError';
}

/** Scores a sample given by feature name (the UI's hand-entered form). Unknown names are an error. */
export function scoreSample(
  model: ForestModel,
  features: Readonly<Record<string, number>>,
): SampleScore & { drivers: FeatureDriver[] } {
  const names = model.featureNames;
  const index = new Map(names.map((n, j) => [n, j]));
  const x = new Float64Array(names.length);
  for (const [name, v] of Object.entries(features)) {
    const j = index.get(name);
    if (j === undefined) throw new UnknownFeatureError(`unknown feature '${name}'`);
    x[j] = Number.isFinite(v) ? v : 0;
  }
  const missing = names.filter((n) => !(n in features));
  const probability = predictProba(model.forest, x);
  return { probability, action: actionFor(probability), missing, drivers: explainSample(model, x) };
}

/** A feature that pushed a sample's probability up: its value and how much it added (0..1). */
export interface FeatureDriver {
  feature: string;
  value: number;
  contribution: number;
}

/**
 * The features that pushed P(attack) up the most for x (in the model's column order), strongest first;
 * only positive contributions, at most `top`.
 */
export function explainSample(model: ForestModel, x: ArrayLike<number>, top = 5): FeatureDriver[] {
  const out = new Float64Array(model.featureNames.length);
  contributions(model.forest, x, out);
  const order = Array.from(out.keys())
    .filter((j) => out[j]! > 1e-9)
    .sort((a, b) => out[b]! - out[a]! || a - b)
    .slice(0, top);
  return order.map((j) => ({ feature: model.featureNames[j]!, value: round4(x[j]!), contribution: round4(out[j]!) }));
}

const round4 = (v: number): number => Math.round(v * 1e4) / 1e4;

export interface WindowScore extends WindowSample {
  probability: number;
  action: Action;
}

/**
 * Column mapping from the extractor's FEATURE_NAMES to the model's order, so a model saved with the same
 * names in another order (or a subset) still scores correctly; a name the extractor lacks is an error.
 */
function columnMap(model: ForestModel): Int32Array | null {
  const names = model.featureNames;
  if (names.length === FEATURE_NAMES.length && names.every((n, j) => n === FEATURE_NAMES[j])) return null;
  const pos = new Map<string, number>(FEATURE_NAMES.map((n, j) => [n, j]));
  return Int32Array.from(names, (n) => {
    const j = pos.get(n);
    if (j === undefined) throw new UnknownFeatureError(`model feature '${n}' is not computed by this version`);
    return j;
  });
}

export interface WindowScorerOptions {
  /**
   * Windows with fewer requests are neither scored nor reported (default 1: all). Scoring is most of the
   * cost on sparse logs, where most windows hold one or two requests; the model saw all windows in training.
   */
  minRequests?: number;
}

/**
 * Streaming: push events in log order; each closed window comes back scored. The score object (with its
 * `features` and evidence refs) is reused for the next window: copy what you keep.
 */
export class WindowScorer {
  private readonly extractor: WindowExtractor;
  private readonly map: Int32Array | null;
  private readonly buf: Float64Array;
  windowsScored = 0;

  constructor(
    private readonly model: ForestModel,
    onScore: (s: WindowScore) => void,
    opts: WindowScorerOptions = {},
  ) {
    this.map = columnMap(model);
    this.buf = new Float64Array(model.featureNames.length);
    const minRequests = opts.minRequests ?? 1;
    // Scores are computed and passed on at once: one sample object (and one score object) serves every window.
    const out = { probability: 0, action: 'allow' } as WindowScore;
    this.extractor = new WindowExtractor((s) => {
      if (s.requests < minRequests) return;
      const probability = this.score(s.features);
      this.windowsScored++;
      out.client = s.client;
      out.start = s.start;
      out.end = s.end;
      out.requests = s.requests;
      out.features = s.features;
      out.first = s.first;
      out.last = s.last;
      out.probability = probability;
      out.action = actionFor(probability);
      onScore(out);
    }, model.windowMs, true);
  }

  push(e: AccessEvent): void {
    this.extractor.push(e);
  }

  advance(time: number): void {
    this.extractor.advance(time);
  }

  flush(): void {
    this.extractor.flush();
  }

  /** P(attack) of the client's still-open window (-1 if none): lets the engine score a rule alert as it opens. */
  peek(client: string): number {
    const f = this.extractor.openFeatures(client);
    return f ? this.score(f) : -1;
  }

  /** Features of the client's still-open window (null if none), in FEATURE_NAMES order. */
  openFeatures(client: string): number[] | null {
    return this.extractor.openFeatures(client);
  }

  /** The features that drove the score of a window (features in FEATURE_NAMES order, as WindowScore has them). */
  explain(features: readonly number[], top = 5): FeatureDriver[] {
    return explainSample(this.model, this.inModelOrder(features), top);
  }

  private inModelOrder(features: readonly number[]): ArrayLike<number> {
    if (this.map === null) return features;
    for (let j = 0; j < this.map.length; j++) this.buf[j] = features[this.map[j]!]!;
    return this.buf;
  }

  private score(features: readonly number[]): number {
    return predictProbaEarlyOut(this.model.forest, this.inModelOrder(features));
  }
}
