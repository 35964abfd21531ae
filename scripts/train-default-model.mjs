// Rebuilds resources/default-model.json, the model a fresh install scores with, from a fixed recipe of
// generated traffic (core/model/default-model.ts). Deterministic: the same code gives the same bytes, which
// `npm test` checks by hashing (test/model/default-model-file.test.ts).
//   node scripts/train-default-model.mjs [--check]
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const bundle = resolve(root, 'out/cli/default-model.js');
if (!existsSync(bundle)) {
  console.error('Build first: npm run build:cli');
  process.exit(1);
}
const { trainDefaultModel, serializeModel } = await import(bundle);
const workerUrl = new URL('../out/cli/train-worker.js', import.meta.url);
const t0 = Date.now();
const { model, report } = await trainDefaultModel(undefined, { createWorker: () => new Worker(workerUrl), workers: 2 });
const text = serializeModel(model);
const target = resolve(root, 'resources/default-model.json');
const sha = createHash('sha256').update(text).digest('hex');
if (process.argv.includes('--check')) {
  const same = existsSync(target) && readFileSync(target, 'utf8') === text;
  console.log(`${same ? 'identical' : 'DIFFERENT'}: sha256 ${sha}`);
  process.exit(same ? 0 : 1);
}
writeFileSync(target, text);
console.log(`resources/default-model.json: ${text.length} bytes, sha256 ${sha}, ${report.windows} windows, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
