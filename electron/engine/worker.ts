/**
 * Worker-thread entry of the engine, which orders every write to the store (ingest batches go to its store-writer
 * thread). Bundled (TS cannot start as a Worker on
 * Node 20): out/cli/worker.js for the CLI, electron-vite's `?nodeWorker` chunk for the desktop app.
 * workerData: EngineConfig plus optional initial watches.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FromEngine } from '../contract/protocol';
import { DEFAULT_MODEL, fileBeside, TRAIN_WORKER, WRITER_WORKER } from './bundle-files';
import { coreDeps } from './core-deps';
import { Engine } from './engine';
import { tuneHeapForStreaming } from '../../core/io/heap-tuning';
import { EngineHost } from './host';
import { storeErrorEnvelope } from './store/errors';
import { parseWorkerData } from './worker-data';

/** A file at `rel` from this bundle (out/cli/worker.js), if it exists. */
const beside = (rel: string): string | undefined => fileBeside(rel, import.meta.url);

async function main(): Promise<void> {
  tuneHeapForStreaming();
  const port = parentPort;
  if (!port) throw new Error('engine worker started outside a worker thread');
  const post = (m: FromEngine) => port.postMessage(m);
  let engine: Engine;
  try {
    const { config, watches } = parseWorkerData(workerData);
    config.defaultModelPath ??= beside(DEFAULT_MODEL);
    config.trainWorker ??= beside(TRAIN_WORKER);
    config.writerWorker ??= beside(WRITER_WORKER);
    engine = await Engine.start({ ...config, deps: coreDeps, onPush: (events) => post({ type: 'push', events }) });
    for (const w of watches) await engine.addWatch(w.spec, w.format);
  } catch (err) {
    post({ type: 'fatal', error: storeErrorEnvelope(err) });
    port.close();
    return;
  }
  const host = new EngineHost(engine, post);
  let closing = false;
  port.on('message', (msg: unknown) => {
    if ((msg as { type?: unknown })?.type === 'shutdown') {
      if (closing) return;
      closing = true;
      void engine.stop().finally(() => {
        post({ type: 'closed' });
        port.close();
      });
      return;
    }
    void host.handle(msg);
  });
  post({ type: 'ready' });
}

void main();
