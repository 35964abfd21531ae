/**
 * HyperLogLog sketch of distinct clients, one per hour of log time. "Unique clients" over a day is then a
 * merge of 24 sketches (4 KiB each) instead of a DISTINCT over every (hour, client) rollup row, which took
 * 370 ms at 1M events. Standard error with 2^12 registers is about 1.6%; small counts are exact in practice
 * (linear counting).
 */
export const HLL_P = 12;
export const HLL_M = 1 << HLL_P;

/** Murmur3 finalizer: spreads sequential interned ids over all 32 bits. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Hll {
  readonly regs: Uint8Array;

  constructor(regs?: Uint8Array) {
    this.regs = regs && regs.length === HLL_M ? regs : new Uint8Array(HLL_M);
  }

  /** `id`: a non-zero interned client id. */
  add(id: number): void {
    const h = mix32(id);
    const idx = h >>> (32 - HLL_P);
    const rank = Math.clz32(((h << HLL_P) | (1 << (HLL_P - 1))) >>> 0) + 1;
    if (rank > this.regs[idx]!) this.regs[idx] = rank;
  }

  merge(other: Uint8Array): void {
    const r = this.regs;
    for (let i = 0; i < HLL_M; i++) if (other[i]! > r[i]!) r[i] = other[i]!;
  }

  estimate(): number {
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < HLL_M; i++) {
      const v = this.regs[i]!;
      sum += 2 ** -v;
      if (v === 0) zeros++;
    }
    const alpha = 0.7213 / (1 + 1.079 / HLL_M);
    const raw = (alpha * HLL_M * HLL_M) / sum;
    if (raw <= 2.5 * HLL_M && zeros > 0) return Math.round(HLL_M * Math.log(HLL_M / zeros));
    return Math.round(raw);
  }
}
