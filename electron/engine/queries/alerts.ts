import type { Statement } from 'better-sqlite3';
import { EngineError } from '../../contract/errors';
import type { EngineApi } from '../../contract/handlers';
import type {
  AlertDetail, AlertRow, AlertSortField, BulkStatusResult, Note, Page, RuleAlertCount, Severity, StatusChange, TimeRange, TriageStatus,
} from '../../contract/types';
import { SEVERITY_RANK } from '../store/writer';
import type { Db } from '../store/db';
import { alertRowFrom, evidenceFrom, type AlertDbRow } from '../store/alert-rows';
import type { EvidenceReader } from './evidence';

const SORT_COLUMN: Record<AlertSortField, string> = {
  lastSeen: 'last_seen',
  firstSeen: 'first_seen',
  risk: 'risk',
  severity: 'severity_rank',
  count: 'count',
};

type ListParams = EngineApi['alerts.list']['params'];

const SEVERITY_BY_RANK: Record<number, Severity> = Object.fromEntries(Object.entries(SEVERITY_RANK).map(([s, r]) => [r, s as Severity]));

/** Alert list, detail and triage. */
export class AlertQueries {
  private readonly cache = new Map<string, Statement>();
  private readonly st: Record<string, Statement>;

  constructor(
    private readonly db: Db,
    private readonly evidence: EvidenceReader,
  ) {
    this.st = {
      one: db.prepare('SELECT * FROM alerts WHERE uid = ?'),
      history: db.prepare(`SELECT at, who, from_status AS "from", to_status AS "to", reason FROM alert_status_history
        WHERE alert_uid = ? ORDER BY id`),
      notes: db.prepare('SELECT id, alert_uid AS alertUid, at, who, text FROM notes WHERE alert_uid = ? ORDER BY id'),
      setStatus: db.prepare('UPDATE alerts SET status = ?, updated_at = ? WHERE uid = ?'),
      addHistory: db.prepare(`INSERT INTO alert_status_history (alert_uid, at, who, from_status, to_status, reason)
        VALUES (?, ?, ?, ?, ?, ?)`),
      addNote: db.prepare(`INSERT INTO notes (alert_uid, at, who, text) VALUES (?, ?, ?, ?)
        RETURNING id, alert_uid AS alertUid, at, who, text`),
      // The same "active in the range" test as list()'s range filter.
      byRule: db.prepare(`SELECT rule, COUNT(*) AS alerts, SUM(status = 'open') AS open, MAX(severity_rank) AS rank,
        MAX(last_seen) AS lastSeen FROM alerts WHERE last_seen >= ? AND first_seen < ?
        GROUP BY rule ORDER BY rank DESC, alerts DESC, rule`),
    };
  }

  byRule(range: TimeRange): RuleAlertCount[] {
    const rows = this.st.byRule.all(range.from, range.to) as { rule: string; alerts: number; open: number; rank: number; lastSeen: number }[];
    return rows.map((r) => ({ rule: r.rule, alerts: r.alerts, open: r.open, worst: SEVERITY_BY_RANK[r.rank]!, lastSeen: r.lastSeen }));
  }

