import { Batch, batchMessage, type BatchMessage } from './store/batch';
import type { Committer } from './store/committer';
import type { Interner } from './store/interner';
import type { CommitResult } from './store/writer';

export interface CommitHooks {
  /** A batch landed: its counters, pushes and the clearing of a store error are the engine's. */
  landed(batch: Batch, r: CommitResult): void;
  /** The store refused a batch (kept for the retry); reading pauses until one lands. */
  refused(err: unknown): void;
  /** Calls `retry` later (the store may be locked by another process, or full). */
  retryLater(retry: () => void): void;
}

/**
 * The batch being read and the one being written. `handOff` gives the batch to the committer (the store
 * writer thread) and starts a new one at once, so reading, parsing and detection go on while SQLite writes;
 * one commit is in flight at a time, so batches land in order and memory stays bounded. A refused batch is
 * kept as it was handed over and written again before anything newer.
 */
export class Commits {
  batch = new Batch();
  /** The commit being written, if any. */
  private inFlight: Promise<void> | null = null;
  private failed: { batch: Batch; message: BatchMessage } | null = null;

  constructor(
    private committer: Committer,
    private readonly strings: Interner,
    private readonly runId: number,
    private readonly hooks: CommitHooks,
  ) {}

  /** From here on batches go to `committer` (the writer thread, once started). */
  use(committer: Committer): void {
    this.committer = committer;
  }

  /**
   * Hands the current batch over. Waits for the commit before it but not for this one. False when the store
   * refuses commits (the refused batch is tried again first, once).
   */
  async handOff(): Promise<boolean> {
    while (this.inFlight) await this.inFlight;
    if (this.failed) {
      this.resend();
      while (this.inFlight) await this.inFlight;
      if (this.failed) return false;
    }
    if (this.batch.empty) return true;
    const batch = this.batch;
    const message = batchMessage(batch, this.runId, this.strings.takePending());
    this.batch = new Batch(batch.rows); // copied into the message: the buffer is reused at once
    this.send(batch, message);
    return true;
  }

  /** Resolves when everything read so far has been committed; false if the store refused it. */
  async settle(): Promise<boolean> {
    if (!(await this.handOff())) return false;
    while (this.inFlight) await this.inFlight;
    return this.failed === null;
  }

  /** Nothing read is uncommitted or being written. */
  get settled(): boolean {
    return this.batch.empty && this.inFlight === null && this.failed === null;
  }

  /** Events read and not committed yet (the counters' "pending"). */
  get pending(): number {
    return this.batch.size + (this.failed?.message.rows.count ?? 0);
  }

  /** Tries the refused batch again, unless a commit is in flight. */
  resend(): void {
    if (this.inFlight || !this.failed) return;
    const { batch, message } = this.failed;
    this.failed = null;
    this.send(batch, message);
  }

  close(): Promise<void> {
    return this.committer.close();
  }

  private send(batch: Batch, message: BatchMessage): void {
    this.inFlight = this.committer.commit(message).then(
      (r) => {
        this.inFlight = null;
        this.strings.saved(message.strings);
        this.hooks.landed(batch, r);
      },
      (err: unknown) => {
        this.inFlight = null;
        this.failed = { batch, message };
        this.hooks.refused(err);
        this.hooks.retryLater(() => this.resend());
      },
    );
  }
}
