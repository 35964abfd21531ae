import { describe, expect, it } from 'vitest';
import { DistinctWindow } from '../../core/detect/window';

/** The specification, spelled out naively: a list in last-seen order, scanned whole on every add. */
class ReferenceWindow {
  entries: { v: string; t: number; ref: number; tag: unknown }[] = [];
  saturated = false;
  constructor(private readonly cap: number) {}
  add(v: string, t: number, ref: number, windowMs: number, tag?: unknown): number {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.t > t - windowMs);
    if (this.entries.length < before) this.saturated = false;
    const i = this.entries.findIndex((e) => e.v === v);
    if (i >= 0) {
      const [e] = this.entries.splice(i, 1);
      e!.t = t;
      if (tag !== undefined) e!.tag = tag;
      this.entries.push(e!);
    } else {
      if (this.entries.length >= this.cap) {
        this.entries.shift();
        this.saturated = true;
      }
      this.entries.push({ v, t, ref, tag });
    }
    return this.entries.length;
  }
}

function contents(w: DistinctWindow<string>): [string, unknown][] {
  const out: [string, unknown][] = [];
  w.forEach((v, tag) => out.push([v, tag]));
  return out;
}

describe('DistinctWindow', () => {
  it('counts distinct values within the window and forgets those last seen before it', () => {
    const w = new DistinctWindow<string>(100);
    expect(w.add('a', 1000, 1, 0, 10_000)).toBe(1);
    expect(w.add('b', 2000, 2, 0, 10_000)).toBe(2);
    expect(w.add('a', 3000, 3, 0, 10_000)).toBe(2);
    // 'b' (last seen at 2000) leaves at 12000; 'a' was seen again at 3000 and stays until 13000.
    expect(w.add('c', 12_000, 4, 0, 10_000)).toBe(2);
    expect(contents(w).map(([v]) => v)).toEqual(['a', 'c']);
    expect(w.add('d', 13_000, 5, 0, 10_000)).toBe(2);
    expect(contents(w).map(([v]) => v)).toEqual(['c', 'd']);
  });

  it('makes room by dropping the least recently seen value, and says it overflowed until something expires', () => {
    const w = new DistinctWindow<string>(3);
    w.add('a', 0, 1, 0, 60_000);
    w.add('b', 1, 2, 0, 60_000);
    w.add('c', 2, 3, 0, 60_000);
    w.add('a', 3, 4, 0, 60_000); // a is now the most recent: b goes first
    expect(w.saturated).toBe(false);
    expect(w.add('d', 4, 5, 0, 60_000)).toBe(3);
    expect(w.saturated).toBe(true);
    expect(contents(w).map(([v]) => v)).toEqual(['c', 'a', 'd']);
    w.add('e', 60_003, 6, 0, 60_000); // c (2) expired
    expect(w.saturated).toBe(false);
  });

  it('keeps each value\'s first evidence and latest tag, and reports the oldest last-seen time', () => {
    const w = new DistinctWindow<string>(10);
    w.add('a', 100, 11, 110, 1000, 'first');
    w.add('b', 200, 22, 220, 1000);
    w.add('a', 300, 33, 330, 1000, 'second');
    w.add('b', 400, 44, 440, 1000); // no tag given: keeps none
    expect(contents(w)).toEqual([['a', 'second'], ['b', undefined]]);
    expect(w.oldest()).toBe(300);
    const refs: number[][] = [];
    w.visit((t, ref, off) => refs.push([t, ref, off]), 10);
    expect(refs).toEqual([[300, 11, 110], [400, 22, 220]]);
    const one: number[] = [];
    w.visit((_t, ref) => one.push(ref), 1);
    expect(one).toEqual([11]);
  });

  it('starts over empty after clear', () => {
    const w = new DistinctWindow<string>(2);
    w.add('a', 0, 1, 0, 1000);
    w.add('b', 0, 1, 0, 1000);
    w.add('c', 0, 1, 0, 1000);
    w.clear();
    expect([w.size, w.saturated, w.oldest()]).toEqual([0, false, 0]);
    expect(w.add('a', 5, 1, 0, 1000)).toBe(1);
    expect(contents(w)).toEqual([['a', undefined]]);
  });

  it('agrees with the naive reference over 200,000 random adds (refreshes, expiry, overflow, clears)', () => {
    let seed = 42;
    const rnd = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
    for (const [cap, values, windowMs] of [[8, 12, 50], [64, 40, 400], [200, 1000, 2000], [5, 3, 10]] as const) {
      const w = new DistinctWindow<string>(cap);
      let ref = new ReferenceWindow(cap);
      let t = 0;
      for (let i = 0; i < 50_000; i++) {
        t += Math.floor(rnd() * 4);
        if (rnd() < 0.0005) {
          w.clear();
          ref = new ReferenceWindow(cap);
        }
        const v = `v${Math.floor(rnd() ** 2 * values)}`;
        const tag = rnd() < 0.5 ? i : undefined;
        expect(w.add(v, t, i, i * 10, windowMs, tag)).toBe(ref.add(v, t, i, windowMs, tag));
        expect(w.saturated).toBe(ref.saturated);
        if (i % 97 === 0) {
          expect(contents(w)).toEqual(ref.entries.map((e) => [e.v, e.tag]));
          expect(w.oldest()).toBe(ref.entries[0]?.t ?? 0);
          const refs: number[] = [];
          w.visit((_t, r) => refs.push(r), 1e9);
          expect(refs).toEqual(ref.entries.map((e) => e.ref));
        }
      }
    }
  });
});

describe('DistinctWindow memory', () => {
  it('holds queue entries in proportion to its values however often they are seen again', () => {
    const w = new DistinctWindow<string>(1000);
    w.add('anchor', 0, 0, 0, 1e9); // never seen again: the stale entries pile up behind it, not at the front
    for (let i = 1; i < 100_000; i++) w.add(`v${i % 10}`, i, i, 0, 1e9);
    expect(w.size).toBe(11);
    expect(w.queued).toBeLessThanOrEqual(2 * 11 + 32 + 1);
    for (let i = 0; i < 100_000; i++) w.add(`u${i}`, 100_000 + i, i, 0, 50); // a stream of new values expiring
    expect(w.size).toBe(50);
    expect(w.queued).toBeLessThanOrEqual(2 * 50 + 32 + 1);
  });
});
