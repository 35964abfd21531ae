import { statSync } from 'node:fs';
import type { AccessEvent } from '../events/event';
import type { Alert, AlertChange } from '../detect/alert';
import type { DetectionConfig } from '../detect/config';
import { Detector } from '../detect/detector';
import type { Readable } from 'node:stream';
import { forEachLine } from '../io/line-reader';
import { StreamLines } from '../io/stream-lines';
import { AccessClientIndex, detectFormat } from '../parse/index';
import type { FormatId } from '../parse/parser';
import type { ForestModel } from '../model/model-file';
import { ModelAlerter } from './model-alerts';
import { ScanTally, type ScanStats, type SourceSummary } from './scan-summary';
import { isZlibError, readSource, STDIN_PATH, type SourceReadContext } from './source-read';
import { mergeByTime, type Producer } from './time-merge';
import { firstEventTime, lastEventTime, overlapInTime, readOrder } from './read-order';

export { STDIN_PATH };

export interface ScanOptions {
  /**
   * Files to scan, `-` (at most once) for `stdin`. They are read oldest log time first whatever their order
   * here, and those that overlap in time side by side (read-order.ts, time-merge.ts); their index in this
   * list is their source number in evidence and stats.
   */
  paths: string[];
  /** What `-` reads (the CLI passes process.stdin). */
  stdin?: Readable;
  /** Log-time window (ms): events before `since` or from `until` on are counted as ignored, not detected. */
  since?: number;
  until?: number;
  /** Overrides auto-detection for every file. */
  format?: FormatId;
  config: DetectionConfig;
  /** Bytes read over all files so far, and the total. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Every event after parsing, before detection (the model scorer hooks in here). */
  onEvent?: (e: AccessEvent) => void;
  onAlert?: (a: Alert, change: AlertChange) => void;
  signal?: AbortSignal;
  /**
   * UTC offset of timestamps that carry no zone (WSO2 carbon logs). Default: the zone of a WSO2 access log
   * scanned alongside, else this machine's zone.
   */
  utcOffsetMinutes?: number;
  /** Scores every (client, 10 s window): model alerts of their own, and a probability on rule alerts. */
  model?: ForestModel;
  /**
   * false: closed alerts are only passed to `onAlert`, not kept for the result (whose `alerts` is then
   * empty; its stats still count them), so memory does not grow with the number of alerts. Ignored with
   * `model`, which needs every rule alert at the end.
   */
  keepAlerts?: boolean;
}

export interface ScanResult {
  alerts: Alert[];
  stats: ScanStats;
  /** The paths in the order they were read (oldest log time first, see read-order.ts). */
  readOrder: string[];
}

export class FormatUnknownError extends Error {
  override name = 'FormatUnknownError';
  constructor(readonly path: string) {
    super(`${path}: could not recognize the log format from its first lines; pass --format`);
  }
}

const SNIFF_LINES = 50;

/** Reads the first lines of a file (gzip too) for format detection. */
export async function headLines(path: string, max = SNIFF_LINES): Promise<string[]> {
  const lines: string[] = [];
  const ac = new AbortController();
  try {
    await forEachLine(
      path,
      (text) => {
        if (lines.length < max) lines.push(text);
        if (lines.length >= max) ac.abort();
      },
      { signal: ac.signal },
    );
  } catch (err) {
    // Damaged compressed data: detect from the lines before it (the scan reports the damage itself).
    if (!ac.signal.aborted && !isZlibError(err)) throw err;
  }
  return lines;
}

/**
 * The offline pipeline behind `api-shield scan`: stream each file through its parser into one Detector.
 * Alerts are episodes; the returned list holds each episode's final state.
 */
