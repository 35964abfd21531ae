// Bundles bench/model/entry.ts and core/model/train-worker.ts into a temp dir with vite (no TS runner needed).
import { mkdtempSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';

/** withGenerator: also bundle generated.ts (core/generate + core/parse), which compare.mjs needs. */
export async function buildModelBench({ withGenerator = true } = {}) {
  const root = resolve(import.meta.dirname, '../..');
  const outDir = mkdtempSync(join(tmpdir(), 'api-shield-model-bench-'));
  await build({
    configFile: false,
    root,
    logLevel: 'silent',
    resolve: { alias: { '@core': resolve(root, 'core') } },
    build: {
      ssr: true,
      outDir,
      target: 'node20',
      minify: false,
      rollupOptions: {
        input: {
          entry: resolve(root, 'bench/model/entry.ts'),
          'train-worker': resolve(root, 'core/model/train-worker.ts'),
          ...(withGenerator ? { generated: resolve(root, 'bench/model/generated.ts') } : {}),
        },
        external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
        output: { format: 'es', entryFileNames: '[name].mjs' },
      },
    },
  });
  return {
    dir: outDir,
    entry: join(outDir, 'entry.mjs'),
    generated: join(outDir, 'generated.mjs'),
    worker: join(outDir, 'train-worker.mjs'),
  };
}
