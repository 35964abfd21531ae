import { Worker } from 'node:worker_threads';
import { EngineError, RemoteEngineError, type ErrorEnvelope } from '../contract/errors';
import type { EngineEvents, EventName, PushedEvent } from '../contract/events';
import type { Method, ParamsOf, ResultOf } from '../contract/handlers';
import type { FromEngine, RequestMessage } from '../contract/protocol';
import { Engine, type EngineOptions } from './engine';
import { EngineHost } from './host';
import type { WorkerData } from './worker-data';

/** What the CLI and Electron main talk to, whether the engine runs in a worker or in this thread. */
export interface EngineClient {
  request<M extends Method>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  on<E extends EventName>(event: E, listener: (data: EngineEvents[E]) => void): () => void;
  /** Flushes, closes the store and ends the worker. */
  close(): Promise<void>;
}

type Listener = (data: never) => void;

/** Request ids, pending promises and event fan-out shared by both transports. */
abstract class ClientBase implements EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Map<EventName, Set<Listener>>();
  protected dead: ErrorEnvelope | null = null;

  protected abstract send(msg: RequestMessage): void;
  abstract close(): Promise<void>;

  request<M extends Method>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    if (this.dead) return Promise.reject(new RemoteEngineError(this.dead));
    const id = this.nextId++;
    return new Promise<ResultOf<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.send({ type: 'request', id, method, params } as RequestMessage);
    });
  }

  on<E extends EventName>(event: E, listener: (data: EngineEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  }

  protected receive(msg: FromEngine): void {
    if (msg.type === 'response') {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new RemoteEngineError(msg.error));
    } else if (msg.type === 'push') {
      for (const ev of msg.events) this.emit(ev);
    } else if (msg.type === 'fatal') {
      this.fail(msg.error);
    }
  }

  private emit(ev: PushedEvent): void {
    for (const l of this.listeners.get(ev.event) ?? []) (l as (d: unknown) => void)(ev.data);
  }

  protected fail(error: ErrorEnvelope): void {
    this.dead ??= error;
    for (const p of this.pending.values()) p.reject(new RemoteEngineError(error));
    this.pending.clear();
  }
}

/** The engine in a worker_threads Worker: the production setup (one writer, UI thread never blocked). */
export class WorkerEngineClient extends ClientBase {
  private closed: Promise<void> | null = null;
  private exited = false;

  private constructor(private readonly worker: Worker) {
    super();
  }

  /** `entry`: the bundled worker (e.g. out/cli/worker.js) or a factory (electron-vite's `?nodeWorker`). */
  static start(entry: string | URL | ((data: WorkerData) => Worker), data: WorkerData): Promise<WorkerEngineClient> {
    const worker = typeof entry === 'function' ? entry(data) : new Worker(entry, { workerData: data });
    const client = new WorkerEngineClient(worker);
    return new Promise((resolve, reject) => {
      const onEarlyExit = (code: number) => reject(new Error(`engine worker exited with code ${code} before it was ready`));
      worker.once('error', reject);
      worker.once('exit', onEarlyExit);
      worker.on('message', (msg: FromEngine) => {
        if (msg.type === 'ready') {
          worker.off('error', reject);
          worker.off('exit', onEarlyExit);
          worker.on('error', (e) => client.fail({ name: e.name, code: 'internal', message: e.message }));
          worker.on('exit', () => {
            client.exited = true;
            client.fail({ name: 'EngineError', code: 'engine-stopped', message: 'engine worker exited' });
          });
          resolve(client);
        } else if (msg.type === 'fatal') reject(new RemoteEngineError(msg.error));
        else client.receive(msg);
      });
    });
  }

  protected send(msg: RequestMessage): void {
    this.worker.postMessage(msg);
  }

  close(): Promise<void> {
    if (this.exited) return Promise.resolve();
    this.closed ??= new Promise<void>((resolve) => {
      this.worker.once('exit', () => resolve());
      this.worker.postMessage({ type: 'shutdown' });
    });
    return this.closed;
  }
}

/**
 * The same engine in the calling thread, same protocol (messages are cloned, as over a port): for tests and
 * for the CLI when no worker bundle is available.
 */
export class InProcessEngineClient extends ClientBase {
  private constructor(
    readonly engine: Engine,
    private readonly host: EngineHost,
  ) {
    super();
  }

  static async start(opts: EngineOptions, watches: WorkerData['watches'] = []): Promise<InProcessEngineClient> {
    let client: InProcessEngineClient | null = null;
    const engine = await Engine.start({
      ...opts,
      onPush: (events) => {
        opts.onPush?.(events);
        client?.receive(structuredClone({ type: 'push', events }));
      },
    });
    const host = new EngineHost(engine, (m) => client?.receive(structuredClone(m)));
    client = new InProcessEngineClient(engine, host);
    for (const w of watches) await engine.addWatch(w.spec, w.format);
    return client;
  }

  protected send(msg: RequestMessage): void {
    void this.host.handle(structuredClone(msg));
  }

  async close(): Promise<void> {
    await this.engine.stop();
    this.fail(new EngineError('engine-stopped', 'engine closed').toEnvelope());
  }
}
