/**
 * A Bloom filter of strings: "certainly absent" or "perhaps present". The interner asks it before looking an
 * uncached string up in the `strings` table: most uncached strings are new (a path with a fresh object id),
 * and for those the lookup was a wasted round trip to SQLite on every one.
 */
export class StringBloom {
  private readonly bits: Uint32Array;
  private readonly mask: number;

  /** 2^log2Bits bits: the default (8 Mbit, 1 MiB) answers wrongly "perhaps" for about 3 % at a million strings. */
  constructor(log2Bits = 23) {
    this.bits = new Uint32Array(1 << (log2Bits - 5));
    this.mask = (1 << log2Bits) - 1;
  }

  add(s: string): void {
    let h1 = fnv1a(s);
    const h2 = mix(h1) | 1;
    for (let i = 0; i < 3; i++, h1 = (h1 + h2) | 0) {
      const b = h1 & this.mask;
      this.bits[b >>> 5]! |= 1 << (b & 31);
    }
  }

  /** False: the string was never added. True: it may have been. */
  mightHave(s: string): boolean {
    let h1 = fnv1a(s);
    const h2 = mix(h1) | 1;
    for (let i = 0; i < 3; i++, h1 = (h1 + h2) | 0) {
      const b = h1 & this.mask;
      if ((this.bits[b >>> 5]! & (1 << (b & 31))) === 0) return false;
    }
    return true;
  }
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** A second, independent-enough hash for double hashing (murmur3's finaliser). */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
