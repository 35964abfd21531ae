/** Bundles core/model/train-worker.ts with vite into a temp dir: Node 20 cannot start a .ts worker. */
import { mkdtempSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { build } from 'vite';

export async function buildTrainWorker(): Promise<string> {
  const root = resolve(import.meta.dirname, '../..');
  const outDir = mkdtempSync(join(tmpdir(), 'api-shield-train-worker-'));
  await build({
    configFile: false,
    root,
    logLevel: 'silent',
    build: {
      ssr: true,
      outDir,
      target: 'node20',
      minify: false,
      rollupOptions: {
        input: { 'train-worker': resolve(root, 'core/model/train-worker.ts') },
        external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
        output: { format: 'es', entryFileNames: '[name].mjs' },
      },
    },
  });
  return join(outDir, 'train-worker.mjs');
}

/** Removes a bundle made by buildTrainWorker. */
export function removeTrainWorker(path: string): void {
  if (path) rmSync(dirname(path), { recursive: true, force: true });
}
