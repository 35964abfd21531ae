import type { Statement } from 'better-sqlite3';
import type { AllowEntry, AllowScope, RuleSetting } from '../../contract/types';
import type { Db } from '../store/db';

interface RuleDbRow {
  rule: string;
  enabled: number;
  params: string;
  updated_at: number;
}

const ALLOW_COLUMNS = 'id, value, scope, reason, expires_at AS expiresAt, created_at AS createdAt, created_by AS createdBy';

function parseParams(json: string): Record<string, number | string | boolean> {
  try {
    const v: unknown = JSON.parse(json);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
    const out: Record<string, number | string | boolean> = {};
    for (const [k, x] of Object.entries(v)) if (['number', 'string', 'boolean'].includes(typeof x)) out[k] = x as number | string | boolean;
    return out;
  } catch {
    return {};
  }
}

const toRule = (r: RuleDbRow): RuleSetting => ({
  rule: r.rule,
  enabled: r.enabled === 1,
  params: parseParams(r.params),
  updatedAt: r.updated_at,
});

export class AllowlistQueries {
  private readonly st: Record<string, Statement>;

  constructor(db: Db) {
    this.st = {
      all: db.prepare(`SELECT ${ALLOW_COLUMNS} FROM allowlist ORDER BY id`),
      live: db.prepare(`SELECT ${ALLOW_COLUMNS} FROM allowlist WHERE expires_at IS NULL OR expires_at > ? ORDER BY id`),
      add: db.prepare(`INSERT INTO allowlist (value, scope, reason, expires_at, created_at, created_by)
        VALUES (?, ?, ?, ?, ?, ?) RETURNING ${ALLOW_COLUMNS}`),
      remove: db.prepare('DELETE FROM allowlist WHERE id = ?'),
    };
  }

  list(includeExpired = false): AllowEntry[] {
    return (includeExpired ? this.st.all.all() : this.st.live.all(Date.now())) as AllowEntry[];
  }

  add(value: string, scope: AllowScope, reason: string, expiresAt: number | null, createdBy: string): AllowEntry {
    return this.st.add.get(value, scope, reason, expiresAt, Date.now(), createdBy) as AllowEntry;
  }

  remove(id: number): boolean {
    return this.st.remove.run(id).changes > 0;
  }
}

export class RuleQueries {
  private readonly st: Record<string, Statement>;

  constructor(db: Db) {
    this.st = {
      all: db.prepare('SELECT * FROM rule_config ORDER BY rule'),
      set: db.prepare(`INSERT INTO rule_config (rule, enabled, params, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (rule) DO UPDATE SET enabled = excluded.enabled, params = excluded.params, updated_at = excluded.updated_at
        RETURNING *`),
    };
  }

  list(): RuleSetting[] {
    return (this.st.all.all() as RuleDbRow[]).map(toRule);
  }

  set(rule: string, enabled: boolean, params: Record<string, number | string | boolean>): RuleSetting {
    return toRule(this.st.set.get(rule, enabled ? 1 : 0, JSON.stringify(params), Date.now()) as RuleDbRow);
  }
}
