/**
 * Training a forest: in-process (tests, small sets) or across worker threads, with progress and
 * cancellation. Both paths grow tree i from deriveSeed(seed, i), so the forest is the same either way.
 */
import type { Worker } from 'node:worker_threads';
import { binMatrix, type FeatureMatrix } from './bins';
import {
  assembleForest,
  DEFAULT_FOREST_OPTIONS,
  growTreeRange,
  meanImportance,
  type Forest,
  type ForestOptions,
} from './forest';
import type { GrowRequest, WorkerReply } from './train-protocol';
import type { GrownTree } from './tree';

export interface TrainProgress {
  treesDone: number;
  treesTotal: number;
  elapsedMs: number;
  /** Estimated time left from the mean time per tree so far; -1 before the first tree. */
  etaMs: number;
}

export interface TrainRun {
  onProgress?: (p: TrainProgress) => void;
  signal?: AbortSignal;
  /** Starts one bundled train-worker (see train-worker.ts). Without it, training runs in this thread. */
  createWorker?: () => Worker;
  /** Worker threads to use with createWorker (default 2: these machines have two cores). */
  workers?: number;
}

export interface TrainedForest {
  forest: Forest;
  /** Mean decrease in impurity per feature, summing to 1. */
  importance: Float64Array;
  options: ForestOptions;
}

export class TrainingCancelled extends Error {
  override name = 'TrainingCancelled';
  constructor() {
    super('training cancelled');
  }
}

export function resolveForestOptions(opts: Partial<ForestOptions> = {}): ForestOptions {
  return { ...DEFAULT_FOREST_OPTIONS, ...opts };
}

export async function trainForest(
  m: FeatureMatrix,
  labels: Uint8Array,
  opts: Partial<ForestOptions> = {},
  run: TrainRun = {},
): Promise<TrainedForest> {
  const options = resolveForestOptions(opts);
  if (labels.length !== m.rows) throw new RangeError(`${m.rows} rows but ${labels.length} labels`);
  if (m.rows === 0) throw new RangeError('no training rows');
  if (run.signal?.aborted) throw new TrainingCancelled();
  const started = performance.now();
  const grown: GrownTree[] = new Array<GrownTree>(options.nTrees);
  let done = 0;
  const report = (): void => {
    done++;
    if (!run.onProgress) return;
    const elapsedMs = performance.now() - started;
    const etaMs = (elapsedMs / done) * (options.nTrees - done);
    run.onProgress({ treesDone: done, treesTotal: options.nTrees, elapsedMs, etaMs });
  };
  const binned = binMatrix(m, options.maxBins);
  const data = { binned, labels };
  if (run.signal?.aborted) throw new TrainingCancelled();
  if (run.createWorker) {
    await growInWorkers(data.binned, labels, options, run, (i, g) => {
      grown[i] = g;
      report();
    });
  } else {
    for (let t = 0; t < options.nTrees; t++) {
      // Yield between trees so an abort or a progress consumer gets to run.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (run.signal?.aborted) throw new TrainingCancelled();
      grown[t] = growTreeRange(data, options, t, t + 1)[0]!;
      report();
    }
  }
  return {
    forest: assembleForest(
      grown.map((g) => g.tree),
      m.cols,
    ),
    importance: meanImportance(grown, m.cols),
    options,
  };
}

function growInWorkers(
  binned: ReturnType<typeof binMatrix>,
  labels: Uint8Array,
  options: ForestOptions,
  run: TrainRun,
  onTree: (index: number, grown: GrownTree) => void,
): Promise<void> {
  const count = Math.max(1, Math.min(run.workers ?? 2, options.nTrees));
  const next = new SharedArrayBuffer(4);
  const req: GrowRequest = {
    type: 'grow',
    rows: binned.rows,
    cols: binned.cols,
    columns: binned.columns,
    edges: binned.edges,
    labels,
    options,
    next,
  };
  return new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    let finished = 0;
    let settled = false;
    const stopAll = (): void => {
      run.signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
    };
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      stopAll();
      reject(err);
    };
    const onAbort = (): void => fail(new TrainingCancelled());
    run.signal?.addEventListener('abort', onAbort);
    for (let k = 0; k < count && !settled; k++) {
      const worker = run.createWorker!();
      workers.push(worker);
      worker.on('message', (reply: WorkerReply) => {
        if (settled) return;
        if (reply.type === 'tree') onTree(reply.index, { tree: reply.tree, importance: reply.importance });
        else if (reply.type === 'error') fail(new Error(`training worker failed: ${reply.message}`));
        else if (++finished === count) {
          settled = true;
          stopAll();
          resolve();
        }
      });
      worker.on('error', (err) => fail(err));
      worker.on('exit', (code) => {
        if (!settled) fail(new Error(`training worker exited early with code ${code}`));
      });
      worker.postMessage(req);
    }
  });
}
