import { mkdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '../..');

/**
 * Bundles the engine worker (and the crash-test child) the way the real build does: TS cannot be started as
 * a Worker or a process on Node 20. Output goes under out/ (git-ignored) inside the repo so that the
 * bundles resolve better-sqlite3 and chokidar from its node_modules.
 */
export async function bundleEngine(): Promise<{ worker: string; writer: string; child: string; dir: string }> {
  const dir = join(root, 'out', 'test-engine', `${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  await build({
    root,
    configFile: false,
    logLevel: 'error',
    resolve: { alias: { '@core': resolve(root, 'core') } },
    build: {
      ssr: true,
      outDir: dir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rollupOptions: {
        input: {
          worker: resolve(root, 'electron/engine/worker.ts'),
          'store-writer': resolve(root, 'electron/engine/store/store-writer.ts'),
          'ingest-child': resolve(root, 'test/engine/fixtures/ingest-child.ts'),
        },
        external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'better-sqlite3', 'chokidar'],
        output: { format: 'es', entryFileNames: '[name].mjs' },
      },
    },
  });
  return { worker: join(dir, 'worker.mjs'), writer: join(dir, 'store-writer.mjs'), child: join(dir, 'ingest-child.mjs'), dir };
}
