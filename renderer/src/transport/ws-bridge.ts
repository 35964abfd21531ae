/**
 * ShieldBridge over the `serve` WebSocket: the same typed contract the Electron preload exposes, so the
 * dashboard does not know which shell it runs in. Reconnects with backoff; requests made while disconnected
 * fail at once with an `engine-stopped` error (the UI shows the connection state instead of hanging).
 *
 * Written against a minimal socket interface (no DOM types) so unit tests can drive it with a fake.
 */
import type { ShieldBridge } from '../../../electron/contract/bridge';
import { RemoteEngineError, isErrorEnvelope, type ErrorEnvelope } from '../../../electron/contract/errors';
import type { EngineEvents, EventName } from '../../../electron/contract/events';
import type { Method, ParamsOf, ResultOf } from '../../../electron/contract/handlers';

/** The part of the browser's WebSocket this client uses. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface WsBridgeOptions {
  url: string;
  /** Creates a socket; the browser's `new WebSocket(url)` by default. */
  connect: (url: string) => SocketLike;
  /** Reconnect delays grow from `minDelayMs` to `maxDelayMs`. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** A request unanswered for this long fails with an `internal` error; default none (a lost connection fails it anyway). */
  requestTimeoutMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: unknown };
type Listener = (data: never) => void;

const OPEN = 1;

function stopped(message: string): RemoteEngineError {
  return new RemoteEngineError({ name: 'EngineError', code: 'engine-stopped', message });
}

export class WsBridge implements ShieldBridge {
  readonly shell = 'browser' as const;
  private socket: SocketLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<EventName, Set<Listener>>();
  private readonly stateListeners = new Set<(s: ConnectionState) => void>();
  private delay: number;
  private retryTimer: unknown = null;
  private disposed = false;
  state: ConnectionState = 'connecting';

  constructor(private readonly opts: WsBridgeOptions) {
    this.delay = opts.minDelayMs ?? 500;
    this.open();
  }

  private get setTimer() {
    return this.opts.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  }

  private get clearTimer() {
    return this.opts.clearTimer ?? ((t: unknown) => clearTimeout(t as ReturnType<typeof setTimeout>));
  }

  private setState(s: ConnectionState): void {
    if (this.state === s) return;
    this.state = s;
    for (const l of this.stateListeners) l(s);
  }

  onState(listener: (s: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => void this.stateListeners.delete(listener);
  }

  private open(): void {
    if (this.disposed) return;
    this.setState('connecting');
    let sock: SocketLike;
    try {
      sock = this.opts.connect(this.opts.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = sock;
    sock.onopen = () => {
      this.delay = this.opts.minDelayMs ?? 500;
      this.setState('open');
    };
    sock.onmessage = (ev) => this.receive(ev.data);
    sock.onerror = () => {};
    sock.onclose = () => {
      if (this.socket !== sock) return;
      this.socket = null;
      this.failAll('connection to the engine lost');
      this.setState('closed');
      this.scheduleRetry();
    };
  }

  private scheduleRetry(): void {
    if (this.disposed || this.retryTimer !== null) return;
    const ms = this.delay;
    this.delay = Math.min(this.delay * 2, this.opts.maxDelayMs ?? 10_000);
    this.retryTimer = this.setTimer(() => {
      this.retryTimer = null;
      this.open();
    }, ms);
  }

  private failAll(message: string): void {
    for (const p of this.pending.values()) {
      if (p.timer !== null) this.clearTimer(p.timer);
      p.reject(stopped(message));
    }
    this.pending.clear();
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(data) as Record<string, unknown>;
    } catch {
      return;
    }
    if (typeof msg.event === 'string') {
      for (const l of this.listeners.get(msg.event as EventName) ?? []) (l as (d: unknown) => void)(msg.data);
      return;
    }
    if (typeof msg.id !== 'number') return;
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (p.timer !== null) this.clearTimer(p.timer);
    if ('error' in msg) {
      const e = msg.error;
      p.reject(new RemoteEngineError(isErrorEnvelope(e) ? e : { name: 'EngineError', code: 'internal', message: 'malformed error' }));
    } else p.resolve(msg.result);
  }

  request<M extends Method>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    const sock = this.socket;
    if (!sock || sock.readyState !== OPEN || this.state !== 'open') {
      return Promise.reject(stopped('not connected to the engine'));
    }
    const id = this.nextId++;
    const limit = this.opts.requestTimeoutMs;
    return new Promise<ResultOf<M>>((resolve, reject) => {
      const timer = limit
        ? this.setTimer(() => {
            if (!this.pending.delete(id)) return;
            const env: ErrorEnvelope = { name: 'EngineError', code: 'internal', message: `${method}: no answer in ${limit} ms` };
            reject(new RemoteEngineError(env));
          }, limit)
        : null;
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      sock.send(JSON.stringify({ id, name: method, params }));
    });
  }

  on<E extends EventName>(event: E, listener: (data: EngineEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener);
    return () => void set.delete(listener as Listener);
  }

  dispose(): void {
    this.disposed = true;
    if (this.retryTimer !== null) this.clearTimer(this.retryTimer);
    this.failAll('closed');
    this.socket?.close(1000, 'bye');
    this.socket = null;
    this.setState('closed');
  }
}
