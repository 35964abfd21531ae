import { EVENT_NAMES } from '../contract/bridge';
import { isErrorEnvelope, type ErrorEnvelope } from '../contract/errors';
import type { Method } from '../contract/handlers';
import { parseWsRequest, type WsServerMessage } from '../contract/ws';
import type { EngineClient } from '../engine/client';

/** What the gateway needs of a connection (a WsConnection, or a fake in tests). */
export interface MessageChannel {
  readonly isOpen: boolean;
  sendText(text: string): void;
}

/** Requests one connection may have in flight; more are answered with an error instead of queueing. */
export const MAX_IN_FLIGHT = 64;

function envelopeOf(err: unknown): ErrorEnvelope {
  if (isErrorEnvelope(err)) return { name: err.name, code: err.code, message: err.message };
  const e = err as Error;
  return { name: 'EngineError', code: 'internal', message: String(e?.message ?? e) };
}

/**
 * Carries the contract between WebSocket connections and the engine: every request is validated with the
 * contract's validators before it reaches the engine, every outcome becomes one typed response, and pushed
 * events are fanned out to every open connection.
 */
export class EngineGateway {
  private readonly channels = new Set<MessageChannel>();
  private readonly inFlight = new Map<MessageChannel, number>();
  private readonly unsubscribe: Array<() => void>;

  constructor(private readonly client: EngineClient) {
    this.unsubscribe = EVENT_NAMES.map((event) =>
      client.on(event, (data) => this.broadcast(JSON.stringify({ event, data } as WsServerMessage))),
    );
  }

  get connections(): number {
    return this.channels.size;
  }

  add(ch: MessageChannel): void {
    this.channels.add(ch);
    this.inFlight.set(ch, 0);
  }

  remove(ch: MessageChannel): void {
    this.channels.delete(ch);
    this.inFlight.delete(ch);
  }

  /** Handles one text message from `ch`; resolves once its response has been sent. */
  async message(ch: MessageChannel, text: string): Promise<void> {
    const parsed = parseWsRequest(text);
    if (!parsed.ok) return this.send(ch, { id: parsed.id, error: parsed.error });
    const { id, name, params } = parsed.request;
    const n = this.inFlight.get(ch) ?? 0;
    if (n >= MAX_IN_FLIGHT) {
      return this.send(ch, { id, error: { name: 'EngineError', code: 'bad-request', message: `more than ${MAX_IN_FLIGHT} requests in flight` } });
    }
    this.inFlight.set(ch, n + 1);
    try {
      const result = await this.client.request(name as Method, params as never);
      this.send(ch, { id, result });
    } catch (err) {
      this.send(ch, { id, error: envelopeOf(err) });
    } finally {
      if (this.inFlight.has(ch)) this.inFlight.set(ch, (this.inFlight.get(ch) ?? 1) - 1);
    }
  }

  private send(ch: MessageChannel, msg: WsServerMessage): void {
    if (ch.isOpen) ch.sendText(JSON.stringify(msg));
  }

  private broadcast(text: string): void {
    for (const ch of this.channels) if (ch.isOpen) ch.sendText(text);
  }

  dispose(): void {
    for (const off of this.unsubscribe) off();
    this.channels.clear();
  }
}
