import type { Batch } from './store/batch';
import type { SourceTailer } from './tail/source-tailer';

export interface PumpHooks {
  maxEvents: number;
  maxMs: number;
  /** While still reading a backlog, a batch may wait up to this long to fill (bigger, cheaper commits). */
  maxBehindMs: number;
  batch(): Batch;
  /**
   * Hands the batch to the store; resolves once it is handed over (the previous commit has landed), not
   * when it lands. False when the store refused (the batch is kept).
   */
  commit(): Promise<boolean>;
  /** True while the store cannot commit: reading pauses so memory stays bounded. */
  blocked(): boolean;
}

/**
 * Drives reading: steps dirty sources round-robin, one chunk at a time, committing every `maxEvents` events
 * or `maxMs` after the first uncommitted one. A full batch waits for the commit before it, so a slow store
 * slows reading down by itself; a failing store stops it until a retry succeeds.
 */
export class Pump {
  /** source → how many times it was marked dirty; a step only clears the mark it started from. */
  private readonly dirty = new Map<SourceTailer, number>();
  private running = false;
  private stopped = false;
  private waiters: (() => void)[] = [];
  private commitTimer: NodeJS.Timeout | null = null;
  private batchSince = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private unblockWaiters: (() => void)[] = [];

  constructor(private readonly hooks: PumpHooks) {}

  markDirty(t: SourceTailer): void {
    this.dirty.set(t, (this.dirty.get(t) ?? 0) + 1);
    this.kick();
  }

  kick(): void {
    if (!this.hooks.blocked()) for (const w of this.unblockWaiters.splice(0)) w();
    if (!this.running && !this.stopped && !this.hooks.blocked() && this.dirty.size) void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (!this.stopped && !this.hooks.blocked() && this.dirty.size) {
        for (const [t, mark] of [...this.dirty]) {
          if (this.stopped || this.hooks.blocked()) break;
          const more = await t.step();
          if (!more && this.dirty.get(t) === mark) this.dirty.delete(t);
          await this.afterStep();
        }
      }
    } finally {
      await this.afterStep();
      this.running = false;
      for (const w of this.waiters.splice(0)) w();
    }
  }

  /** Reads one source to its end (one-shot import), alongside the tailing loop. */
  async runToEnd(t: SourceTailer): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      if (this.hooks.blocked()) await new Promise<void>((res) => this.unblockWaiters.push(res));
      const more = await t.step();
      await this.afterStep();
      if (!more) return;
    }
  }

  private async afterStep(): Promise<void> {
    const b = this.hooks.batch();
    if (b.size >= this.hooks.maxEvents) {
      this.clearCommitTimer();
      await this.hooks.commit();
    } else if (!b.empty && !this.commitTimer) {
      this.batchSince = performance.now();
      this.armCommit(this.hooks.maxMs);
    }
  }

  /**
   * Caught up: commit `maxMs` after the first uncommitted line (latency). Still reading a backlog: let the
   * batch grow towards `maxEvents` for up to `maxBehindMs`, since per-event commit cost falls with size and
   * falling further behind costs more latency than a fuller batch.
   */
  private armCommit(ms: number): void {
    this.commitTimer = setTimeout(() => {
      this.commitTimer = null;
      const age = performance.now() - this.batchSince;
      if (this.behind() && age < this.hooks.maxBehindMs && !this.stopped) return this.armCommit(this.hooks.maxMs);
      if (!this.hooks.blocked()) void this.hooks.commit();
    }, ms);
  }

  private clearCommitTimer(): void {
    if (this.commitTimer) clearTimeout(this.commitTimer);
    this.commitTimer = null;
  }

  /** After a failed commit: try again later (the store may be locked by another process, or full). */
  retryLater(retry: () => void, ms = 500): void {
    if (this.retryTimer || this.stopped) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      retry();
    }, ms);
  }

  private behind(): boolean {
    for (const t of this.dirty.keys()) if (t.lag > 0) return true;
    return false;
  }

  /** Resolves when the loop is not reading (caught up, blocked or stopped). */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((res) => this.waiters.push(res));
  }

  get pendingSources(): number {
    return this.dirty.size;
  }

  stop(): void {
    this.stopped = true;
    this.clearCommitTimer();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    for (const w of this.unblockWaiters.splice(0)) w();
  }
}
