#!/usr/bin/env node
// `npm run bench`: prints throughput and peak memory figures. Generated inputs are cached in
// .bench-cache/ (git-ignored) so repeated runs measure only the work.
//   node bench/run.mjs [--lines N] [--only generate,split,parse,parse-formats,detect,scan,scale,engine,model]
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const cache = join(root, '.bench-cache');
const { values } = parseArgs({ options: { lines: { type: 'string' }, only: { type: 'string' } } });
const lines = Number(values.lines ?? 1_000_000);
const only = values.only ? new Set(values.only.split(',')) : null;
const want = (name) => !only || only.has(name);

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

function ensureBuilt() {
  if (!existsSync(join(root, 'out/cli/bench.js'))) sh('npm', ['run', '--silent', 'build:cli'], { stdio: 'inherit' });
}

function generated(n, format = 'combined') {
  mkdirSync(cache, { recursive: true });
  const file = join(cache, `gen-${format}-${n}-seed7.log`);
  if (!existsSync(file)) {
    console.log(`generating ${n.toLocaleString('en-US')} ${format} lines into ${file} …`);
    sh(process.execPath, ['bin/api-shield.js', 'generate', '--lines', String(n), '--seed', '7', '--format', format, '--out', file, '--quiet']);
  }
  return file;
}

/** Runs one benchmark body in a fresh Node process so its peak RSS is its own. */
function runBench(fn, file) {
  const code = `import(${JSON.stringify(join(root, 'out/cli/bench.js'))}).then(async (m) => {
    const r = await m.BENCHES[${JSON.stringify(fn)}](${JSON.stringify(file)});
    process.stdout.write(JSON.stringify(r));
  })`;
  return JSON.parse(sh(process.execPath, ['--input-type=module', '-e', code]));
}

const rows = [];
function show(r, input) {
  rows.push(r);
  const extra = r.extra ? Object.entries(r.extra).map(([k, v]) => `${k}=${v}`).join(' ') : '';
  console.log(
    `${r.name.padEnd(24)} ${input.padEnd(14)} ${r.lines.toLocaleString('en-US').padStart(11)} lines ` +
      `${r.seconds.toFixed(2).padStart(7)} s ${r.linesPerSecond.toLocaleString('en-US').padStart(11)} lines/s ` +
      `peak RSS ${String(r.peakRssMiB).padStart(7)} MiB  ${extra}`,
  );
}

ensureBuilt();
console.log(`node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
const oneM = generated(lines);
const label = `${(lines / 1e6).toFixed(lines % 1e6 ? 1 : 0)}M combined`;
if (want('generate')) {
  for (const format of ['combined', 'wso2-access', 'wso2-metrics']) {
    show(runBench('generateOnly', `${format}|${lines}|${join(cache, `scratch-${format}.log`)}`), label.replace('combined', format));
  }
}
if (want('split')) show(runBench('splitOnly', oneM), label);
if (want('parse')) show(runBench('parseOnly', oneM), label);
// The other edge formats the generator writes: the same traffic, so their rates compare with combined's.
if (want('parse-formats')) {
  for (const format of ['haproxy', 'aws-alb', 'w3c']) show(runBench('parseOnly', generated(lines, format)), label.replace('combined', format));
}
if (want('detect')) show(runBench('detectOnly', '3000000'), 'synthetic mix');
if (want('scan')) show(runBench('scanEndToEnd', oneM), label);
if (want('scale')) {
  const fiveM = generated(lines * 5);
  const big = runBench('scanEndToEnd', fiveM);
  show(big, `${(lines * 5) / 1e6}M combined`);
  const small = rows.find((r) => r.name === 'scan end-to-end') ?? runBench('scanEndToEnd', oneM);
  const growth = ((big.peakRssMiB / small.peakRssMiB - 1) * 100).toFixed(1);
  console.log(`peak RSS growth from ${label} to 5x the lines: ${growth}% (target ≤ 20%)`);
}

// Benchmarks owned by the engine and model modules, when present.
for (const dir of ['engine', 'model']) {
  if (!want(dir)) continue;
  const folder = join(root, 'bench', dir);
  if (!existsSync(folder)) continue;
  for (const f of readdirSync(folder).filter((f) => f.endsWith('.mjs')).sort()) {
    console.log(`\n== bench/${dir}/${f}`);
    spawnSync(process.execPath, [join(folder, f)], { cwd: root, stdio: 'inherit' });
  }
}
