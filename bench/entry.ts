/**
 * Benchmark bodies, bundled with the CLI (out/cli/bench.js) and run one per child process by
 * bench/run.mjs so each figure gets its own peak RSS.
 */
import { forEachLine } from '@core/io/line-reader';
import { createParser, detectFormat } from '@core/parse/index';
import type { ParseSink } from '@core/parse/parser';
import { defaultConfig } from '@core/detect/config';
import { headLines, scanFiles } from '@core/pipeline/scan-files';

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

/** `scan` end to end with every rule on (the default preset). */
export async function scanEndToEnd(path: string): Promise<BenchResult> {
  const t0 = performance.now();
  const { stats } = await scanFiles({ paths: [path], config: defaultConfig() });
  return result('scan end-to-end', stats.lines, (performance.now() - t0) / 1000, {
    events: stats.events,
    alerts: stats.alerts,
    parse_errors: stats.parse_errors,
  });
}

export const BENCHES = { splitOnly, parseOnly, scanEndToEnd } as const;
