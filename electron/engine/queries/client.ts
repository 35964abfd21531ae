import type { Statement } from 'better-sqlite3';
import type { AlertRow, ClientActivity, Kpis, TimeRange, TimelineBucket, TopRow } from '../../contract/types';
import type { Db } from '../store/db';
import type { Interner } from '../store/interner';
import { alertRowFrom, type AlertDbRow } from '../store/alert-rows';
import { MINUTE_MS } from '../store/rollups';
import type { EventQueries } from './events';
import { BY_CLIENT, ClientBuckets } from './buckets';

const MAX_BUCKETS = 120;

/** One client's activity, straight from raw events through the (bucket, client) index. */
export class ClientQueries {
  private readonly st: Record<string, Statement>;
  private readonly buckets: ClientBuckets;

  constructor(
    db: Db,
    private readonly strings: Interner,
    private readonly events: EventQueries,
  ) {
    this.buckets = new ClientBuckets(db);
    const byClient = `FROM events INDEXED BY events_bucket_client WHERE ${BY_CLIENT} AND time >= @from AND time < @to`;
    this.st = {
      sums: db.prepare(`SELECT COUNT(*) AS requests, COALESCE(SUM(status BETWEEN 400 AND 499), 0) AS s4xx,
        COALESCE(SUM(status >= 500), 0) AS s5xx, COALESCE(SUM(CASE WHEN bytes > 0 THEN bytes ELSE 0 END), 0) AS bytes,
        COALESCE(SUM(CASE WHEN latency >= 0 THEN latency ELSE 0 END), 0) AS lsum, COALESCE(SUM(latency >= 0), 0) AS ln ${byClient}`),
      buckets: db.prepare(`SELECT CAST((time - @from) / @bucket AS INTEGER) AS i, COUNT(*) AS requests,
        SUM(status BETWEEN 200 AND 299) AS s2xx, SUM(status BETWEEN 300 AND 399) AS s3xx,
        SUM(status BETWEEN 400 AND 499) AS s4xx, SUM(status >= 500) AS s5xx, SUM(status < 200) AS other
        ${byClient} GROUP BY i`),
      endpoints: db.prepare(`SELECT s.value AS value, t.requests, t.errors FROM (SELECT template AS v, COUNT(*) AS requests,
        SUM(status >= 400) AS errors ${byClient} GROUP BY template ORDER BY requests DESC LIMIT 20) t
        JOIN strings s ON s.id = t.v ORDER BY t.requests DESC`),
      statuses: db.prepare(`SELECT CAST(status AS TEXT) AS value, COUNT(*) AS requests, SUM(status >= 400) AS errors
        ${byClient} GROUP BY status ORDER BY requests DESC LIMIT 20`),
      agents: db.prepare(`SELECT s.value AS value, t.requests, t.errors FROM (SELECT ua AS v, COUNT(*) AS requests,
        SUM(status >= 400) AS errors ${byClient} GROUP BY ua ORDER BY requests DESC LIMIT 20) t
        JOIN strings s ON s.id = t.v ORDER BY t.requests DESC`),
      hosts: db.prepare(`SELECT s.value AS value, t.requests, t.errors FROM (SELECT host AS v, COUNT(*) AS requests,
        SUM(status >= 400) AS errors ${byClient} AND host <> 0 GROUP BY host ORDER BY requests DESC LIMIT 20) t
        JOIN strings s ON s.id = t.v ORDER BY t.requests DESC`),
      alerts: db.prepare(`SELECT * FROM alerts WHERE key = ? AND last_seen >= ? AND first_seen < ? ORDER BY last_seen DESC LIMIT 100`),
    };
  }

  activity(client: string, range: TimeRange): ClientActivity {
    const id = this.strings.find(client);
    const p = { client: id, from: range.from, to: range.to, buckets: this.buckets.json(range) };
    const s = this.st.sums.get(p) as { requests: number; s4xx: number; s5xx: number; bytes: number; lsum: number; ln: number };
    const alerts = (this.st.alerts.all(client, range.from, range.to) as AlertDbRow[]).map(alertRowFrom);
    const kpis: Kpis = {
      requests: s.requests,
      errors4xx: s.s4xx,
      errors5xx: s.s5xx,
      errorRate: s.requests ? (s.s4xx + s.s5xx) / s.requests : 0,
      uniqueClients: s.requests ? 1 : 0,
      bytes: s.bytes,
      avgLatencyMs: s.ln ? s.lsum / s.ln : -1,
      alertsOpened: alerts.filter((a) => a.firstSeen >= range.from).length,
      openAlerts: alerts.filter((a) => a.status === 'open').length,
    };
    return {
      client,
      kpis,
      timeline: this.timeline(p, alerts),
      endpoints: this.st.endpoints.all(p) as TopRow[],
      statuses: this.st.statuses.all(p) as TopRow[],
      userAgents: this.st.agents.all(p) as TopRow[],
      hosts: this.st.hosts.all(p) as TopRow[],
      alerts,
      recent: id < 0 ? [] : this.events.list({ range, client, limit: 100 }),
    };
  }

  private timeline(p: { client: number; from: number; to: number; buckets: string }, alerts: AlertRow[]): TimelineBucket[] {
    const span = p.to - p.from;
    const bucket = Math.max(MINUTE_MS, Math.ceil(span / MAX_BUCKETS / MINUTE_MS) * MINUTE_MS);
    const n = Math.ceil(span / bucket);
    const out: TimelineBucket[] = Array.from({ length: n }, (_, i) => ({
      start: p.from + i * bucket, requests: 0, s2xx: 0, s3xx: 0, s4xx: 0, s5xx: 0, other: 0, alerts: 0,
    }));
    type R = Omit<TimelineBucket, 'start' | 'alerts'> & { i: number };
    for (const r of this.st.buckets.all({ ...p, bucket }) as R[]) {
      const b = out[r.i];
      if (b) Object.assign(b, { requests: r.requests, s2xx: r.s2xx, s3xx: r.s3xx, s4xx: r.s4xx, s5xx: r.s5xx, other: r.other });
    }
    for (const a of alerts) {
      const b = out[Math.floor((a.firstSeen - p.from) / bucket)];
      if (b) b.alerts++;
    }
    return out;
  }
}
