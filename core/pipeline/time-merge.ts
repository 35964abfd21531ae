import type { AccessEvent } from '../events/event';

/** Events a source may run ahead of the others before its reading pauses; it resumes below LOW. */
const HIGH = 32_768;
const LOW = 8_192;

/**
 * Reads one source to its end: hands each event to `push` in file order and calls `afterChunk` after each
 * chunk of lines, waiting when it returns a promise.
 */
export type Producer = (push: (e: AccessEvent) => void, afterChunk: () => Promise<void> | void) => Promise<void>;

/** One source's events read but not yet delivered, and the handshakes between its reader and the merge. */
class Feed {
  private q: (AccessEvent | undefined)[] = [];
  private h = 0;
  finished = false;
  error: unknown = null;
  private wake: (() => void) | null = null;
  private resume: { go: () => void; stop: (err: Error) => void } | null = null;
  private abandoned = false;

  get size(): number {
    return this.q.length - this.h;
  }

  get headTime(): number {
    return this.q[this.h]!.time;
  }

  readonly push = (e: AccessEvent): void => {
    this.q.push(e);
  };

  readonly afterChunk = (): Promise<void> | void => {
    if (this.abandoned) return Promise.reject(new Error('merge abandoned'));
    this.signal();
    if (this.size > HIGH) return new Promise((go, stop) => (this.resume = { go, stop }));
  };

  /** The merge failed elsewhere: stop this reader at its next chunk (a paused one at once). */
  abandon(): void {
    this.abandoned = true;
    this.resume?.stop(new Error('merge abandoned'));
    this.resume = null;
  }

  signal(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Resolves when the reader has handed out another chunk, or finished. */
  more(): Promise<void> {
    return new Promise((r) => (this.wake = r));
  }

  take(): AccessEvent {
    const e = this.q[this.h]!;
    this.q[this.h++] = undefined;
    if (this.h >= 4096 && this.h * 2 >= this.q.length) {
      this.q = this.q.slice(this.h);
      this.h = 0;
    }
    if (this.resume !== null && this.size < LOW) {
      const r = this.resume;
      this.resume = null;
      r.go();
    }
    return e;
  }
}

/**
 * Delivers the events of several sources in log-time order, reading them side by side: the logs of two
 * gateway nodes cover the same hours, and read one after the other every event of the second would jump
 * back in time (a new detector timeline, and a client that spread its requests over both nodes counted
 * twice at half the rate). Each source stays in its own order; between sources the earliest head goes first,
 * the earlier source in `producers` on a tie, so pieces of one rotated log that follow each other are read
 * exactly as one after the other. Memory: at most HIGH undelivered events per source.
 */
export async function mergeByTime(producers: readonly Producer[], deliver: (e: AccessEvent) => void): Promise<void> {
  const feeds = producers.map(() => new Feed());
  const running = producers.map((produce, i) => {
    const f = feeds[i]!;
    return produce(f.push, f.afterChunk).then(
      () => {
        f.finished = true;
        f.signal();
      },
      (err: unknown) => {
        f.error = err;
        f.finished = true;
        f.signal();
      },
    );
  });
  try {
    for (;;) {
      for (const f of feeds) while (f.size === 0 && !f.finished) await f.more();
      for (const f of feeds) if (f.error !== null) throw f.error;
      let best = -1;
      for (let i = 0; i < feeds.length; i++) {
        if (feeds[i]!.size > 0 && (best < 0 || feeds[i]!.headTime < feeds[best]!.headTime)) best = i;
      }
      if (best < 0) return;
      // Deliver from `best` while it stays first: before any earlier source's head, not after a later one's.
      let before = Infinity;
      let upTo = Infinity;
      for (let i = 0; i < feeds.length; i++) {
        if (i === best || feeds[i]!.size === 0) continue;
        if (i < best) before = Math.min(before, feeds[i]!.headTime);
        else upTo = Math.min(upTo, feeds[i]!.headTime);
      }
      const f = feeds[best]!;
      // At least one (its head is the earliest): progress even on a time that compares as nothing (NaN).
      do deliver(f.take());
      while (f.size > 0 && f.headTime < before && f.headTime <= upTo);
    }
  } catch (err) {
    for (const f of feeds) f.abandon();
    throw err;
  } finally {
    await Promise.allSettled(running);
  }
}
