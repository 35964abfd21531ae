import type { FormatId, IgnoreReason, ParseSink } from './parser';
import { createParser } from './create-parser';

export interface DetectedFormat {
  format: FormatId;
  /** Share of the sampled lines the format explained, 0..1. */
  confidence: number;
}

/**
 * Order for ties, most specific first: a CRI-wrapped nginx line also parses as combined (with the
 * wrapper taken for a vhost), and a plain nginx line also as a WSO2 complete line.
 */
const CANDIDATES: FormatId[] = ['json', 'combined', 'haproxy', 'aws-alb', 'w3c', 'wso2-access', 'wso2-metrics', 'wso2-carbon', 'prototype-csv'];

const SAMPLE = 50;
const MIN_CONFIDENCE = 0.2;

/** Reasons that mean "this line is of the format" (unlike 'not-an-event', which any stray text gets). */
const STRUCTURAL: ReadonlySet<IgnoreReason> = new Set(['paired', 'backend', 'header']);

/** A log4j line of wso2carbon.log (`TID: [`) or wso2-apigw-errors.log (`2020-02-23T02:10:18,828 [`). */
const CARBON_LINE = /^(?:TID: \[|\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d,\d{3} \[)/;

/**
 * Guesses the format from a file's first lines: each candidate parser reads up to 50 of them and the one
 * that explains the largest share wins (ties go to the earlier entry of CANDIDATES). A line counts when
 * it became an event or was consumed as part of one ('paired', 'backend', CSV 'header'); a server
 * error-log line counts half for combined, so a pure error log is still recognised as web-server output;
 * for wso2-carbon every log4j-shaped line counts, since auth failures are rare among them. Blank lines and
 * '#' comments other than a W3C `#Fields:` header are not sampled. Returns null below 20%.
 */
export function detectFormat(firstLines: string[]): DetectedFormat | null {
  const lines: string[] = [];
  const numbers: number[] = [];
  for (let i = 0; i < firstLines.length && lines.length < SAMPLE; i++) {
    const t = firstLines[i];
    // Comments are not sampled, but a W3C `#Fields:` header is what its data lines are read with.
    if (t.trim() === '' || (t.charCodeAt(0) === 35 && !t.startsWith('#Fields:'))) continue;
    lines.push(t);
    numbers.push(i + 1);
  }
  if (lines.length === 0) return null;
  let best: DetectedFormat | null = null;
  for (const format of CANDIDATES) {
    const score = scoreFormat(format, lines, numbers) / lines.length;
    if (score >= MIN_CONFIDENCE && (!best || score > best.confidence)) best = { format, confidence: round(score) };
  }
  return best;
}

function scoreFormat(format: FormatId, lines: string[], numbers: number[]): number {
  const credit = new Map<number, number>();
  const give = (line: number, c: number) => credit.set(line, Math.max(credit.get(line) ?? 0, c));
  const sink: ParseSink = {
    event: (e) => give(e.line, 1),
    error: (e) => {
      if (e.code === 'error-log-line' && format === 'combined') give(e.line, 0.5);
    },
    ignored: (line: number, reason: IgnoreReason) => {
      if (STRUCTURAL.has(reason)) give(line, 1);
    },
  };
  const parser = createParser(format);
  const byNumber = new Map<number, string>();
  for (let i = 0; i < lines.length; i++) {
    byNumber.set(numbers[i], lines[i]);
    try {
      parser.line(lines[i], numbers[i], 0, sink);
    } catch {
      // A parser must not throw; if one does, the line simply earns nothing.
    }
  }
  parser.end(sink);
  if (format === 'wso2-carbon') {
    for (const [n, t] of byNumber) if (CARBON_LINE.test(t)) give(n, 1);
  }
  let sum = 0;
  for (const c of credit.values()) sum += c;
  return sum;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
