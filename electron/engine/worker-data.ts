import { FORMAT_IDS } from '../contract/params';
import type { FormatId } from '../contract/types';
import type { EngineConfig } from './engine';

export interface WorkerData {
  config: EngineConfig;
  /** Watches to add at start (besides those the store remembers). */
  watches: { spec: string; format?: FormatId }[];
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** workerData comes from our own client, but it still crosses a boundary: keep only what is well-formed. */
export function parseWorkerData(raw: unknown): WorkerData {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const c = (typeof r.config === 'object' && r.config !== null ? r.config : {}) as Record<string, unknown>;
  if (typeof c.dataDir !== 'string' || !c.dataDir) throw new Error('engine worker: config.dataDir is required');
  const ret = (typeof c.retention === 'object' && c.retention !== null ? c.retention : {}) as Record<string, unknown>;
  const store = (typeof c.store === 'object' && c.store !== null ? c.store : {}) as Record<string, unknown>;
  const config: EngineConfig = {
    dataDir: c.dataDir,
    batchMaxEvents: num(c.batchMaxEvents),
    batchMaxMs: num(c.batchMaxMs),
    chunkBytes: num(c.chunkBytes),
    maxLineBytes: num(c.maxLineBytes),
    pollMs: num(c.pollMs),
    pushMs: num(c.pushMs),
    maxErrorsPerSource: num(c.maxErrorsPerSource),
    notifications: typeof c.notifications === 'boolean' ? c.notifications : undefined,
    defaultModelPath: typeof c.defaultModelPath === 'string' && c.defaultModelPath ? c.defaultModelPath : undefined,
    trainWorker: typeof c.trainWorker === 'string' && c.trainWorker ? c.trainWorker : undefined,
    trainWorkers: num(c.trainWorkers),
    writerWorker: typeof c.writerWorker === 'string' && c.writerWorker ? c.writerWorker : undefined,
    retention: { maxAgeMs: num(ret.maxAgeMs), maxDbBytes: num(ret.maxDbBytes), intervalMs: num(ret.intervalMs) },
    store: {
      busyTimeoutMs: num(store.busyTimeoutMs),
      maxPageCount: num(store.maxPageCount),
      nativeBinding: typeof store.nativeBinding === 'string' ? store.nativeBinding : undefined,
    },
  };
  const watches: WorkerData['watches'] = [];
  if (Array.isArray(r.watches)) {
    for (const w of r.watches as unknown[]) {
      const x = (w ?? {}) as Record<string, unknown>;
      if (typeof x.spec !== 'string') continue;
      const format = (FORMAT_IDS as readonly unknown[]).includes(x.format) ? (x.format as FormatId) : undefined;
      watches.push({ spec: x.spec, format });
    }
  }
  return { config, watches };
}
