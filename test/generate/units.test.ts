import { describe, expect, it } from 'vitest';
import { AppLimiter, BenignGuard, SHORT_WINDOW_MS } from '@core/generate/benign/guard';
import { clamp, exponential, geometric, logNormal, normal, pareto, Weighted, Zipf } from '@core/generate/distributions';
import { MinHeap } from '@core/generate/heap';
import { ATTACKER_FIRST_OCTETS, BENIGN_FIRST_OCTETS, IpPool } from '@core/generate/ip-space';
import { hashString, Rng, uuid } from '@core/generate/prng';

describe('Rng (sfc32)', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 8 }, () => a.u32());
    expect(Array.from({ length: 8 }, () => b.u32())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.u32())).not.toEqual(sa);
    expect(new Rng('seed').u32()).toBe(new Rng('seed').u32());
    expect(hashString('a')).not.toBe(hashString('b'));
  });

  it('draws uniformly in range', () => {
    const r = new Rng(1);
    let sum = 0;
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) {
      const f = r.float();
      if (f < 0 || f >= 1) throw new Error(`float out of range: ${f}`);
      sum += f;
      counts[r.int(0, 5)]!++;
    }
    expect(sum / 60_000).toBeCloseTo(0.5, 2);
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });

  it('forks independent streams and makes v4 UUIDs', () => {
    const r = new Rng(9);
    const f1 = r.fork('x');
    const f2 = r.fork('x');
    expect(f1.u32()).not.toBe(f2.u32());
    expect(uuid(r)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('distributions', () => {
  const r = new Rng(5);
  const mean = (f: () => number, n = 40_000): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += f();
    return s / n;
  };

  it('have the intended centre and shape', () => {
    expect(mean(() => exponential(r, 10))).toBeCloseTo(10, 0);
    expect(mean(() => normal(r))).toBeCloseTo(0, 1);
    expect(Math.sqrt(mean(() => normal(r) ** 2))).toBeCloseTo(1, 1);
    const ln = Array.from({ length: 20_001 }, () => logNormal(r, 50, 0.6)).sort((a, b) => a - b);
    expect(ln[10_000]! / 50).toBeGreaterThan(0.95);
    expect(ln[10_000]! / 50).toBeLessThan(1.05);
    expect(mean(() => geometric(r, 7))).toBeCloseTo(7, 0);
    for (let i = 0; i < 1000; i++) expect(pareto(r, 1, 1.3)).toBeGreaterThanOrEqual(1);
    expect(clamp(5, 0, 3)).toBe(3);
  });

  it('Zipf favours low ranks; Weighted follows its weights', () => {
    const z = new Zipf(1000, 1.1);
    const c = new Array<number>(1000).fill(0);
    for (let i = 0; i < 50_000; i++) c[z.rank(r)]!++;
    expect(c[0]!).toBeGreaterThan(c[1]!);
    expect(c[1]!).toBeGreaterThan(c[10]!);
    expect(c[10]!).toBeGreaterThan(c[500]!);
    const w = Weighted.of([
      ['a', 1],
      ['b', 3],
    ]);
    let b = 0;
    for (let i = 0; i < 40_000; i++) if (w.pick(r) === 'b') b++;
    expect(b / 40_000).toBeCloseTo(0.75, 1);
  });
});

describe('MinHeap', () => {
  it('pops in (time, id) order, with updateTop', () => {
    const r = new Rng(3);
    const heap = new MinHeap<{ nextTime: number; id: number }>();
    for (let id = 0; id < 500; id++) heap.push({ nextTime: r.int(0, 50), id });
    for (let k = 0; k < 300; k++) {
      heap.peek()!.nextTime += r.int(0, 30);
      heap.updateTop();
    }
    let prev = { nextTime: -1, id: -1 };
    let n = 0;
    while (heap.size > 0) {
      const x = heap.pop()!;
      expect(x.nextTime > prev.nextTime || (x.nextTime === prev.nextTime && x.id > prev.id)).toBe(true);
      prev = x;
      n++;
    }
    expect(n).toBe(500);
    expect(heap.pop()).toBeUndefined();
  });
});

describe('BenignGuard', () => {
  it('whatever is asked, fitted requests keep every limit', () => {
    const r = new Rng(11);
    for (let trial = 0; trial < 20; trial++) {
      const g = new BenignGuard();
      const log: { t: number; tpl: number; id: boolean }[] = [];
      let t = 0;
      for (let i = 0; i < 2000; i++) {
        const tpl = r.int(0, 9);
        const id = r.chance(0.5);
        t = g.fit(t + r.int(0, 2000), tpl, id);
        g.record(t, tpl, id, 200);
        log.push({ t, tpl, id });
      }
      const worst = { short: 0, tpls: 0, minute: 0, ids: 0 };
      for (let i = 0, j = 0, k = 0; i < log.length; i++) {
        while (log[j]!.t <= log[i]!.t - SHORT_WINDOW_MS) j++;
        while (log[k]!.t <= log[i]!.t - 60_000) k++;
        const inShort = log.slice(j, i + 1);
        const inMinute = log.slice(k, i + 1);
        worst.short = Math.max(worst.short, inShort.length);
        worst.tpls = Math.max(worst.tpls, new Set(inShort.map((x) => x.tpl)).size);
        worst.minute = Math.max(worst.minute, inMinute.length);
        worst.ids = Math.max(worst.ids, inMinute.filter((x) => x.id).length);
      }
      expect(worst.short).toBeLessThanOrEqual(10);
      expect(worst.tpls).toBeLessThanOrEqual(4);
      expect(worst.minute).toBeLessThanOrEqual(30);
      expect(worst.ids).toBeLessThanOrEqual(8);
    }
  });

  it('vetoes the third auth failure in 12 s and 404s beyond one a minute or 5 %', () => {
    const g = new BenignGuard();
    for (let i = 0; i < 40; i++) g.record(i * 5000, 1, false, 200);
    const t = 200_000;
    expect(g.canFail(t)).toBe(true);
    g.record(t, 1, false, 401);
    expect(g.canFail(t + 1000)).toBe(true);
    g.record(t + 1000, 1, false, 401);
    expect(g.canFail(t + 2000)).toBe(false);
    expect(g.canFail(t + 20_000)).toBe(true);
    expect(g.can404(t + 3000)).toBe(true);
    g.record(t + 3000, 1, false, 404);
    expect(g.can404(t + 10_000)).toBe(false);
    expect(g.can404(t + 70_000)).toBe(true);
    const fresh = new BenignGuard();
    expect(fresh.can404(0)).toBe(false); // a client's first request is never a 404
  });

  it('AppLimiter admits at most 45 requests in any 12 s', () => {
    const lim = new AppLimiter();
    const r = new Rng(2);
    const admitted: number[] = [];
    let t = 0;
    for (let i = 0; i < 5000; i++) {
      t += r.int(0, 200);
      let at = t;
      for (;;) {
        const w = lim.admit(at);
        if (w === at) break;
        at = w;
      }
      admitted.push(at);
    }
    admitted.sort((a, b) => a - b);
    for (let i = 45; i < admitted.length; i++) expect(admitted[i]! - admitted[i - 45]!).toBeGreaterThanOrEqual(SHORT_WINDOW_MS);
  });
});

describe('IP pools', () => {
  it('benign and attacker first octets are disjoint and avoid private / documentation ranges', () => {
    const b = new Set(BENIGN_FIRST_OCTETS);
    for (const o of ATTACKER_FIRST_OCTETS) expect(b.has(o)).toBe(false);
    for (const o of [...BENIGN_FIRST_OCTETS, ...ATTACKER_FIRST_OCTETS]) {
      expect([0, 10, 100, 127, 169, 172, 192, 198, 203, 224, 240, 255, 66, 40, 157, 207]).not.toContain(o);
    }
    const pool = new IpPool(new Rng(1), ATTACKER_FIRST_OCTETS);
    const ips = pool.many(2000);
    expect(new Set(ips).size).toBe(2000);
  });
});
