/**
 * Keys of one kind with bounded memory. Two generations instead of per-event LRU bookkeeping: a key lives in
 * `cur` while active; every `genMs` of log time `prev` is dropped except keys that still matter (an open
 * episode, or long-window state not yet expired), and `cur` becomes `prev`. A key idle for two generations
 * is gone without ever being scanned individually on the hot path. `maxKeys` forces an early rotation, and
 * under that pressure only keys with open episodes survive.
 */
import type { KeyKind } from './alert';
import { KeyState } from './key-state';

/**
 * A canonical dotted-quad IPv4 address ("10.0.0.1": four octets 0-255 without leading zeros) as an int32;
 * NaN for anything else. Canonical quads and int32s correspond one to one, so the number identifies the key
 * as well as its text does, and a Map finds a small-integer key without reading a stored string: one cache
 * miss fewer on the client lookup, which every event makes.
 */
export function ipv4Key(s: string): number {
  const n = s.length;
  if (n < 7 || n > 15) return NaN;
  let ip = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 /* . */) {
      if (digits === 0 || dots === 3) return NaN;
      ip = ip * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return NaN; // leading zero
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return NaN;
    } else return NaN;
  }
  if (dots !== 3 || digits === 0) return NaN;
  return (ip * 256 + octet) | 0;
}

export class KeyTable {
  /** Keys by their text, or by ipv4Key for canonical IPv4 addresses. */
  private cur = new Map<string | number, KeyState>();
  private prev = new Map<string | number, KeyState>();
  private rotateAt = -Infinity;
  /** Incremented whenever `cur` is replaced: a key whose `gen` equals it is in `cur`. */
  private gen = 1;

  constructor(
    readonly kind: KeyKind,
    private readonly genMs: number,
    private readonly maxKeys: number,
  ) {}

  get(key: string, t: number): KeyState {
    const ip = ipv4Key(key);
    const k = ip === ip ? ip : key;
    let ks = this.cur.get(k);
    if (ks !== undefined) return ks;
    ks = this.prev.get(k);
    if (ks !== undefined) this.prev.delete(k);
    else ks = new KeyState(key, this.kind);
    this.cur.set(k, ks);
    ks.gen = this.gen;
    if (this.cur.size > this.maxKeys) this.rotate(t, true);
    return ks;
  }

  /** The key's state if it is tracked, without touching its generation. */
  peek(key: string): KeyState | undefined {
    const ip = ipv4Key(key);
    const k = ip === ip ? ip : key;
    return this.cur.get(k) ?? this.prev.get(k);
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
