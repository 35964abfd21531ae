import type { ParseError } from '../../../core/events/parse-error';
import type { Alert, AlertChange } from '../../../core/detect/alert';
import type { SourceState } from '../../contract/types';
import { EventRows } from './event-rows';
import { RollupDeltas } from './rollups';

/** The committed resume point of one file generation: written in the same transaction as its events. */
export interface FilePosition {
  fileId: number;
  offset: number;
  line: number;
  finished: boolean;
}

export interface SourceDelta {
  lines: number;
  events: number;
  parseErrors: number;
  ignored: number;
  rotations: number;
}

export interface PendingAlert {
  alert: Alert;
  opened: boolean;
  closed: boolean;
}

/**
 * Everything read since the last commit, already encoded for the store. Event rows carry the file generation
 * id, so a row points at the exact file its offset belongs to.
 */
export class Batch {
  /** `rows`: the previous batch's buffer, emptied, so a busy ingest does not regrow one every commit. */
  constructor(readonly rows: EventRows = new EventRows()) {
    rows.clear();
  }

  readonly rollups = new RollupDeltas();
  errors: { sourceId: number; error: ParseError }[] = [];
  alerts = new Map<string, PendingAlert>();
  positions = new Map<number, FilePosition>();
  deltas = new Map<number, SourceDelta>();
  states = new Map<number, { state: SourceState; lastError: string | null }>();
  startedAt = 0;

  get size(): number {
    return this.rows.count + this.errors.length;
  }

  get empty(): boolean {
    return this.size === 0 && this.alerts.size === 0 && this.positions.size === 0 && this.deltas.size === 0 && this.states.size === 0;
  }

  delta(sourceId: number): SourceDelta {
    let d = this.deltas.get(sourceId);
    if (!d) {
      d = { lines: 0, events: 0, parseErrors: 0, ignored: 0, rotations: 0 };
      this.deltas.set(sourceId, d);
    }
    return d;
  }

  alert(a: Alert, change: AlertChange): void {
    const p = this.alerts.get(a.id);
    // Detectors may reuse and mutate one object per episode: keep the reference, snapshot at commit.
    if (p) {
      p.alert = a;
      p.closed ||= change === 'closed';
      p.opened ||= change === 'opened';
    } else this.alerts.set(a.id, { alert: a, opened: change === 'opened', closed: change === 'closed' });
  }
}
