import { Worker } from 'node:worker_threads';
import { EngineError, type ErrorEnvelope } from '../../contract/errors';
import type { BatchMessage } from './batch';
import type { Db, OpenOptions } from './db';
import { BatchWriter, type CommitResult } from './writer';

/** Where batches go to be written: the writer thread, or the engine's own thread when there is none. */
export interface Committer {
  /** Commits one batch in one transaction; rejects with the store's error (see storeErrorEnvelope). */
  commit(batch: BatchMessage): Promise<CommitResult>;
  close(): Promise<void>;
}

/** Writes in the calling thread (tests, and a build without the writer bundle). */
export class InlineCommitter implements Committer {
  private readonly writer: BatchWriter;

  constructor(db: Db, maxErrorsPerSource: number) {
    this.writer = new BatchWriter(db, maxErrorsPerSource);
  }

  commit(batch: BatchMessage): Promise<CommitResult> {
    try {
      return Promise.resolve(this.writer.commit(batch));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export interface WriterThreadData {
  dataDir: string;
  store: OpenOptions;
  maxErrorsPerSource: number;
}

export type ToWriter = { type: 'commit'; id: number; batch: BatchMessage } | { type: 'close' };
export type FromWriter =
  | { type: 'ready' }
  | { type: 'fatal'; error: ErrorEnvelope }
  | { type: 'committed'; id: number; result: CommitResult }
  | { type: 'failed'; id: number; error: ErrorEnvelope }
  | { type: 'closed' };

/**
 * Commits on a thread of its own (store-writer.ts), so that reading, parsing and detection of the next batch
 * run on one core while SQLite writes the previous one on the other. The engine hands over one batch at a
 * time and orders every other write around them, so batches still land in order and never race each other.
 */
export class WorkerCommitter implements Committer {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: CommitResult) => void; reject: (e: Error) => void }>();
  private dead: EngineError | null = null;
  private closed: Promise<void> | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: FromWriter) => {
      if (m.type === 'committed') this.settle(m.id)?.resolve(m.result);
      else if (m.type === 'failed') this.settle(m.id)?.reject(remoteError(m.error));
    });
    const die = (why: string) => {
      this.dead ??= new EngineError('internal', `the store writer thread stopped: ${why}`);
      for (const p of this.pending.values()) p.reject(this.dead);
      this.pending.clear();
    };
    worker.on('error', (err) => die(err.message));
    worker.on('exit', (code) => die(`exit code ${code}`));
  }

  static start(path: string, data: WriterThreadData): Promise<WorkerCommitter> {
    const worker = new Worker(path, { workerData: data });
    return new Promise((resolve, reject) => {
      const onFirst = (m: FromWriter) => {
        worker.off('error', onError);
        if (m.type === 'ready') resolve(new WorkerCommitter(worker));
        else {
          void worker.terminate();
          reject(m.type === 'fatal' ? remoteError(m.error) : new EngineError('internal', 'the store writer thread failed to start'));
        }
      };
      const onError = (err: Error) => {
        worker.off('message', onFirst);
        reject(err);
      };
      worker.once('message', onFirst);
      worker.once('error', onError);
    });
  }

  private settle(id: number) {
    const p = this.pending.get(id);
    this.pending.delete(id);
    return p;
  }

  commit(batch: BatchMessage): Promise<CommitResult> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'commit', id, batch } satisfies ToWriter);
    });
  }

  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      if (this.dead) return resolve();
      this.worker.once('exit', () => resolve());
      this.worker.postMessage({ type: 'close' } satisfies ToWriter);
    });
    return this.closed;
  }
}

/** The writer's error as the engine's own (storeErrorEnvelope passes an EngineError through unchanged). */
function remoteError(e: ErrorEnvelope): EngineError {
  const err = new EngineError(e.code, e.message);
  err.name = e.name;
  return err;
}
