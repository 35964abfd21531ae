/**
 * THE pushed-event map: engine → clients, without a request. The engine coalesces these and sends at most one
 * batch per push interval (500 ms), never one message per log line.
 */
import type { ErrorEnvelope } from './errors';
import type { AlertRow, EngineCounters, EngineState, ModelProgress, SourceStatus } from './types';

export interface EngineEvents {
  /**
   * Alerts changed since the last batch, each once and in its latest state: `opened` holds every alert first
   * stored since then (it may already be closed: `active` false), `updated` and `closed` the others by their
   * last change.
   */
  alerts: { opened: AlertRow[]; updated: AlertRow[]; closed: AlertRow[] };
  /** Sources whose status, position or rate changed. */
  sources: SourceStatus[];
  counters: EngineCounters;
  'engine.state': { state: EngineState; lastError: ErrorEnvelope | null };
  /** A `models.train` job's progress: trees done, elapsed, estimate; last one has phase done/failed/cancelled. */
  'model.progress': ModelProgress;
}

export type EventName = keyof EngineEvents;
export type PushedEvent = { [E in EventName]: { event: E; data: EngineEvents[E] } }[EventName];
