import { existsSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { parseModel, type ForestModel } from '@core/model/index';
import { UsageError } from '../command';

/** The bundled training worker sits beside the CLI bundle; without it training runs on the main thread. */
export function trainWorkerFactory(): (() => Worker) | undefined {
  const url = new URL('./train-worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(url) ? () => new Worker(url) : undefined;
}

export function loadModelFile(path: string): ForestModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--model ${path}: ${(err as Error).message}`);
  }
  try {
    return parseModel(text);
  } catch (err) {
    throw new UsageError(`--model ${path}: ${(err as Error).message}`);
  }
}

export const pct = (x: number | null | undefined) => (x === null || x === undefined ? '  n/a' : `${(x * 100).toFixed(1).padStart(5)}%`);
