/**
 * The shipped default model, rebuilt from a fixed recipe: generated traffic of several log formats (laid
 * end to end in time), labeled by the generator's ground truth. Everything is seeded and no timestamp is
 * stored, so `serializeModel(await trainDefaultModel())` gives the same bytes on every machine.
 */
import type { Worker } from 'node:worker_threads';
import type { AccessEvent } from '../events/event';
import { TrafficGenerator, generateTraffic, type GenerateFormat } from '../generate/index';
import { createParser } from '../parse/index';
import type { ParseSink } from '../parse/parser';
import type { TruthRecord } from './labels';
import type { ForestModel } from './model-file';
import { trainModel, type TrainModelOptions, type TrainModelProgress, type TrainReport } from './train-model';

export interface GeneratedPart {
  format: GenerateFormat;
  lines: number;
  seed: number;
}

export interface ModelRecipe {
  parts: GeneratedPart[];
  /** Start of the first part (ms); each next part starts an hour after the previous one ends. */
  start: number;
  options: TrainModelOptions;
}

export const DEFAULT_MODEL_RECIPE: ModelRecipe = {
  parts: [
    { format: 'combined', lines: 300_000, seed: 101 },
    { format: 'wso2-access', lines: 150_000, seed: 102 },
    { format: 'wso2-metrics', lines: 150_000, seed: 103 },
  ],
  start: Date.UTC(2024, 5, 3),
  options: { nTrees: 100, maxDepth: 20, minSamplesLeaf: 1, seed: 1, threshold: 0.5, testFraction: 0.25 },
};

const GAP_MS = 3_600_000;
const CHUNK_LINES = 8192;

/** Ground truth and start time of each part: a dry run of the (deterministic) generator. */
function planParts(recipe: ModelRecipe): { starts: number[]; truth: TruthRecord[] } {
  const starts: number[] = [];
  const truth: TruthRecord[] = [];
  let start = recipe.start;
  for (const p of recipe.parts) {
    starts.push(start);
    const s = generateTraffic({ ...p, start }, () => {});
    truth.push(...s.truth);
    start = (Number.isFinite(s.lastTime) ? s.lastTime : start) + GAP_MS;
  }
  return { starts, truth };
}

/** Parsed events of generated traffic, produced lazily in chunks (memory stays flat). */
export function* generatedEvents(parts: readonly GeneratedPart[], starts: readonly number[]): Generator<AccessEvent> {
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k]!;
    const gen = new TrafficGenerator({ ...part, start: starts[k] });
    const parser = createParser(part.format);
    const batch: AccessEvent[] = [];
    const sink: ParseSink = {
      event(e) {
        e.source = k;
        batch.push(e);
      },
      error() {},
      ignored() {},
    };
    let lineNo = 0;
    let offset = 0;
    const onLine = (text: string): void => {
      parser.line(text, ++lineNo, offset, sink);
      offset += Buffer.byteLength(text) + 1;
    };
    while (gen.step(CHUNK_LINES, onLine) > 0) {
      yield* batch;
      batch.length = 0;
    }
    parser.end(sink);
    yield* batch;
  }
}

export interface DefaultModelRun {
  onProgress?: (p: TrainModelProgress) => void;
  signal?: AbortSignal;
  createWorker?: () => Worker;
  workers?: number;
}

export async function trainDefaultModel(
  recipe: ModelRecipe = DEFAULT_MODEL_RECIPE,
  run: DefaultModelRun = {},
): Promise<{ model: ForestModel; report: TrainReport }> {
  const { starts, truth } = planParts(recipe);
  return trainModel({ events: generatedEvents(recipe.parts, starts), truth, options: recipe.options, ...run });
}
