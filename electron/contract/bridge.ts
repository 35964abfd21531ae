/**
 * The renderer's one window onto the engine: the typed contract, nothing else. Implemented by the Electron
 * preload (IPC to main, which relays to the engine worker) and by the browser client of `serve`.
 * No Node or Electron imports: the renderer compiles against this file.
 */
import type { ErrorEnvelope } from './errors';
import type { EngineEvents, EventName } from './events';
import type { Method, ParamsOf, ResultOf } from './handlers';

export interface ShieldBridge {
  readonly shell: 'electron' | 'browser';
  request<M extends Method>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  on<E extends EventName>(event: E, listener: (data: EngineEvents[E]) => void): () => void;
  /**
   * The desktop shell's file dialog, to pick a log to import or watch: its absolute path, or null when
   * cancelled. Absent in the browser (a page cannot learn a local file's path); paths are typed there.
   */
  pickLogFile?(purpose: PickPurpose): Promise<string | null>;
}

export type PickPurpose = 'import' | 'watch';

export const IPC_CHANNELS = { request: 'api-shield:request', push: 'api-shield:push', pickFile: 'api-shield:pick-file' } as const;

/** Requests answer with an envelope, never a thrown error: Electron's IPC would strip the error's code. */
export type IpcReply = { ok: true; result: unknown } | { ok: false; error: ErrorEnvelope };

const EVENT_SET: Record<EventName, true> = {
  alerts: true,
  sources: true,
  counters: true,
  'engine.state': true,
  'model.progress': true,
};
export const EVENT_NAMES = Object.keys(EVENT_SET) as EventName[];
