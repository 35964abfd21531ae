import { Worker } from 'node:worker_threads';
import { trainModel, type TrainModelInput, type TrainModelProgress } from '../../../core/model/train-model';
import { TrainingCancelled } from '../../../core/model/train';
import { TruthFormatError } from '../../../core/model/labels';
import { EngineError } from '../../contract/errors';
import type { ModelProgress, TrainRequest } from '../../contract/types';
import type { Db } from '../store/db';
import type { ModelsRepo } from './models-repo';
import { storedEvents, storedVerdicts } from './stored-events';

export interface TrainerOptions {
  /** Bundled core/model/train-worker.ts (out/cli/train-worker.js); without it trees grow on this thread. */
  trainWorker?: string;
  /** Worker threads for growing trees (default 2). */
  trainWorkers?: number;
  onProgress(p: ModelProgress): void;
}

/**
 * Background training for `models.train`: events (stored, or log files) -> windows -> labels (analyst
 * verdicts or a ground-truth file; never rule output) -> forest grown in worker threads -> metrics -> a new
 * stored version. Stored events are read a page at a time between ingest steps; the trees grow off-thread.
 */
export class ModelTrainer {
  private job: { id: number; abort: AbortController } | null = null;
  private jobs = 0;

  constructor(
    private readonly db: Db,
    private readonly repo: ModelsRepo,
    private readonly opts: TrainerOptions,
  ) {}

  get running(): boolean {
    return this.job !== null;
  }

  cancel(): boolean {
    if (!this.job) return false;
    this.job.abort.abort();
    return true;
  }

  /** Resolves with the stored version; EngineError 'cancelled' when cancelled, 'conflict' if one is running. */
  async train(req: TrainRequest): Promise<number> {
    if (this.job) throw new EngineError('conflict', `model training job ${this.job.id} is still running (models.cancel stops it)`);
    const job = { id: ++this.jobs, abort: new AbortController() };
    this.job = job;
    const started = performance.now();
    const progress: ModelProgress = {
      jobId: job.id,
      phase: 'features',
      events: 0,
      windows: 0,
      treesDone: 0,
      treesTotal: req.trees ?? 100,
      elapsedMs: 0,
      etaMs: -1,
      version: null,
      error: null,
    };
    const report = (patch: Partial<ModelProgress>): void => {
      Object.assign(progress, patch, { elapsedMs: Math.round(performance.now() - started) });
      this.opts.onProgress({ ...progress });
    };
    try {
      const { input, source } = this.input(req, job.abort.signal);
      report({});
      const { model, report: r } = await trainModel({
        ...input,
        options: {
          nTrees: req.trees ?? 100,
          maxDepth: req.maxDepth ?? 20,
          minSamplesLeaf: req.minSamplesLeaf ?? 1,
          seed: req.seed ?? 1,
          threshold: req.threshold ?? 0.5,
          testFraction: req.testFraction ?? 0.25,
        },
        signal: job.abort.signal,
        createWorker: this.opts.trainWorker ? () => new Worker(this.opts.trainWorker!) : undefined,
        workers: this.opts.trainWorkers ?? 2,
        trainedAt: new Date().toISOString(),
        onProgress: (p: TrainModelProgress) => {
          if (p.phase === 'features') report({ phase: 'features', events: p.events, windows: p.windows });
          else {
            report({
              phase: p.treesDone === p.treesTotal ? 'evaluating' : 'training',
              treesDone: p.treesDone,
              treesTotal: p.treesTotal,
              etaMs: Math.round(p.etaMs),
            });
          }
        },
      });
      const set = r.trainingSet;
      if (set.total.attackWindows === 0 || set.total.attackWindows === set.total.windows) {
        throw new EngineError(
          'bad-request',
          `the labels hold one class only (${set.total.attackWindows} attack windows of ${set.total.windows}): ` +
            'a model needs attacks and benign traffic',
        );
      }
      const version = this.repo.insert(model, source + (req.note ? ` — ${req.note}` : ''));
      report({ phase: 'done', version });
      return version;
    } catch (err) {
      const cancelled = job.abort.signal.aborted || err instanceof TrainingCancelled;
      const e = cancelled ? new EngineError('cancelled', `model training job ${job.id} was cancelled`) : asEngineError(err);
      report({ phase: cancelled ? 'cancelled' : 'failed', error: e.message });
      throw e;
    } finally {
      this.job = null;
    }
  }

  private input(req: TrainRequest, signal: AbortSignal): { input: Omit<TrainModelInput, 'options'>; source: string } {
    const input: Omit<TrainModelInput, 'options'> = {};
    let from: string;
    if (req.logPaths) {
      input.logPath = req.logPaths;
      from = `log files ${req.logPaths.join(', ')}`;
    } else {
      input.events = storedEvents(this.db, { sources: req.sources, range: req.range }, signal);
      const parts = ['stored events'];
      if (req.sources) parts.push(`of sources ${req.sources.join(', ')}`);
      if (req.range) parts.push(`from ${new Date(req.range.from).toISOString()} to ${new Date(req.range.to).toISOString()}`);
      from = parts.join(' ');
    }
    let labels: string;
    if (req.labels === 'verdicts') {
      const v = storedVerdicts(this.db);
      const unlabeled = req.unlabeled ?? 'skip';
      if (v.attacks === 0 || (v.benign === 0 && unlabeled === 'skip')) {
        throw new EngineError(
          'bad-request',
          `analyst verdicts: ${v.attacks} true-positive and ${v.benign} false-positive/benign alerts (client IPs, and the IPs target alerts name); ` +
            `training needs both (or unlabeled: 'benign' to take uncovered windows as benign)`,
        );
      }
      input.verdicts = v.verdicts;
      input.unlabeled = unlabeled;
      labels = `analyst verdicts (${v.attacks} true-positive, ${v.benign} false-positive/benign alerts` +
        `${unlabeled === 'benign' ? '; other windows taken as benign' : ''})`;
    } else {
      input.truthPath = req.labels.truthPath;
      labels = `ground truth ${req.labels.truthPath}`;
    }
    return { input, source: `${from}, labelled by ${labels}` };
  }
}

function asEngineError(err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  const e = err as NodeJS.ErrnoException;
  if (typeof e?.code === 'string' && /^E[A-Z]+$/.test(e.code)) return new EngineError('io-error', e.message);
  if (err instanceof TruthFormatError) return new EngineError('bad-request', err.message);
  const message = err instanceof Error ? err.message : String(err);
  if (/^no labeled windows|^no labels|could not recognize the log format/.test(message)) return new EngineError('bad-request', message);
  return new EngineError('internal', `model training failed: ${message}`);
}
