import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InProcessEngineClient, WorkerEngineClient, type EngineClient } from './client';
import { DEFAULT_MODEL, fileBeside, TRAIN_WORKER, WRITER_WORKER } from './bundle-files';
import { coreDeps } from './core-deps';
import type { EngineConfig } from './engine';
import { DB_FILE, openDb, type Db } from './store/db';
import type { WorkerData } from './worker-data';

/**
 * The bundled worker next to the running bundle (out/cli/worker.js beside out/cli/index.js). Null when
 * running from sources (tests) or when the build has no worker entry: the engine then runs in-process.
 */
export function bundledWorker(): URL | null {
  try {
    // Not a string literal: bundlers rewrite `new URL('literal', import.meta.url)` into an asset import.
    const name = './worker.js';
    const url = new URL(name, import.meta.url);
    return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
  } catch {
    return null;
  }
}

/** A file at `rel` from this bundle (out/cli/index.js), if it exists. */
const beside = (rel: string): string | undefined => fileBeside(rel, import.meta.url);

/**
 * Starts the engine for the CLI: in a worker thread when the bundle has one, else in this thread. The worker
 * finds the shipped default model and the training worker beside itself; in this thread they are looked up
 * beside the CLI bundle.
 */
export async function launchEngine(
  config: EngineConfig,
  watches: WorkerData['watches'] = [],
  worker: URL | null = bundledWorker(),
): Promise<EngineClient> {
  if (worker) return WorkerEngineClient.start(worker, { config, watches });
  const withModel: EngineConfig = {
    ...config,
    defaultModelPath: config.defaultModelPath ?? beside(DEFAULT_MODEL),
    trainWorker: config.trainWorker ?? beside(TRAIN_WORKER),
    writerWorker: config.writerWorker ?? beside(WRITER_WORKER),
  };
  return InProcessEngineClient.start({ ...withModel, deps: coreDeps }, watches);
}

/**
 * A read-only connection for commands that only look (`alerts`, `stats`): WAL lets them read while a `watch`
 * process writes, and they can never become a second writer.
 */
export function openStoreReadOnly(dataDir: string): Db | null {
  if (!existsSync(join(dataDir, DB_FILE))) return null;
  return openDb(dataDir, { readonly: true });
}
