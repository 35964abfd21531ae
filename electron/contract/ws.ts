/**
 * The contract over one WebSocket (`api-shield serve`): the same requests and pushed events as the Electron
 * IPC bridge, as JSON text messages. No Node imports: the renderer's WebSocket client uses this file.
 *
 *   client → server  {id, name, params}
 *   server → client  {id, result} | {id, error: ErrorEnvelope}     exactly one per request, same id
 *   server → client  {event, data}                                 pushed events (EngineEvents)
 *
 * A message that cannot be parsed, or has no usable id, is answered with `id: null` and a bad-request error.
 */
import { EngineError, type ErrorEnvelope } from './errors';
import type { EngineEvents, EventName } from './events';
import type { Method, ParamsOf } from './handlers';
import { isMethod, validateParams } from './params';

export const WS_PATH = '/ws';

export type WsId = number | string;

export interface WsRequest<M extends Method = Method> {
  id: WsId;
  name: M;
  params: ParamsOf<M>;
}

export type WsResponse = { id: WsId | null; result: unknown } | { id: WsId | null; error: ErrorEnvelope };
export type WsPush = { [E in EventName]: { event: E; data: EngineEvents[E] } }[EventName];
export type WsServerMessage = WsResponse | WsPush;

export type ParsedWsRequest = { ok: true; request: WsRequest } | { ok: false; id: WsId | null; error: ErrorEnvelope };

function validId(v: unknown): v is WsId {
  return (typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'string' && v.length > 0 && v.length <= 64);
}

const bad = (id: WsId | null, message: string): ParsedWsRequest => ({
  ok: false,
  id,
  error: new EngineError('bad-request', message).toEnvelope(),
});

/** Parses and validates one client message with the contract's own validators. */
export function parseWsRequest(text: string): ParsedWsRequest {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch (err) {
    return bad(null, `malformed JSON: ${(err as Error).message}`);
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return bad(null, 'a request must be a JSON object {id, name, params}');
  const m = msg as Record<string, unknown>;
  if (!validId(m.id)) return bad(null, 'id must be a safe integer or a string of 1-64 characters');
  for (const k of Object.keys(m)) if (k !== 'id' && k !== 'name' && k !== 'params') return bad(m.id, `${k}: unknown field`);
  if (!isMethod(m.name)) {
    return { ok: false, id: m.id, error: new EngineError('unknown-method', `unknown request '${String(m.name)}'`).toEnvelope() };
  }
  try {
    const params = validateParams(m.name, m.params);
    return { ok: true, request: { id: m.id, name: m.name, params } as WsRequest };
  } catch (err) {
    if (err instanceof EngineError) return { ok: false, id: m.id, error: err.toEnvelope() };
    throw err;
  }
}

export function isWsPush(m: unknown): m is WsPush {
  return typeof m === 'object' && m !== null && typeof (m as { event?: unknown }).event === 'string';
}
