/**
 * The whole training run the CLI and the app wrap: events -> window features -> labels (ground truth and/or
 * analyst verdicts) -> split by client -> forest -> metrics on the held-out clients -> model.
 */
import type { Worker } from 'node:worker_threads';
import { clientStrata, DatasetBuilder, describeDataset, subsetByClients, type TrainingSetDescription } from './dataset';
import { evaluateForest, type ModelMetrics } from './evaluation';
import { FEATURE_NAMES, WINDOW_MS } from './features';
import type { ForestOptions } from './forest';
import { combineLabelers, readTruthFile, truthLabeler, verdictLabeler, type Labeler, type TruthRecord, type Verdict } from './labels';
import { MODEL_FORMAT, MODEL_VERSION, type ForestModel } from './model-file';
import { forEachEvent, type EventSource } from './read-events';
import { splitByClient } from './split';
import { resolveForestOptions, trainForest, type TrainProgress } from './train';
import { WindowExtractor } from './window-extractor';

export interface TrainModelOptions extends Partial<ForestOptions> {
  /** Alert threshold on the probability (default 0.5). */
  threshold?: number;
  /** Share of clients held out for the metrics, per attack type (default 0.25; 0 = evaluate on training rows). */
  testFraction?: number;
  /** Seed of the client split (default: the forest seed). */
  splitSeed?: number;
}

export type TrainModelProgress =
  | { phase: 'features'; events: number; windows: number }
  | ({ phase: 'training' } & TrainProgress);

export interface TrainModelInput extends EventSource {
  /** Ground-truth CSV (ip,attack_type,first_seen,last_seen,requests). */
  truthPath?: string;
  truth?: readonly TruthRecord[];
  /** Analyst verdicts; they take precedence over ground truth where both speak. */
  verdicts?: readonly Verdict[];
  /** With verdicts only: windows no verdict covers are left out (default) or taken as benign. */
  unlabeled?: 'skip' | 'benign';
  options?: TrainModelOptions;
  onProgress?: (p: TrainModelProgress) => void;
  signal?: AbortSignal;
  /** Starts a bundled train-worker; without it training runs on this thread. */
  createWorker?: () => Worker;
  workers?: number;
  /** Stored in the model only when given, so default models stay reproducible. */
  trainedAt?: string;
}

export interface TrainReport {
  events: number;
  windows: number;
  featureSeconds: number;
  trainingSeconds: number;
  evaluationSeconds: number;
  metrics: ModelMetrics;
  trainingSet: TrainingSetDescription;
}

async function buildLabeler(input: TrainModelInput): Promise<Labeler> {
  const labelers: Labeler[] = [];
  if (input.verdicts && input.verdicts.length > 0) {
    const hasTruth = input.truthPath !== undefined || input.truth !== undefined;
    // With ground truth behind them, uncovered windows fall through to it.
    labelers.push(verdictLabeler(input.verdicts, { unlabeled: hasTruth ? 'skip' : input.unlabeled }));
  }
  const truth = input.truth ?? (input.truthPath !== undefined ? await readTruthFile(input.truthPath) : undefined);
  if (truth) labelers.push(truthLabeler(truth));
  if (labelers.length === 0) throw new Error('no labels: give a ground-truth file or analyst verdicts');
  return combineLabelers(...labelers);
}

const PROGRESS_EVERY = 1 << 18;

export async function trainModel(input: TrainModelInput): Promise<{ model: ForestModel; report: TrainReport }> {
  const opts = input.options ?? {};
  const threshold = opts.threshold ?? 0.5;
  const labeler = await buildLabeler(input);
  const t0 = performance.now();
  const builder = new DatasetBuilder(labeler);
  let windows = 0;
  const extractor = new WindowExtractor((s) => {
    windows++;
    builder.add(s);
  }, WINDOW_MS);
  let events = 0;
  await forEachEvent(
    input,
    (e) => {
      extractor.push(e);
      if (++events % PROGRESS_EVERY === 0) input.onProgress?.({ phase: 'features', events, windows });
    },
    input.signal,
  );
  extractor.flush();
  input.onProgress?.({ phase: 'features', events, windows });
  const all = builder.build();
  if (all.matrix.rows === 0) throw new Error('no labeled windows to train on');

  const forestOptions = pickForestOptions(resolveForestOptions(opts));
  const testFraction = opts.testFraction ?? 0.25;
  const split = splitByClient(clientStrata(all), testFraction, opts.splitSeed ?? forestOptions.seed);
  const train = subsetByClients(all, split.train);
  const heldOut = split.test.size > 0;
  const test = heldOut ? subsetByClients(all, split.test) : train;
  const t1 = performance.now();

  const { forest, importance, options } = await trainForest(train.matrix, train.labels, forestOptions, {
    signal: input.signal,
    createWorker: input.createWorker,
    workers: input.workers,
    onProgress: (p) => input.onProgress?.({ phase: 'training', ...p }),
  });
  const t2 = performance.now();
  const metrics = evaluateForest(forest, test, {
    threshold,
    featureNames: FEATURE_NAMES,
    importance,
    evaluatedOn: heldOut ? 'test' : 'train',
  });
  const trainingSet = describeDataset(all, split, builder.unlabeled);
  const t3 = performance.now();

  const model: ForestModel = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    featureNames: [...FEATURE_NAMES],
    threshold,
    windowMs: WINDOW_MS,
    options,
    forest,
    metrics,
    trainingSet,
    ...(input.trainedAt !== undefined ? { trainedAt: input.trainedAt } : {}),
  };
  const report: TrainReport = {
    events,
    windows,
    featureSeconds: (t1 - t0) / 1000,
    trainingSeconds: (t2 - t1) / 1000,
    evaluationSeconds: (t3 - t2) / 1000,
    metrics,
    trainingSet,
  };
  return { model, report };
}

/** Only forest settings reach the trainer and the file (opts also carries the pipeline's own keys). */
function pickForestOptions(o: ForestOptions): ForestOptions {
  const { nTrees, maxDepth, minSamplesLeaf, mtry, maxBins, seed } = o;
  return { nTrees, maxDepth, minSamplesLeaf, mtry, maxBins, seed };
}
