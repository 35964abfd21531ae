import type { AlertChange } from '../../core/detect/alert';
import type { PushedEvent } from '../contract/events';
import type { ErrorEnvelope } from '../contract/errors';
import type { AlertRow, EngineCounters, EngineState, ModelProgress, SourceStatus } from '../contract/types';

/**
 * Coalesces what the engine has to tell clients and releases it at most once per interval: an alert that
 * changed 1,000 times in 500 ms is one entry, in its latest state.
 */
export class PushCollector {
  /** `isNew`: first stored since the last flush; such an alert goes out as opened, whatever happened to it since. */
  private alerts = new Map<number, { row: AlertRow; change: AlertChange; isNew: boolean }>();
  private sourcesDirty = false;
  private countersDirty = false;
  private state: { state: EngineState; lastError: ErrorEnvelope | null } | null = null;
  private progress: ModelProgress | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly emit: (events: PushedEvent[]) => void,
    private readonly snapshot: () => { sources: SourceStatus[]; counters: EngineCounters },
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.flush(), this.intervalMs);
    this.timer.unref?.();
  }

  /**
   * `isNew`: the commit stored this alert for the first time. Being new sticks until delivered, so a client
   * never sees 'updated' or 'closed' for an alert it does not know: an episode that opened and closed between
   * two flushes (common when a burst of lines is appended at once) is delivered as opened, already closed
   * (`active` false), not only as closed.
   */
  alert(row: AlertRow, change: AlertChange, isNew = change === 'opened'): void {
    const prev = this.alerts.get(row.uid);
    this.alerts.set(row.uid, { row, change, isNew: isNew || prev?.isNew === true });
    this.countersDirty = true;
  }

  sources(): void {
    this.sourcesDirty = true;
  }

  counters(): void {
    this.countersDirty = true;
  }

  engineState(state: EngineState, lastError: ErrorEnvelope | null): void {
    this.state = { state, lastError };
  }

  /** A training job's progress: only the latest state is sent, except that a final phase is never dropped. */
  modelProgress(p: ModelProgress): void {
    const final = (x: ModelProgress | null) => x !== null && (x.phase === 'done' || x.phase === 'failed' || x.phase === 'cancelled');
    if (final(this.progress) && this.progress!.jobId !== p.jobId) this.flush();
    this.progress = p;
    if (final(p)) this.flush();
  }

  flush(): void {
    const events: PushedEvent[] = [];
    if (this.state) events.push({ event: 'engine.state', data: this.state });
    if (this.progress) events.push({ event: 'model.progress', data: this.progress });
    if (this.alerts.size) {
      const data = { opened: [] as AlertRow[], updated: [] as AlertRow[], closed: [] as AlertRow[] };
      for (const { row, change, isNew } of this.alerts.values()) data[isNew ? 'opened' : change].push(row);
      events.push({ event: 'alerts', data });
    }
    if (this.sourcesDirty || this.countersDirty) {
      const snap = this.snapshot();
      if (this.sourcesDirty) events.push({ event: 'sources', data: snap.sources });
      events.push({ event: 'counters', data: snap.counters });
    }
    this.state = null;
    this.progress = null;
    this.alerts.clear();
    this.sourcesDirty = false;
    this.countersDirty = false;
    if (events.length) this.emit(events);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.flush();
  }
}
