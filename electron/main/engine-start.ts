import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WorkerEngineClient } from '../engine/client';
import type { WorkerData } from '../engine/worker-data';
import createEngineWorker from '../engine/worker?nodeWorker';

/**
 * Starts the engine worker (which orders every write to the store) for the desktop app. better-sqlite3 is loaded from the
 * Electron-ABI build made by scripts/electron-native.mjs when present, never from node_modules' Node build.
 */
export function startEngine(appRoot: string, dataDir: string, electronVersion: string): Promise<WorkerEngineClient> {
  const native = join(appRoot, '.electron-native', `electron-${electronVersion}`, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  const writer = join(appRoot, 'out', 'cli', 'store-writer.js');
  const data: WorkerData = {
    config: {
      dataDir,
      store: existsSync(native) ? { nativeBinding: native } : {},
      // A fresh install scores from its first line with the shipped model; retraining runs in these workers.
      defaultModelPath: join(appRoot, 'resources', 'default-model.json'),
      trainWorker: join(appRoot, 'out', 'cli', 'train-worker.js'),
      // Without the CLI bundle (a bare `electron-vite dev`) batches are committed in the engine's thread.
      ...(existsSync(writer) ? { writerWorker: writer } : {}),
    },
    watches: [],
  };
  return WorkerEngineClient.start((d) => createEngineWorker({ workerData: d }), data);
}