  /** Filters come from a fixed set of fragments; their values are bound, never spliced into SQL. */
  list(p: ListParams): Page<AlertRow> {
    const f = p.filter ?? {};
    const where: string[] = [];
    const args: Record<string, string | number> = {};
    if (f.severity?.length) {
      where.push('severity IN (SELECT value FROM json_each(@severity))');
      args.severity = JSON.stringify(f.severity);
    }
    if (f.rule?.length) {
      where.push('rule IN (SELECT value FROM json_each(@rule))');
      args.rule = JSON.stringify(f.rule);
    }
    if (f.status?.length) {
      where.push('status IN (SELECT value FROM json_each(@status))');
      args.status = JSON.stringify(f.status);
    }
    if (f.key !== undefined) {
      where.push('key = @key');
      args.key = f.key;
    }
    if (f.text !== undefined) {
      where.push(`(key LIKE @text ESCAPE '\\' OR rule LIKE @text ESCAPE '\\' OR reason LIKE @text ESCAPE '\\')`);
      args.text = `%${f.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    if (f.range) {
      where.push('last_seen >= @from AND first_seen < @to');
      args.from = f.range.from;
      args.to = f.range.to;
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const sort = p.sort ?? { field: 'lastSeen', dir: 'desc' };
    const dir = sort.dir === 'asc' ? 'ASC' : 'DESC';
    const total = (this.prepared(`SELECT COUNT(*) AS n FROM alerts ${clause}`).get(args) as { n: number }).n;
    const rows = this.prepared(
      `SELECT * FROM alerts ${clause} ORDER BY ${SORT_COLUMN[sort.field]} ${dir}, uid ${dir} LIMIT @limit OFFSET @offset`,
    ).all({ ...args, limit: p.limit ?? 50, offset: p.offset ?? 0 }) as AlertDbRow[];
    return { total, rows: rows.map(alertRowFrom) };
  }

  private prepared(sql: string): Statement {
    let st = this.cache.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.cache.set(sql, st);
    }
    return st;
  }

  private row(uid: number): AlertDbRow {
    const r = this.st.one.get(uid) as AlertDbRow | undefined;
    if (!r) throw new EngineError('not-found', `no alert with uid ${uid}`);
    return r;
  }

  get(uid: number): AlertRow {
    return alertRowFrom(this.row(uid));
  }

  async detail(uid: number): Promise<AlertDetail> {
    const r = this.row(uid);
    return {
      alert: alertRowFrom(r),
      evidence: await this.evidence.lines(evidenceFrom(r)),
      history: this.st.history.all(uid) as StatusChange[],
      notes: this.st.notes.all(uid) as Note[],
    };
  }

  /** Any move between triage states is allowed (reopening included) and recorded with who and why. */
  setStatus(uid: number, to: TriageStatus, who: string, reason: string): AlertRow {
    return this.db.transaction(() => {
      const r = this.row(uid);
      if (r.status === to) throw new EngineError('conflict', `alert ${uid} is already ${to}`);
      return this.moveStatus(r, to, who, reason, Date.now());
    }).immediate();
  }

  /**
   * All or nothing: every uid is looked up before the first write, so an unknown one leaves the store as it was.
   * Alerts already in `to` are skipped rather than failing the batch (a selection often mixes them in), and get
   * no history row, exactly as a single change that never happened.
   */
  setStatusMany(uids: readonly number[], to: TriageStatus, who: string, reason: string): BulkStatusResult {
    return this.db.transaction(() => {
      const missing = uids.filter((uid) => this.st.one.get(uid) === undefined);
      if (missing.length) {
        const some = missing.slice(0, 10).join(', ') + (missing.length > 10 ? `, … (${missing.length} in all)` : '');
        throw new EngineError('not-found', `no alert with uid ${some}; nothing was changed`);
      }
      const now = Date.now();
      const out: BulkStatusResult = { updated: [], unchanged: [] };
      for (const uid of uids) {
        const r = this.row(uid);
        if (r.status === to) out.unchanged.push(uid);
        else out.updated.push(this.moveStatus(r, to, who, reason, now));
      }
      return out;
    }).immediate();
  }

  /** The one place a triage change is written: single and bulk requests must leave identical traces. */
  private moveStatus(r: AlertDbRow, to: TriageStatus, who: string, reason: string, now: number): AlertRow {
    this.st.setStatus.run(to, now, r.uid);
    this.st.addHistory.run(r.uid, now, who, r.status, to, reason);
    return alertRowFrom(this.row(r.uid));
  }

  addNote(uid: number, who: string, text: string): Note {
    this.row(uid);
    return this.st.addNote.get(uid, Date.now(), who, text) as Note;
  }
}
