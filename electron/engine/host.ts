import { EngineError, type ErrorEnvelope } from '../contract/errors';
import type { HandlerMap } from '../contract/handlers';
import { isMethod } from '../contract/params';
import type { FromEngine, ResponseMessage } from '../contract/protocol';
import type { Engine } from './engine';
import { createHandlers, dispatch } from './handlers';
import { storeErrorEnvelope } from './store/errors';

function envelope(err: unknown): ErrorEnvelope {
  if (err instanceof EngineError) return err.toEnvelope();
  return storeErrorEnvelope(err);
}

/**
 * Turns channel messages into handler calls and every outcome into exactly one response carrying the
 * request id. Nothing a client sends can throw out of here: malformed messages get an error envelope too.
 */
export class EngineHost {
  private readonly handlers: HandlerMap;

  constructor(
    engine: Engine,
    private readonly post: (m: FromEngine) => void,
  ) {
    this.handlers = createHandlers(engine);
  }

  async handle(msg: unknown): Promise<void> {
    if (typeof msg !== 'object' || msg === null) return;
    const m = msg as { type?: unknown; id?: unknown; method?: unknown; params?: unknown };
    if (m.type !== 'request') return;
    const id = typeof m.id === 'number' && Number.isSafeInteger(m.id) ? m.id : -1;
    let res: ResponseMessage;
    try {
      if (id < 0) throw new EngineError('bad-request', 'request id must be a safe integer');
      if (!isMethod(m.method)) throw new EngineError('unknown-method', `unknown method '${String(m.method)}'`);
      const result = await dispatch(this.handlers, m.method, m.params);
      res = { type: 'response', id, ok: true, result } as ResponseMessage;
    } catch (err) {
      res = { type: 'response', id, ok: false, error: envelope(err) };
    }
    this.post(res);
  }
}
