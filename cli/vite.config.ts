// Builds the CLI (and the engine it drives) as one Node ESM bundle: out/cli/index.js.
// Runtime dependencies stay external so better-sqlite3 loads its Node build.
import { resolve } from 'node:path';
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

const root = resolve(import.meta.dirname, '..');

export default defineConfig({
  root,
  resolve: { alias: { '@core': resolve(root, 'core') } },
  build: {
    ssr: true,
    outDir: resolve(root, 'out/cli'),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rollupOptions: {
      input: { index: resolve(root, 'cli/main.ts'), bench: resolve(root, 'bench/entry.ts'), worker: resolve(root, 'electron/engine/worker.ts'),
        'train-worker': resolve(root, 'core/model/train-worker.ts'),
        'store-writer': resolve(root, 'electron/engine/store/store-writer.ts'),
        'default-model': resolve(root, 'cli/default-model-entry.ts'),
      },
      external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'better-sqlite3', 'chokidar'],
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});
