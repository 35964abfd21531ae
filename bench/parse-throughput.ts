/**
 * Throughput of the line splitter and the parsers on a generated 1M-line combined log (~150 bytes a line).
 * Not part of `npm run bench`; run it on its own:
 *
 *   npx rolldown bench/parse-throughput.ts -o /tmp/parse-throughput.mjs --platform node
 *   node /tmp/parse-throughput.mjs [lines]
 *
 * Prints CPU-time and wall-clock rates for: splitting only (in memory), reading + splitting a file, the
 * same plus a plain indexOf token split (the yardstick), and plus the combined parser. The rates "alone"
 * subtract the read + split cost. On a shared box compare the parser with the yardstick of the same run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forEachLine } from '../core/io/line-reader';
import { LineSplitter } from '../core/io/line-splitter';
import { createParser } from '../core/parse/index';
import type { ParseSink } from '../core/parse/parser';

const LINES = Number(process.argv[2] ?? 1_000_000);
const UAS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  'curl/8.4.0',
  'python-requests/2.31.0',
];
const PATHS = ['/api/v1/users', '/api/v1/orders', '/login', '/static/app.js', '/wp-login.php', '/api/v2/items/42'];
const STATUS = [200, 200, 200, 200, 404, 401, 500, 301];

function generate(n: number): Buffer {
  let seed = 7;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)];
  const parts: string[] = [];
  let t = Date.UTC(2024, 0, 1) / 1000;
  for (let i = 0; i < n; i++) {
    t += rnd() < 0.5 ? 0 : 1;
    const d = new Date(t * 1000);
    const stamp = `${String(d.getUTCDate()).padStart(2, '0')}/Jan/2024:${d.toISOString().slice(11, 19)} +0000`;
    const ip = `${10 + Math.floor(rnd() * 200)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}`;
    const q = rnd() < 0.3 ? `?id=${Math.floor(rnd() * 1e6)}` : '';
    parts.push(`${ip} - - [${stamp}] "GET ${pick(PATHS)}${q} HTTP/1.1" ${pick(STATUS)} ${Math.floor(rnd() * 50_000)} "-" "${pick(UAS)}"\n`);
  }
  return Buffer.from(parts.join(''));
}

function measure(name: string, lines: number, f: () => void | Promise<void>): Promise<number> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  return Promise.resolve(f()).then(() => {
    const c = process.cpuUsage(c0);
    const cpu = (c.user + c.system) / 1e6;
    const wall = (performance.now() - t0) / 1000;
    console.log(`${name.padEnd(34)} ${(lines / cpu / 1e6).toFixed(2).padStart(6)} M lines/s (CPU)  ${(lines / wall / 1e6).toFixed(2).padStart(6)} M lines/s (wall)`);
    return cpu;
  });
}

async function main(): Promise<void> {
  const buf = generate(LINES);
  const dir = mkdtempSync(join(tmpdir(), 'parse-throughput-'));
  const file = join(dir, 'gen.log');
  writeFileSync(file, buf);
  console.log(`${LINES.toLocaleString('en-US')} lines, ${(buf.length / LINES).toFixed(0)} bytes/line, node ${process.version}`);
  let sink = 0;
  const parseSink: ParseSink = { event: (e) => void (sink += e.status), error: () => void sink--, ignored: () => {} };
  try {
    for (let round = 0; round < 3; round++) {
      await measure('LineSplitter (in memory, 1 MiB pushes)', LINES, () => {
        const s = new LineSplitter((t) => void (sink += t.length));
        for (let i = 0; i < buf.length; i += 1 << 20) s.push(buf.subarray(i, i + (1 << 20)));
        s.flush();
      });
      const read = await measure('forEachLine (read + split)', LINES, async () => {
        await forEachLine(file, (t) => void (sink += t.length));
      });
      const base = await measure('forEachLine + indexOf token split', LINES, async () => {
        await forEachLine(file, (t) => {
          let i = 0;
          for (let k = t.indexOf(' '); k >= 0; k = t.indexOf(' ', i)) {
            sink += t.slice(i, k).length;
            i = k + 1;
          }
          sink += t.slice(i).length;
        });
      });
      const all = await measure('forEachLine + combined parser', LINES, async () => {
        const p = createParser('combined');
        await forEachLine(file, (t, n, o) => p.line(t, n, o, parseSink));
        p.end(parseSink);
      });
      console.log(`${'  => indexOf token split alone'.padEnd(34)} ${(LINES / (base - read) / 1e6).toFixed(2).padStart(6)} M lines/s (CPU)`);
      console.log(`${'  => combined parser alone'.padEnd(34)} ${(LINES / (all - read) / 1e6).toFixed(2).padStart(6)} M lines/s (CPU)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (sink === 42) console.log('');
}

void main();
