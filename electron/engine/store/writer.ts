import type { Statement, Transaction } from 'better-sqlite3';
import type { AlertChange } from '../../../core/detect/alert';
import type { ModelScoredAlert } from '../../../core/pipeline/model-alerts';
import type { AlertRow } from '../../contract/types';
import type { Db } from './db';
import type { BatchMessage } from './batch';
import { Interner, type NewStrings } from './interner';
import { RollupWriter } from './rollups';
import { EVENT_COLUMNS } from './event-rows';
import { alertRowFrom, type AlertDbRow } from './alert-rows';

const ROWS_PER_INSERT = 50;
/** The numeric columns, then the query string. */
const ROW_PARAMS = EVENT_COLUMNS + 1;

export const SEVERITY_RANK = { low: 1, medium: 2, high: 3, critical: 4 } as const;

export interface CommitResult {
  events: number;
  /** `isNew`: first stored by this commit (it may already be closed: opened and closed within the batch). */
  alerts: { row: AlertRow; change: AlertChange; isNew: boolean }[];
  ms: number;
}

/**
 * The only code that writes ingest data. One call = one transaction holding the events, their new strings,
 * parse errors, alert changes, rollups AND the file offsets they came from, so a crash at any instant leaves
 * the store either before or after the whole batch: resuming from the stored offsets neither loses nor
 * repeats a line. Runs on the writer thread (store-writer.ts) or, without one, in the engine's thread.
 */
export class BatchWriter {
  private readonly rollups: RollupWriter;
  private readonly writeStrings: (list: NewStrings) => void;
  private readonly st: Record<
    'event' | 'events' | 'error' | 'trimErrors' | 'position' | 'delta' | 'state' | 'alert',
    Statement
  >;
  private readonly tx: Transaction<(b: BatchMessage) => CommitResult>;

  constructor(
    db: Db,
    private readonly maxErrorsPerSource = 1000,
  ) {
    this.writeStrings = Interner.writer(db);
    this.rollups = new RollupWriter(db);
    const insert = `INSERT INTO events (time, client, method, path, template, status, bytes, latency, ua, api, app, user,
        file_id, line, offset, kind, error_code, host, query) VALUES `;
    const tuple = `(${new Array(ROW_PARAMS).fill('?').join(', ')})`;
    this.st = {
      event: db.prepare(insert + tuple),
      // Multi-row insert: one native call per ROWS_PER_INSERT events instead of one each.
      events: db.prepare(insert + new Array(ROWS_PER_INSERT).fill(tuple).join(', ')),
      error: db.prepare(`INSERT INTO parse_errors (source_id, file_id, line, offset, code, message, sample)
        VALUES (?, ?, ?, ?, ?, ?, ?)`),
      trimErrors: db.prepare(`DELETE FROM parse_errors WHERE source_id = ? AND id <=
        (SELECT id FROM parse_errors WHERE source_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`),
      position: db.prepare('UPDATE files SET offset = ?, line = ?, finished = ? WHERE id = ?'),
      delta: db.prepare(`UPDATE sources SET lines = lines + ?, events = events + ?, parse_errors = parse_errors + ?,
        ignored = ignored + ?, rotations = rotations + ?, updated_at = ? WHERE id = ?`),
      state: db.prepare('UPDATE sources SET state = ?, last_error = ?, updated_at = ? WHERE id = ?'),
      alert: db.prepare(`INSERT INTO alerts (run_id, alert_id, key, key_kind, rule, category, severity, severity_rank, risk,
        action, count, first_seen, last_seen, reason, evidence, model_score, model_features, clients, active, updated_at)
        VALUES (@runId, @id, @key, @keyKind, @rule, @category, @severity, @rank, @risk, @action, @count, @firstSeen,
          @lastSeen, @reason, @evidence, @modelScore, @modelFeatures, @clients, @active, @now)
        ON CONFLICT (run_id, alert_id) DO UPDATE SET severity = excluded.severity, severity_rank = excluded.severity_rank,
          risk = excluded.risk, action = excluded.action, count = excluded.count, last_seen = excluded.last_seen,
          reason = excluded.reason, evidence = excluded.evidence, model_score = excluded.model_score,
          model_features = excluded.model_features, clients = excluded.clients,
          active = excluded.active, updated_at = excluded.updated_at
        RETURNING *`),
    };
    this.tx = db.transaction((b: BatchMessage) => this.write(b));
  }

