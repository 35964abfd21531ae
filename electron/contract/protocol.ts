/**
 * Messages on the engine channel (worker_threads port, or Electron IPC relayed by main). Discriminated on
 * `type`; every request carries an id that its single response echoes.
 */
import type { ErrorEnvelope } from './errors';
import type { PushedEvent } from './events';
import type { Method, ParamsOf, ResultOf } from './handlers';

export interface RequestMessage<M extends Method = Method> {
  type: 'request';
  id: number;
  method: M;
  params: ParamsOf<M>;
}

export type ResponseMessage<M extends Method = Method> =
  | { type: 'response'; id: number; ok: true; result: ResultOf<M> }
  | { type: 'response'; id: number; ok: false; error: ErrorEnvelope };

export interface PushMessage {
  type: 'push';
  events: PushedEvent[];
}

/** Sent once by the worker when the engine has opened its store and is ready for requests. */
export interface ReadyMessage {
  type: 'ready';
}

/** The engine could not start or died: no further responses will come. */
export interface FatalMessage {
  type: 'fatal';
  error: ErrorEnvelope;
}

/** Asks the worker to flush, close the store and exit. */
export interface ShutdownMessage {
  type: 'shutdown';
}

export type ToEngine = RequestMessage | ShutdownMessage;
export type FromEngine = ResponseMessage | PushMessage | ReadyMessage | FatalMessage | { type: 'closed' };

export const PUSH_INTERVAL_MS = 500;
