import type { Statement } from 'better-sqlite3';
import type { Kpis, TimeRange, TimelineBucket } from '../../contract/types';
import type { Db } from '../store/db';
import { HOUR_MS, MINUTE_MS } from '../store/rollups';
import { splitRange } from './range';
import { Hll } from '../store/hll';

interface Sums {
  requests: number;
  s4xx: number;
  s5xx: number;
  bytes: number;
  latency_sum: number;
  latency_n: number;
}

const RAW_SUMS = `SELECT COUNT(*) AS requests,
  COALESCE(SUM(status BETWEEN 400 AND 499), 0) AS s4xx, COALESCE(SUM(status >= 500), 0) AS s5xx,
  COALESCE(SUM(CASE WHEN bytes > 0 THEN bytes ELSE 0 END), 0) AS bytes,
  COALESCE(SUM(CASE WHEN latency >= 0 THEN latency ELSE 0 END), 0) AS latency_sum,
  COALESCE(SUM(latency >= 0), 0) AS latency_n
  FROM events WHERE time >= ? AND time < ?`;

/** Dashboard-wide KPIs and the timeline, from the per-minute rollups plus raw events at the edges. */
export class TrafficQueries {
  private readonly st: Record<string, Statement>;

  constructor(db: Db) {
    this.st = {
      rollupSums: db.prepare(`SELECT COALESCE(SUM(requests), 0) AS requests, COALESCE(SUM(s4xx), 0) AS s4xx,
        COALESCE(SUM(s5xx), 0) AS s5xx, COALESCE(SUM(bytes), 0) AS bytes,
        COALESCE(SUM(latency_sum), 0) AS latency_sum, COALESCE(SUM(latency_n), 0) AS latency_n
        FROM rollup_minute WHERE minute >= ? AND minute < ?`),
      rawSums: db.prepare(RAW_SUMS),
      edgeClients: db.prepare(`SELECT client FROM events WHERE time >= ? AND time < ? AND client != 0
        UNION SELECT client FROM events WHERE time >= ? AND time < ? AND client != 0`),
      sketches: db.prepare('SELECT regs FROM rollup_hour_hll WHERE hour >= ? AND hour < ?'),
      alertsOpened: db.prepare('SELECT COUNT(*) AS n FROM alerts WHERE first_seen >= ? AND first_seen < ?'),
      openAlerts: db.prepare(`SELECT COUNT(*) AS n FROM alerts WHERE status = 'open' AND last_seen >= ? AND first_seen < ?`),
      minutes: db.prepare(`SELECT minute, requests, s2xx, s3xx, s4xx, s5xx, other FROM rollup_minute
        WHERE minute >= ? AND minute < ? ORDER BY minute`),
      alertStarts: db.prepare('SELECT first_seen AS t FROM alerts WHERE first_seen >= ? AND first_seen < ?'),
    };
  }

  kpis(range: TimeRange): Kpis {
    const m = splitRange(range, MINUTE_MS);
    const parts: Sums[] = [this.st.rawSums.get(m.head.from, m.head.to) as Sums];
    if (m.fullFrom < m.fullTo) parts.push(this.st.rollupSums.get(m.fullFrom, m.fullTo) as Sums);
    if (m.tail.from < m.tail.to) parts.push(this.st.rawSums.get(m.tail.from, m.tail.to) as Sums);
    const s = parts.reduce((a, b) => ({
      requests: a.requests + b.requests,
      s4xx: a.s4xx + b.s4xx,
      s5xx: a.s5xx + b.s5xx,
      bytes: a.bytes + b.bytes,
      latency_sum: a.latency_sum + b.latency_sum,
      latency_n: a.latency_n + b.latency_n,
    }));
    const uniq = this.uniqueClients(range);
    return {
      requests: s.requests,
      errors4xx: s.s4xx,
      errors5xx: s.s5xx,
      errorRate: s.requests ? (s.s4xx + s.s5xx) / s.requests : 0,
      uniqueClients: uniq,
      bytes: s.bytes,
      avgLatencyMs: s.latency_n ? s.latency_sum / s.latency_n : -1,
      alertsOpened: (this.st.alertsOpened.get(range.from, range.to) as { n: number }).n,
      openAlerts: (this.st.openAlerts.get(range.from, range.to) as { n: number }).n,
    };
  }

  /** Exact inside one hour; over whole hours, a HyperLogLog estimate (±2%) fed with the exact edge clients. */
  private uniqueClients(range: TimeRange): number {
    const h = splitRange(range, HOUR_MS);
    const edge = (this.st.edgeClients.raw().all(h.head.from, h.head.to, h.tail.from, h.tail.to) as number[][]).map((r) => r[0]!);
    if (h.fullFrom >= h.fullTo) return edge.length;
    const sketch = new Hll();
    for (const { regs } of this.st.sketches.iterate(h.fullFrom, h.fullTo) as IterableIterator<{ regs: Buffer }>) sketch.merge(regs);
    for (const c of edge) sketch.add(c);
    return sketch.estimate();
  }

  /**
   * Buckets of `bucketMs` starting at `range.from`. Resolution is one minute: a minute's traffic goes to
   * the bucket holding the minute's start.
   */
  timeline(range: TimeRange, bucketMs: number): TimelineBucket[] {
    const n = Math.ceil((range.to - range.from) / bucketMs);
    const buckets: TimelineBucket[] = Array.from({ length: n }, (_, i) => ({
      start: range.from + i * bucketMs,
      requests: 0, s2xx: 0, s3xx: 0, s4xx: 0, s5xx: 0, other: 0, alerts: 0,
    }));
    const firstMinute = range.from - (range.from % MINUTE_MS);
    type MinuteRow = Omit<TimelineBucket, 'start' | 'alerts'> & { minute: number };
    for (const r of this.st.minutes.iterate(firstMinute, range.to) as IterableIterator<MinuteRow>) {
      const b = buckets[Math.max(0, Math.floor((r.minute - range.from) / bucketMs))];
      if (!b) continue;
      b.requests += r.requests;
      b.s2xx += r.s2xx;
      b.s3xx += r.s3xx;
      b.s4xx += r.s4xx;
      b.s5xx += r.s5xx;
      b.other += r.other;
    }
    for (const { t } of this.st.alertStarts.iterate(range.from, range.to) as IterableIterator<{ t: number }>) {
      const b = buckets[Math.floor((t - range.from) / bucketMs)];
      if (b) b.alerts++;
    }
    return buckets;
  }
}