  /** Throws on failure (the transaction is rolled back; the message can be committed again). */
  commit(batch: BatchMessage): CommitResult {
    return this.tx.immediate(batch);
  }

  private write(b: BatchMessage): CommitResult {
    const t0 = performance.now();
    const runId = b.runId;
    this.writeStrings(b.strings);
    this.insertRows(b.rows);
    this.rollups.write(b.rollups);

    const errorSources = new Set<number>();
    for (const { sourceId, error: pe } of b.errors) {
      this.st.error.run(sourceId, pe.source, pe.line, pe.offset, pe.code, pe.message, pe.sample);
      errorSources.add(sourceId);
    }
    for (const id of errorSources) this.st.trimErrors.run(id, id, this.maxErrorsPerSource);

    const now = Date.now();
    const alerts: CommitResult['alerts'] = [];
    for (const p of b.alerts) {
      const a = p.alert;
      const row = this.st.alert.get({
        runId, id: a.id, key: a.key, keyKind: a.keyKind, rule: a.rule, category: a.category, severity: a.severity,
        rank: SEVERITY_RANK[a.severity], risk: Math.round(a.risk), action: a.action, count: a.count,
        firstSeen: a.firstSeen, lastSeen: a.lastSeen, reason: a.reason, evidence: JSON.stringify(a.evidence),
        modelScore: a.modelScore, modelFeatures: JSON.stringify((a as ModelScoredAlert).modelFeatures ?? []),
        clients: JSON.stringify(a.clients ?? []),
        active: p.closed ? 0 : 1, now,
      }) as AlertDbRow;
      alerts.push({ row: alertRowFrom(row), change: p.closed ? 'closed' : p.opened ? 'opened' : 'updated', isNew: p.opened });
    }

    for (const p of b.positions) this.st.position.run(p.offset, p.line, p.finished ? 1 : 0, p.fileId);
    for (const [id, d] of b.deltas) this.st.delta.run(d.lines, d.events, d.parseErrors, d.ignored, d.rotations, now, id);
    for (const [id, st] of b.states) this.st.state.run(st.state, st.lastError, now, id);
    return { events: b.rows.count, alerts, ms: performance.now() - t0 };
  }

  private insertRows(rows: BatchMessage['rows']): void {
    const d = rows.data;
    const text = rows.queries;
    const ends = rows.queryEnds;
    const query = (r: number): string => (r === 0 ? text.slice(0, ends[0]) : text.slice(ends[r - 1]!, ends[r]));
    const full = Math.floor(rows.count / ROWS_PER_INSERT);
    const params = new Array<number | string>(ROWS_PER_INSERT * ROW_PARAMS);
    for (let i = 0; i < full; i++) {
      let p = 0;
      for (let r = i * ROWS_PER_INSERT; r < (i + 1) * ROWS_PER_INSERT; r++) {
        const base = r * EVENT_COLUMNS;
        for (let j = 0; j < EVENT_COLUMNS; j++) params[p++] = d[base + j]!;
        params[p++] = query(r);
      }
      this.st.events.run(params);
    }
    const one = new Array<number | string>(ROW_PARAMS);
    for (let r = full * ROWS_PER_INSERT; r < rows.count; r++) {
      const base = r * EVENT_COLUMNS;
      for (let j = 0; j < EVENT_COLUMNS; j++) one[j] = d[base + j]!;
      one[EVENT_COLUMNS] = query(r);
      this.st.event.run(one);
    }
  }
}
