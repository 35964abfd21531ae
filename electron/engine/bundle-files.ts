import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the shipped default model and the training worker sit relative to a bundle in out/cli/. */
export const DEFAULT_MODEL = '../../resources/default-model.json';
export const TRAIN_WORKER = './train-worker.js';
export const WRITER_WORKER = './store-writer.js';

/**
 * A file at `rel` from the bundle whose `import.meta.url` is `base`, if it exists. The caller passes its own
 * URL: evaluated here, it would be this module's chunk, which the bundler may place elsewhere.
 */
export function fileBeside(rel: string, base: string): string | undefined {
  try {
    // Not a string literal at the call: bundlers rewrite `new URL('literal', import.meta.url)` into an asset import.
    const url = new URL(rel, base);
    const path = url.protocol === 'file:' ? fileURLToPath(url) : '';
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}
