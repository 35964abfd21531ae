/**
 * Benchmark bodies, bundled with the CLI (out/cli/bench.js) and run one per child process by
 * bench/run.mjs so each figure gets its own peak RSS.
 */
import { forEachLine } from '@core/io/line-reader';
import { createParser, detectFormat } from '@core/parse/index';
import type { ParseSink } from '@core/parse/parser';
import type { Alert, AlertChange } from '@core/detect/alert';
import { defaultConfig } from '@core/detect/config';
import { headLines, scanFiles } from '@core/pipeline/scan-files';
import { parseTruthCsv } from '@core/generate/index';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { generateToFiles } from '@core/generate/write-files';
import type { GenerateFormat } from '@core/generate/types';
import { detectorRates } from './detect';
import { tuneHeapForStreaming } from '@core/io/heap-tuning';

// Each body runs in a fresh process, tuned as bin/api-shield.js tunes the CLI's.
tuneHeapForStreaming();

export interface BenchResult {
  name: string;
  lines: number;
  seconds: number;
  linesPerSecond: number;
  peakRssMiB: number;
  extra?: Record<string, number | string>;
}

function result(name: string, lines: number, seconds: number, extra?: BenchResult['extra']): BenchResult {
  return {
    name,
    lines,
    seconds: round(seconds, 3),
    linesPerSecond: Math.round(lines / seconds),
    peakRssMiB: round(process.resourceUsage().maxRSS / 1024, 1),
    extra,
  };
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/** Reading and splitting lines only: the floor under every other figure. */
export async function splitOnly(path: string): Promise<BenchResult> {
  const t0 = performance.now();
  let chars = 0;
  const { lines } = await forEachLine(path, (text) => {
    chars += text.length;
  });
  return result('read+split', lines, (performance.now() - t0) / 1000, { chars });
}

/** The parser alone: read, split and parse every line into events; no detection. */
export async function parseOnly(path: string): Promise<BenchResult> {
  const format = detectFormat(await headLines(path))?.format;
  if (!format) throw new Error(`${path}: unknown format`);
  const parser = createParser(format);
  let events = 0;
  let errors = 0;
  const sink: ParseSink = { event: () => void events++, error: () => void errors++, ignored: () => {} };
  const t0 = performance.now();
  const { lines } = await forEachLine(path, (text, n, off) => parser.line(text, n, off, sink));
  parser.end(sink);
  return result(`parse (${format})`, lines, (performance.now() - t0) / 1000, { events, errors });
}

/**
 * `scan` end to end with every rule on (the default preset). With the generator's truth file beside the log,
 * also reports detection quality: attacker IPs alerted (directly, or named by a target alert) and benign
 * clients alerted.
 */
export async function scanEndToEnd(path: string): Promise<BenchResult> {
  // As `api-shield scan --json` runs it: alerts are handed over as they close, not kept.
  const direct = new Set<string>();
  const named = new Set<string>();
  const onAlert = (a: Alert, change: AlertChange) => {
    if (change !== 'closed') return;
    if (a.keyKind === 'ip') direct.add(a.key);
    for (const c of a.clients ?? []) named.add(c);
  };
  const t0 = performance.now();
  const { stats } = await scanFiles({ paths: [path], config: defaultConfig(), keepAlerts: false, onAlert });
  const seconds = (performance.now() - t0) / 1000;
  const extra: BenchResult['extra'] = { events: stats.events, alerts: stats.alerts, parse_errors: stats.parse_errors };
  const truthPath = path.replace(/\.log$/, '.truth.csv');
  if (existsSync(truthPath)) {
    const attackers = new Set(parseTruthCsv(readFileSync(truthPath, 'utf8')).map((r) => r.ip));
    extra.attackers_alerted = `${[...attackers].filter((ip) => direct.has(ip) || named.has(ip)).length}/${attackers.size}`;
    extra.benign_alerted = [...direct].filter((ip) => !attackers.has(ip)).length;
    // Target alerts name the IPs that did nothing but attempt the target: bots, not users who mistyped.
    extra.benign_named_in_target_alerts = [...named].filter((ip) => !attackers.has(ip) && !direct.has(ip)).length;
  }
  return result('scan end-to-end', stats.lines, seconds, extra);
}

/** The generator writing `lines` lines of `format` (the path's name says which) to a scratch file. */
export async function generateOnly(spec: string): Promise<BenchResult> {
  const [format, lines, out] = spec.split('|') as [GenerateFormat, string, string];
  const t0 = performance.now();
  const s = await generateToFiles({ out, lines: Number(lines), seed: 1, format });
  rmSync(out, { force: true });
  rmSync(s.truthOut, { force: true });
  return result(`generate (${format})`, s.lines, (performance.now() - t0) / 1000, { mib: Math.round(s.bytes / 1048576) });
}

/** The detector alone on `events` synthetic events (the argument is a count, not a file). */
export async function detectOnly(events: string): Promise<BenchResult> {
  const n = Number(events);
  const { all, none } = detectorRates(n);
  const r = result('detector alone (CPU)', n, n / all, { every_rule_off: `${Math.round(none).toLocaleString('en-US')} events/s` });
  return r;
}

export const BENCHES = { splitOnly, parseOnly, scanEndToEnd, generateOnly, detectOnly } as const;
