import type { RollupData } from './batch';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db';
import { Hll } from './hll';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Dimension codes in rollup_hour_dim.dim. */
export const DIM = { client: 0, endpoint: 1, status: 2, userAgent: 3, api: 4, application: 5, host: 6 } as const;
export type DimCode = (typeof DIM)[keyof typeof DIM];
/** At most 8: a delta's key packs the code into its low three bits (value * 8 + dim). */
export const DIM_COUNT = 7;

interface MinuteAgg {
  requests: number;
  s2xx: number;
  s3xx: number;
  s4xx: number;
  s5xx: number;
  other: number;
  bytes: number;
  latencySum: number;
  latencyN: number;
}

/**
 * One batch's rollup deltas, accumulated in memory as events are read: a batch of 20,000 events then touches
 * a few minute rows and the dimension rows of one or two hours instead of one row per event.
 */
export class RollupDeltas {
  readonly minutes = new Map<number, MinuteAgg>();
  /** hour → (value * 8 + dim) → [requests, errors] */
  readonly hours = new Map<number, Map<number, [number, number]>>();
  readonly clients = new Map<number, Hll>();

  /** dims: value ids indexed by DimCode. */
  add(time: number, status: number, bytes: number, latency: number, dims: readonly number[]): void {
    const minute = time - (time % MINUTE_MS);
    let m = this.minutes.get(minute);
    if (!m) {
      m = { requests: 0, s2xx: 0, s3xx: 0, s4xx: 0, s5xx: 0, other: 0, bytes: 0, latencySum: 0, latencyN: 0 };
      this.minutes.set(minute, m);
    }
    m.requests++;
    if (status >= 200 && status < 300) m.s2xx++;
    else if (status >= 300 && status < 400) m.s3xx++;
    else if (status >= 400 && status < 500) m.s4xx++;
    else if (status >= 500) m.s5xx++;
    else m.other++;
    if (bytes > 0) m.bytes += bytes;
    if (latency >= 0) {
      m.latencySum += latency;
      m.latencyN++;
    }
    const hour = time - (time % HOUR_MS);
    let h = this.hours.get(hour);
    if (!h) {
      h = new Map();
      this.hours.set(hour, h);
    }
    const err = status >= 400 ? 1 : 0;
    if (dims[0]! !== 0) {
      let sketch = this.clients.get(hour);
      if (!sketch) this.clients.set(hour, (sketch = new Hll()));
      sketch.add(dims[0]!);
    }
    for (let d = 0; d < DIM_COUNT; d++) {
      const v = dims[d]!;
      if (v === 0 && d !== DIM.status) continue; // '' (not in this format) is not a top-N entry
      const k = v * 8 + d;
      const slot = h.get(k);
      if (slot) {
        slot[0]++;
        slot[1] += err;
      } else h.set(k, [1, err]);

    }
  }
}

/** Upserts a batch's deltas, inside the batch transaction. */
export class RollupWriter {
  private readonly upMinute: Statement;
  private readonly upDim: Statement;
  private readonly upDay: Statement;
  private readonly getHll: Statement<[number], { regs: Buffer }>;
  private readonly putHll: Statement<[number, Buffer]>;

  constructor(db: Db) {
    this.getHll = db.prepare('SELECT regs FROM rollup_hour_hll WHERE hour = ?');
    this.putHll = db.prepare('INSERT OR REPLACE INTO rollup_hour_hll (hour, regs) VALUES (?, ?)');
    this.upMinute = db.prepare(`INSERT INTO rollup_minute
      (minute, requests, s2xx, s3xx, s4xx, s5xx, other, bytes, latency_sum, latency_n)
      VALUES (@minute, @requests, @s2xx, @s3xx, @s4xx, @s5xx, @other, @bytes, @latencySum, @latencyN)
      ON CONFLICT (minute) DO UPDATE SET requests = requests + excluded.requests, s2xx = s2xx + excluded.s2xx,
        s3xx = s3xx + excluded.s3xx, s4xx = s4xx + excluded.s4xx, s5xx = s5xx + excluded.s5xx,
        other = other + excluded.other, bytes = bytes + excluded.bytes,
        latency_sum = latency_sum + excluded.latency_sum, latency_n = latency_n + excluded.latency_n`);
    this.upDay = db.prepare(`INSERT INTO rollup_day_dim (day, dim, value, requests, errors) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (dim, day, value) DO UPDATE SET requests = requests + excluded.requests,
        errors = errors + excluded.errors`);
    this.upDim = db.prepare(`INSERT INTO rollup_hour_dim (hour, dim, value, requests, errors) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (dim, hour, value) DO UPDATE SET requests = requests + excluded.requests,
        errors = errors + excluded.errors`);
  }

  write(d: RollupData): void {
    for (const [minute, m] of d.minutes) this.upMinute.run({ minute, ...m });
    for (const [hour, h] of d.hours) {
      for (const [k, [req, err]] of h) this.upDim.run(hour, k % 8, Math.floor(k / 8), req, err);
    }
    // Day rows from the hour deltas: per distinct (hour, value) of the batch, not per event.
    const days = new Map<number, Map<number, [number, number]>>();
    for (const [hour, h] of d.hours) {
      const day = hour - (hour % DAY_MS);
      let dd = days.get(day);
      if (!dd) days.set(day, (dd = new Map()));
      for (const [k, [req, err]] of h) {
        const slot = dd.get(k);
        if (slot) {
          slot[0] += req;
          slot[1] += err;
        } else dd.set(k, [req, err]);
      }
    }
    for (const [day, dd] of days) {
      for (const [k, [req, err]] of dd) this.upDay.run(day, k % 8, Math.floor(k / 8), req, err);
    }
    for (const [hour, sketch] of d.clients) {
      const stored = this.getHll.get(hour);
      const merged = new Hll(new Uint8Array(sketch.regs));
      if (stored) merged.merge(stored.regs);
      this.putHll.run(hour, Buffer.from(merged.regs));
    }
  }
}