export async function scanFiles(opts: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const piped = opts.paths.filter((p) => p === STDIN_PATH).length;
  if (piped > 1) throw new Error('standard input (-) can be read only once');
  if (piped === 1 && !opts.stdin) throw new Error('no standard input stream was given for -');
  const stdin = piped === 1 ? new StreamLines(opts.stdin!) : null;
  // A pipe has no size: progress then counts bytes without a total.
  const totalBytes = stdin ? 0 : opts.paths.reduce((sum, p) => sum + statSync(p).size, 0);
  const finalAlerts = new Map<string, Alert>();
  const keep = opts.keepAlerts !== false || opts.model !== undefined;
  const closedByRule: Record<string, number> = {};
  const detector = new Detector(opts.config, {
    alert(a, change) {
      // Every episode ends with 'closed' (finish closes the open ones), so this counts each alert once.
      if (change === 'closed') closedByRule[a.rule] = (closedByRule[a.rule] ?? 0) + 1;
      if (keep || change !== 'closed') finalAlerts.set(a.id, a);
      else finalAlerts.delete(a.id);
      opts.onAlert?.(a, change);
    },
  });
  const modelAlerter = opts.model ? new ModelAlerter(opts.model, opts.config.quietGapMs) : null;
  const tally = new ScanTally();
  const sources: SourceSummary[] = [];

  const formats: FormatId[] = [];
  const heads: string[][] = [];
  let accessZone: number | null = null;
  for (const path of opts.paths) {
    const head = path === STDIN_PATH ? await stdin!.headLines(SNIFF_LINES) : await headLines(path);
    // An empty file (a log just rotated, a gateway that saw no traffic) is no error: it has nothing to parse.
    const format = opts.format ?? detectFormat(head)?.format ?? (isBlank(head) ? 'combined' : undefined);
    if (!format) throw new FormatUnknownError(path);
    if (format === 'wso2-access' && accessZone === null) accessZone = zoneOf(head);
    formats.push(format);
    heads.push(head);
  }
  // Carbon logs stamp local time without a zone; the same gateway's access log says which zone that is.
  const utcOffsetMinutes = opts.utcOffsetMinutes ?? accessZone ?? undefined;
  const join = needsJoin(formats) ? new AccessClientIndex() : null;
  const since = opts.since ?? -Infinity;
  const until = opts.until ?? Infinity;
  const firstTimes = heads.map((h, i) => firstEventTime(h, formats[i]!, utcOffsetMinutes));
  const order = readOrder(formats, firstTimes, join !== null);
  heads.length = 0;

  const onEvent = opts.onEvent;
  const deliver = (e: AccessEvent) => {
    onEvent?.(e);
    modelAlerter?.push(e);
    detector.push(e);
  };
  const progress = new Array<number>(opts.paths.length).fill(0);
  const ctx: SourceReadContext = {
    tally,
    formats,
    join,
    since,
    until,
    utcOffsetMinutes,
    signal: opts.signal,
    stdin,
    onProgress: opts.onProgress
      ? (source, done) => {
          progress[source] = done;
          opts.onProgress!(progress.reduce((a, b) => a + b, 0), totalBytes);
        }
      : undefined,
  };
  const lastTimes = opts.paths.map((p, i) => (p === STDIN_PATH ? NaN : lastEventTime(p, formats[i]!, utcOffsetMinutes)));
  if (join === null && stdin === null && overlapInTime(order, firstTimes, lastTimes)) {
    // Several logs (gateway nodes, or rotated pieces): one timeline, read side by side in log-time order.
    const producers: Producer[] = order.map((source) => async (push, afterChunk) => {
      sources[source] = await readSource(ctx, source, opts.paths[source]!, push, afterChunk);
    });
    await mergeByTime(producers, deliver);
  } else {
    for (const source of order) sources[source] = await readSource(ctx, source, opts.paths[source]!, deliver);
  }
  detector.finish();

  const alerts = [...finalAlerts.values()];
  if (modelAlerter) {
    for (const a of modelAlerter.finish(alerts)) {
      alerts.push(a);
      closedByRule[a.rule] = (closedByRule[a.rule] ?? 0) + 1;
      opts.onAlert?.(a, 'closed');
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return { alerts, stats: buildStats(tally, closedByRule, sources, seconds), readOrder: order.map((i) => opts.paths[i]!) };
}

/**
 * WSO2 faulty metrics events (no client IP from 4.2) and carbon auth-failure warnings (never an IP) get their
 * client from the gateway access log when both are scanned together (see core/parse/wso2-join.ts). Only
 * failed calls are indexed, since only those can explain a fault.
 */
/** The UTC offset written in the first CLF-style timestamp of these lines, e.g. "-0500" → -300. */
export function zoneOf(lines: string[]): number | null {
  for (const line of lines) {
    const m = /\[\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} ([+-])(\d{2})(\d{2})\]/.exec(line);
    if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  }
  return null;
}

/** No line with anything but whitespace. */
export function isBlank(head: readonly string[]): boolean {
  return head.every((l) => l.trim() === '');
}

function needsJoin(formats: FormatId[]): boolean {
  return formats.includes('wso2-access') && (formats.includes('wso2-metrics') || formats.includes('wso2-carbon'));
}

function buildStats(tally: ScanTally, byRule: Record<string, number>, sources: SourceSummary[], seconds: number): ScanStats {
  const byCode: ScanStats['parse_errors_by_code'] = {};
  for (const [code, slot] of tally.errorsByCode) {
    byCode[code] = {
      count: slot.count,
      examples: slot.examples.map((e) => ({ source: e.source, line: e.line, offset: e.offset, message: e.message, sample: e.sample })),
    };
  }
  return {
    lines: tally.lines,
    events: tally.events,
    ignored: tally.ignored,
    ignored_by_reason: Object.fromEntries(tally.ignoredByReason),
    parse_errors: tally.parseErrors,
    parse_errors_by_code: byCode,
    alerts: Object.values(byRule).reduce((n, c) => n + c, 0),
    alerts_by_rule: byRule,
    seconds: Math.round(seconds * 1000) / 1000,
    lines_per_second: seconds > 0 ? Math.round(tally.lines / seconds) : 0,
    bytes: sources.reduce((s, x) => s + x.bytes, 0),
    sources,
  };
}
