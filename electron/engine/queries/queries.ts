import type { Statement } from 'better-sqlite3';
import type { ParseErrorRow } from '../../contract/types';
import type { Db } from '../store/db';
import type { Interner } from '../store/interner';
import { SourcesRepo } from '../store/sources-repo';
import { AlertQueries } from './alerts';
import { ClientQueries } from './client';
import { EventQueries } from './events';
import { EvidenceReader } from './evidence';
import { AllowlistQueries, RuleQueries } from './settings';
import { TopQueries } from './top';
import { TrafficQueries } from './traffic';

/** Every read the dashboard and CLI make, on the engine's connection (the worker owns the only handle). */
export class Queries {
  readonly traffic: TrafficQueries;
  readonly top: TopQueries;
  readonly events: EventQueries;
  readonly client: ClientQueries;
  readonly alerts: AlertQueries;
  /** Raw lines read back from the log files: alert evidence and single events. */
  readonly evidence: EvidenceReader;
  readonly allowlist: AllowlistQueries;
  readonly rules: RuleQueries;
  private readonly st: Record<string, Statement>;

  constructor(db: Db, strings: Interner, readonly dataDir: string) {
    this.traffic = new TrafficQueries(db);
    this.top = new TopQueries(db);
    this.events = new EventQueries(db, strings);
    this.client = new ClientQueries(db, strings, this.events);
    this.evidence = new EvidenceReader(new SourcesRepo(db), this.events);
    this.alerts = new AlertQueries(db, this.evidence);
    this.allowlist = new AllowlistQueries(db);
    this.rules = new RuleQueries(db);
    this.st = {
      errors: db.prepare(`SELECT source_id AS sourceId, line, offset, code, message, sample FROM parse_errors
        WHERE source_id = ? ORDER BY id DESC LIMIT ?`),
      counts: db.prepare('SELECT (SELECT COUNT(*) FROM events) AS events, (SELECT COUNT(*) FROM alerts) AS alerts'),
    };
  }

  /** The newest parse errors of a source (the store keeps a bounded number per source). */
  parseErrors(sourceId: number, limit = 20): ParseErrorRow[] {
    return this.st.errors.all(sourceId, limit) as ParseErrorRow[];
  }

  counts(): { events: number; alerts: number } {
    return this.st.counts.get() as { events: number; alerts: number };
  }
}
