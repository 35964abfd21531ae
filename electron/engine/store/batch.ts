import type { ParseError } from '../../../core/events/parse-error';
import type { Alert, AlertChange } from '../../../core/detect/alert';
import type { SourceState } from '../../contract/types';
import { EVENT_COLUMNS, EventRows } from './event-rows';
import type { NewStrings } from './interner';
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

/** What the writer reads of a batch's rollups (a structured clone keeps the fields, not the methods). */
export type RollupData = Pick<RollupDeltas, 'minutes' | 'hours'> & { clients: Map<number, { regs: Uint8Array }> };

/**
 * A batch as handed to the writer: plain data that survives structured cloning to the writer thread, and a
 * copy, so the batch's buffers are reused at once and a failed commit can be retried as it was.
 */
export interface BatchMessage {
  runId: number;
  strings: NewStrings;
  /**
   * Row r's query string is `queries.slice(queryEnds[r - 1] ?? 0, queryEnds[r])`: one string, because
   * cloning 20,000 small strings one by one to the writer thread cost more than the slicing.
   */
  rows: { data: Float64Array; count: number; queries: string; queryEnds: Uint32Array };
  rollups: RollupData;
  errors: Batch['errors'];
  alerts: PendingAlert[];
  positions: FilePosition[];
  deltas: [number, SourceDelta][];
  states: [number, { state: SourceState; lastError: string | null }][];
}

export function batchMessage(b: Batch, runId: number, strings: NewStrings): BatchMessage {
  const n = b.rows.count;
  const queries = b.rows.queries;
  const queryEnds = new Uint32Array(n);
  let end = 0;
  for (let r = 0; r < n; r++) queryEnds[r] = end += queries[r]!.length;
  return {
    runId,
    strings,
    rows: { data: b.rows.data.slice(0, n * EVENT_COLUMNS), count: n, queries: queries.slice(0, n).join(''), queryEnds },
    rollups: b.rollups,
    errors: b.errors,
    // The alert objects are the detectors' own, which they keep updating: posting the message to the writer
    // thread copies them as they are at the hand-off, and an inline commit writes them right away (a retry
    // after a refusal stores their newer state, as the next batch would).
    alerts: [...b.alerts.values()],
    positions: [...b.positions.values()],
    deltas: [...b.deltas],
    states: [...b.states],
  };
}
