/**
 * Keys of one kind with bounded memory. Two generations instead of per-event LRU bookkeeping: a key lives in
 * `cur` while active; every `genMs` of log time `prev` is dropped except keys that still matter (an open
 * episode, or long-window state not yet expired), and `cur` becomes `prev`. A key idle for two generations
 * is gone without ever being scanned individually on the hot path. `maxKeys` forces an early rotation, and
 * under that pressure only keys with open episodes survive.
 */
import type { KeyKind } from './alert';
import { KeyState } from './key-state';

export class KeyTable {
  private cur = new Map<string, KeyState>();
  private prev = new Map<string, KeyState>();
  private rotateAt = -Infinity;
  /** Incremented whenever `cur` is replaced: a key whose `gen` equals it is in `cur`. */
  private gen = 1;

  constructor(
    readonly kind: KeyKind,
    private readonly genMs: number,
    private readonly maxKeys: number,
  ) {}

  get(key: string, t: number): KeyState {
    let ks = this.cur.get(key);
    if (ks !== undefined) return ks;
    ks = this.prev.get(key);
    if (ks !== undefined) this.prev.delete(key);
    else ks = new KeyState(key, this.kind);
    this.cur.set(key, ks);
    ks.gen = this.gen;
    if (this.cur.size > this.maxKeys) this.rotate(t, true);
    return ks;
  }

  /**
   * Whether `ks` (a key of this table) is in the current generation, i.e. `get(ks.key)` would return it and
   * change nothing: callers that cached it may use it without the lookup.
   */
  isCurrent(ks: KeyState): boolean {
    return ks.gen === this.gen;
  }

  /** Called by the detector's maintenance tick with the current log time. */
  tick(now: number): void {
    if (this.rotateAt === -Infinity) this.rotateAt = now + this.genMs;
    else if (now >= this.rotateAt) this.rotate(now, false);
  }

  private rotate(now: number, pressure: boolean): void {
    const keep = this.cur;
    for (const [k, ks] of this.prev) {
      if (ks.open !== null || (!pressure && ks.keepUntil > now)) keep.set(k, ks);
    }
    this.prev = keep;
    this.cur = new Map();
    this.gen++;
    this.rotateAt = now + this.genMs;
  }

  get size(): number {
    return this.cur.size + this.prev.size;
  }

  clear(): void {
    this.gen++;
    this.cur = new Map();
    this.prev = new Map();
    this.rotateAt = -Infinity;
  }
}
