/**
 * Engine benchmark body (bundled and run by bench/engine/engine.mjs):
 *  1. sustained ingest of N combined lines into SQLite (parse + detect + store), lines/s;
 *  2. query times on the stored events;
 *  3. latency from a line appended to a watched file to its event, and to its alert, committed,
 *     at 10k and 50k appended lines/s (the writer is a separate thread).
 */
import { mkdtempSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { coreDeps } from '../../electron/engine/core-deps';
import { Engine } from '../../electron/engine/engine';
import { deleteUnusedStrings } from '../../electron/engine/store/string-gc';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => (n < 10 ? `0${n}` : String(n));
function clf(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

const PATHS = ['/api/v1/users/{n}', '/api/v1/orders/{n}', '/api/v1/items', '/api/v2/search', '/login', '/static/app.js', '/health'];
const UAS = ['Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0', 'okhttp/4.9.3', 'curl/8.4.0', 'python-requests/2.31', 'Mozilla/5.0 (iPhone) Safari/604.1'];
const STATUSES = [200, 200, 200, 200, 201, 204, 304, 400, 401, 404, 404, 500];

/** Deterministic pseudo-traffic: `clients` distinct IPs, times `stepMs` apart from `start`. */
export function genLines(n: number, start: number, stepMs: number, clients: number, seed = 1): string {
  let s = seed;
  // Math.imul: a plain product passes 2^53 and loses its low bits, and the sequence then cycles within
  // about 10,000 draws (the "20,000 clients" were fewer, each far busier).
  const rnd = () => (s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = Math.floor(rnd() * clients);
    const path = PATHS[Math.floor(rnd() * PATHS.length)]!.replace('{n}', String(Math.floor(rnd() * 5000)));
    const st = STATUSES[Math.floor(rnd() * STATUSES.length)]!;
    out.push(`10.${(c >> 16) & 255}.${(c >> 8) & 255}.${c & 255} - - [${clf(start + i * stepMs)}] "GET ${path} HTTP/1.1" ${st} ${200 + (i % 900)} "-" "${UAS[c % UAS.length]}"`);
  }
  return out.join('\n') + '\n';
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** The shipped default model, beside the repository root (the bundle runs from out/bench-engine/). */
const DEFAULT_MODEL = fileURLToPath(new URL(['..', '..', 'resources', 'default-model.json'].join('/'), import.meta.url));
/** The store writer bundled beside this file (engine.mjs builds it), as in the shipped app. */
const WRITER_WORKER = fileURLToPath(new URL(['.', 'store-writer.mjs'].join('/'), import.meta.url));
/** BENCH_INLINE_WRITER=1 commits in the engine's thread, as before the writer thread (for comparison). */
const storeWriter = process.env.BENCH_INLINE_WRITER ? {} : { writerWorker: WRITER_WORKER };

async function ingest(
  n: number,
  dir: string,
  withModel = false,
): Promise<{ engine: Engine; linesPerSecond: number; linesPerCpuSecond: number }> {
  const log = join(dir, 'bulk.log');
  const start = Date.UTC(2024, 5, 1, 0, 0, 0);
  const chunk = 200_000;
  writeFileSync(log, '');
  const fd = openSync(log, 'a');
  for (let i = 0; i < n; i += chunk) writeSync(fd, genLines(Math.min(chunk, n - i), start + i * 86, 86, 20_000, i + 1));
  closeSync(fd);
  let storeMs = 0;
  const engine = await Engine.start({
    dataDir: join(dir, withModel ? 'data-model' : 'data'),
    deps: coreDeps,
    ...storeWriter,
    onCommit: (r) => (storeMs += r.ms),
    ...(withModel ? { defaultModelPath: DEFAULT_MODEL } : {}),
  });
  if (withModel && engine.model.activeVersion === null) throw new Error(`no model loaded from ${DEFAULT_MODEL}`);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = await engine.importFile(log, 'combined');
  const s = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  console.log(`ingest    ${fmt(r.lines)} lines in ${s.toFixed(2)} s = ${fmt(r.lines / s)} lines/s end to end ` +
    `(parse+detect+${withModel ? 'model scoring+' : ''}store; ${r.alerts} alerts); SQLite commits alone ${fmt(r.events / (storeMs / 1000))} events/s ` +
    `[target ≥ 300,000 lines/s]; ${fmt(r.lines / cpu)} lines per CPU second`);
  return { engine, linesPerSecond: r.lines / s, linesPerCpuSecond: r.lines / cpu };
}

function queries(engine: Engine): void {
  const q = engine.queries;
  const all = { from: Date.UTC(2024, 4, 1), to: Date.UTC(2024, 6, 1) };
  const first = Date.UTC(2024, 5, 1, 0, 0, 0);
  const hour = { from: first + 3_600_000 * 5 + 123_456, to: first + 3_600_000 * 6 + 7_890 };
  const topClient = q.top.top(all, 'client', 1)[0]?.value ?? '';
  const cases: [string, () => unknown][] = [
    ['kpis (all)', () => q.traffic.kpis(all)],
    ['kpis (1 h, ragged)', () => q.traffic.kpis(hour)],
    ['timeline 24h/5min', () => q.traffic.timeline({ from: first, to: first + 86_400_000 }, 300_000)],
    ['top clients (all)', () => q.top.top(all, 'client', 10)],
    ['top endpoints (all)', () => q.top.top(all, 'endpoint', 10)],
    ['top statuses (1 h)', () => q.top.top(hour, 'status', 10)],
    ['top user agents (all)', () => q.top.top(all, 'userAgent', 10)],
    ['alerts list (filtered)', () => q.alerts.list({ filter: { severity: ['medium', 'high', 'critical'] }, limit: 50 })],
    ['alerts list (text)', () => q.alerts.list({ filter: { text: '10.0.' }, limit: 50 })],
    ['events drill-down', () => q.events.list({ range: hour, limit: 100 })],
    ['events by path (all)', () => q.events.list({ range: all, path: '/api/v1/users/4321', limit: 100 })],
    ['events by path pattern', () => q.events.list({ range: all, path: '/api/v1/users/43*', limit: 100 })],
    ['client activity', () => q.client.activity(topClient, all)],
  ];
  const events = q.counts().events;
  console.log(`queries on ${fmt(events)} stored events (median of 7, ms) [target < 100 ms]:`);
  time(cases);
  // Retention's pass over every event to find unused strings: ingest waits for it (docs/engine.md).
  const t0 = performance.now();
  const deleted = deleteUnusedStrings(engine.db);
  console.log(`unused-string collection over ${fmt(events)} events: ${fmt(performance.now() - t0)} ms (${fmt(deleted)} deleted)`);
}

/** The Alerts page over a big alert table (the model run stores tens of thousands). */
function alertQueries(engine: Engine): void {
  const q = engine.queries;
  const all = { from: Date.UTC(2024, 4, 1), to: Date.UTC(2024, 6, 1) };
  const n = (engine.db.prepare('SELECT COUNT(*) AS n FROM alerts').get() as { n: number }).n;
  console.log(`alert queries on ${fmt(n)} stored alerts (median of 7, ms) [target < 100 ms]:`);
  time([
    ['alerts list (newest)', () => q.alerts.list({ limit: 50 })],
    ['alerts list (by risk)', () => q.alerts.list({ sort: { field: 'risk', dir: 'desc' }, limit: 50 })],
    ['alerts list (text)', () => q.alerts.list({ filter: { text: '10.0.' }, limit: 50 })],
    ['alerts list (range, page 20)', () => q.alerts.list({ filter: { range: all, severity: ['low', 'medium'] }, offset: 1000, limit: 50 })],
    ['alerts by rule (all)', () => q.alerts.byRule(all)],
  ]);
}

function time(cases: [string, () => unknown][]): void {
  for (const [name, fn] of cases) {
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      fn();
      times.push(performance.now() - t0);
    }
    console.log(`  ${name.padEnd(28)} ${median(times).toFixed(1).padStart(7)}  (max ${Math.max(...times).toFixed(1)})`);
  }
}

/** The writer thread: appends `rate` lines/s in 10 ms slices plus one burst attack every 500 ms. */
const WRITER = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { path, rate, seconds } = workerData;
const fd = fs.openSync(path, 'a');
const M = ['Jan','Feb','Mar','Apr','May','Jun','Jul','Aug','Sep','Oct','Nov','Dec'];
const p = (n) => (n < 10 ? '0' + n : '' + n);
const clf = (ms) => { const d = new Date(ms); return p(d.getUTCDate()) + '/' + M[d.getUTCMonth()] + '/' + d.getUTCFullYear() + ':' + p(d.getUTCHours()) + ':' + p(d.getUTCMinutes()) + ':' + p(d.getUTCSeconds()) + ' +0000'; };
let written = 0, attacks = 0, s = 7;
// Math.imul: see genLines (a plain product made the 200,000 benign clients about 10,000 bursting ones).
const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
const t0 = Date.now();
let nextAttack = t0 + 250;
function tick() {
  const now = Date.now();
  const due = Math.floor(((now - t0) / 1000) * rate) - written;
  let text = '';
  const ts = clf(now);
  for (let i = 0; i < due; i++) {
    const c = Math.floor(rnd() * 200000);
    text += '10.' + ((c >> 16) & 255) + '.' + ((c >> 8) & 255) + '.' + (c & 255) + ' - - [' + ts + '] "GET /api/v1/items/' + (c % 5000) + ' HTTP/1.1" 200 512 "-" "okhttp/4.9.3"\\n';
  }
  let attackIp = null;
  if (now >= nextAttack) {
    attackIp = '172.16.' + ((attacks >> 8) & 255) + '.' + (attacks & 255);
    attacks++;
    nextAttack += 500;
    for (let i = 0; i < 15; i++) text += attackIp + ' - - [' + ts + '] "GET /api/v1/items/1 HTTP/1.1" 200 512 "-" "okhttp/4.9.3"\\n';
  }
  if (text) {
    fs.writeSync(fd, text);
    written += due;
    parentPort.postMessage({ lines: written + attacks * 15, t: Date.now(), attackIp });
  }
  if (now - t0 < seconds * 1000) setTimeout(tick, 10);
  else { fs.closeSync(fd); parentPort.postMessage({ done: true }); }
}
tick();
`;

async function latency(dir: string, rate: number, seconds: number): Promise<void> {
  const log = join(dir, `live-${rate}.log`);
  writeFileSync(log, '');
  const writes: { lines: number; t: number }[] = [];
  const attackAt = new Map<string, number>();
  const lineLat: number[] = [];
  const alertLat: number[] = [];
  let engine: Engine | null = null;
  let wi = 0;
  engine = await Engine.start({
    dataDir: join(dir, `live-data-${rate}`),
    deps: coreDeps,
    ...storeWriter,
    onCommit: (r) => {
      const now = Date.now();
      const committed = engine ? engine.stats.lines : 0;
      while (wi < writes.length && writes[wi]!.lines <= committed) lineLat.push(now - writes[wi++]!.t);
      for (const a of r.alerts) {
        const t = a.change === 'opened' && a.row.rule === 'burst' ? attackAt.get(a.row.key) : undefined;
        if (t !== undefined) alertLat.push(now - t);
      }
    },
  });
  await engine.addWatch(log, 'combined');
  const writer = new Worker(WRITER, { eval: true, workerData: { path: log, rate, seconds } });
  let total = 0;
  await new Promise<void>((resolve) => {
    writer.on('message', (m: { lines?: number; t?: number; attackIp?: string | null; done?: boolean }) => {
      if (m.done) return resolve();
      writes.push({ lines: m.lines!, t: m.t! });
      total = m.lines!;
      if (m.attackIp) attackAt.set(m.attackIp, m.t!);
    });
  });
  const deadline = Date.now() + 30_000;
  while (engine.stats.lines < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await engine.stop();
  await writer.terminate();
  console.log(`latency at ${fmt(rate)} lines/s for ${seconds} s (${fmt(total)} lines): ` +
    `line→event committed p50 ${median(lineLat)} ms, p95 ${pct(lineLat, 0.95)} ms; ` +
    `line→alert committed p50 ${median(alertLat)} ms, p95 ${pct(alertLat, 0.95)} ms (${alertLat.length} alerts) [target p95 < 1000 ms at 50k/s]`);
}

export async function runEngineBench(lines: number, seconds: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'api-shield-bench-'));
  try {
    const plain = await ingest(lines, dir);
    queries(plain.engine);
    await plain.engine.stop();
    const scored = await ingest(lines, dir, true);
    alertQueries(scored.engine);
    await scored.engine.stop();
    console.log(`ingest with the active model scoring every (client, 10 s window): ${fmt(scored.linesPerSecond)} lines/s ` +
      `vs ${fmt(plain.linesPerSecond)} without (${((scored.linesPerSecond / plain.linesPerSecond - 1) * 100).toFixed(1)}%); ` +
      `per CPU second ${fmt(scored.linesPerCpuSecond)} vs ${fmt(plain.linesPerCpuSecond)} ` +
      `(${((scored.linesPerCpuSecond / plain.linesPerCpuSecond - 1) * 100).toFixed(1)}%; wall time swings with other load on the box)`);
    await latency(dir, 10_000, seconds);
    await latency(dir, 50_000, seconds);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Ingest alone (profiling); `keep` leaves the data directory for inspection and returns it. */
export async function benchIngest(lines: number, keep = false): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'api-shield-bench-'));
  try {
    await (await ingest(lines, dir)).engine.stop();
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
  return dir;
}

/** Imports an existing log into a fresh store (profiling without the generation in the same process). */
export async function benchImport(log: string, withModel = false): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'api-shield-bench-'));
  try {
    const engine = await Engine.start({
      dataDir: join(dir, 'data'),
      deps: coreDeps,
      ...storeWriter,
      ...(withModel ? { defaultModelPath: DEFAULT_MODEL } : {}),
    });
    const t0 = performance.now();
    const r = await engine.importFile(log, 'combined');
    console.log(`${fmt(r.lines)} lines in ${((performance.now() - t0) / 1000).toFixed(2)} s = ${fmt(r.lines / ((performance.now() - t0) / 1000))} lines/s`);
    await engine.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Ingest with the default model scoring (profiling). */
export async function benchIngestModel(lines: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'api-shield-bench-'));
  try {
    await (await ingest(lines, dir, true)).engine.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One latency run alone (profiling). */
export async function benchLatency(rate: number, seconds: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'api-shield-bench-'));
  try {
    await latency(dir, rate, seconds);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
