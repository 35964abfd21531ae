import type { PushedEvent } from '../contract/events';
import type { EngineDeps } from './core-deps';
import type { OpenOptions } from './store/db';
import type { RetentionOptions } from './store/retention';
import type { CommitResult } from './store/writer';

/** Engine settings that can cross a thread boundary (workerData): plain data only. */
export interface EngineConfig {
  dataDir: string;
  /**
   * Commit after this many events (default 20,000: while catching up, the per-commit cost of the random
   * index pages is spread over more events)…
   */
  batchMaxEvents?: number;
  /** …or when the oldest uncommitted line is this old (default 100 ms: what live latency is made of). */
  batchMaxMs?: number;
  chunkBytes?: number;
  maxLineBytes?: number;
  /** Safety-net poll for missed notifications, new files in folders and missing paths coming back. */
  pollMs?: number;
  pushMs?: number;
  maxErrorsPerSource?: number;
  retention?: RetentionOptions;
  store?: OpenOptions;
  /** false: no file notifications, only the poll (network shares, tests of the poll path). */
  notifications?: boolean;
  /**
   * The shipped default model (resources/default-model.json), stored as model version 1 and made active on
   * the first start of a store that has no model yet. The worker entry fills it in when the file sits at
   * its usual place relative to the bundle; without it the engine runs without a model until one is trained.
   */
  defaultModelPath?: string;
  /** The bundled training worker (out/cli/train-worker.js) for `models.train`; else trees grow in this thread. */
  trainWorker?: string;
  /** Training threads (default 2). */
  trainWorkers?: number;
  /**
   * The bundled store writer (out/cli/store-writer.js): batches are committed on a thread of their own while
   * the next one is read. Without it they are committed in the engine's thread.
   */
  writerWorker?: string;
}

export interface EngineOptions extends EngineConfig {
  /** Parsers and detector: `coreDeps` in production, substitutes in tests. */
  deps: EngineDeps;
  onPush?: (events: PushedEvent[]) => void;
  /** Called after every successful commit (benchmarks measure latency here). */
  onCommit?: (r: CommitResult) => void;
}
