#!/usr/bin/env node
// Engine benchmark: sustained ingest into SQLite, query times, append→alert latency.
// Bundles bench/engine/engine-bench.ts with Vite (TS cannot run directly on Node 20), then runs it.
//   node bench/engine/engine.mjs [--lines N] [--seconds S]
import { builtinModules } from 'node:module';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({ options: { lines: { type: 'string' }, seconds: { type: 'string' } } });
const lines = Number(values.lines ?? 1_000_000);
const seconds = Number(values.seconds ?? 10);
const outDir = join(root, 'out', 'bench-engine');
mkdirSync(outDir, { recursive: true });
await build({
  root,
  configFile: false,
  logLevel: 'error',
  resolve: { alias: { '@core': resolve(root, 'core') } },
  build: {
    ssr: true,
    outDir,
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: {
      input: {
        'engine-bench': resolve(root, 'bench/engine/engine-bench.ts'),
        'store-writer': resolve(root, 'electron/engine/store/store-writer.ts'),
      },
      external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'better-sqlite3', 'chokidar'],
      output: { format: 'es', entryFileNames: '[name].mjs' },
    },
  },
});
const { runEngineBench } = await import(pathToFileURL(join(outDir, 'engine-bench.mjs')).href);
console.log(`engine bench: ${lines.toLocaleString('en-US')} lines, latency runs of ${seconds} s`);
await runEngineBench(lines, seconds);
if (!process.env.KEEP_BENCH_BUNDLE) rmSync(outDir, { recursive: true, force: true });
