import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ATTACK_TYPES, type AttackMix } from '../../core/generate/types';
import { TrafficGenerator } from '../../core/generate/engine';

/**
 * A live demo feed for the dashboard: generated nginx `combined` traffic with injected attacks
 * (core/generate), appended to a log file in REAL TIME: each line is written when the wall clock reaches
 * its time. Nothing is compressed, so every client keeps its own pace and address and the rules and the
 * model see traffic exactly as the generator shaped it (compressing time had made browsing look like
 * bursts, and re-addressing clients to hide that made every user look new).
 *
 * The generated clock starts at a busy hour (14:00 UTC of the current day) and is shifted onto the wall
 * clock, so the demo is as lively at night as by day. The rate follows from the benign population: about
 * 0.7 lines/s per 1,000 clients in the hours after it, so `linesPerSecond` picks the population.
 */
export interface DemoFeedOptions {
  /** Log file to append to (created with its folder). */
  file: string;
  /** Approximate lines per second (default 20). */
  linesPerSecond?: number;
  tickMs?: number;
  seed?: number;
  /** Rotate (rename to `<file>.1`) when the file grows past this size. */
  maxBytes?: number;
  now?: () => number;
}

export const DEMO_LOG_NAME = 'demo-access.log';
export const demoLogPath = (dataDir: string): string => join(dataDir, 'demo', DEMO_LOG_NAME);

/**
 * Lines per generator run (then a fresh population at the wall clock): short, because the generator places
 * attacks from 2 % of a run on, and a demo should show one within a minute.
 */
const SEGMENT_LINES = 20_000;
/** Four times the generator's default attack rate: at demo rates an attack starts about every 40 s. */
const DEMO_MIX: AttackMix = Object.fromEntries(ATTACK_TYPES.map((t) => [t, SEGMENT_LINES / 5_000]));
const BUSY_HOUR_UTC = 14;
const CLIENTS_PER_LINE_PER_SECOND = 1_500;
const MAX_CLIENTS = 100_000;
/** Behind by more than this (a suspended laptop): start afresh at the wall clock instead of catching up. */
const MAX_LAG_MS = 5_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_INDEX = new Map(MONTHS.map((m, i) => [m, i]));
const TIME_RE = /\[(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d) \+0000\]/;

function clfTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** Moves the `[time]` of one generated combined line by `shiftMs`. */
export function shiftLineTime(line: string, shiftMs: number): string {
  const m = TIME_RE.exec(line);
  if (!m) return line;
  const [, dd, mon, yyyy, hh, mi, ss] = m;
  const t = Date.UTC(Number(yyyy), MONTH_INDEX.get(mon!) ?? 0, Number(dd), Number(hh), Number(mi), Number(ss));
  return line.slice(0, m.index) + `[${clfTime(t + shiftMs)}]` + line.slice(m.index + m[0].length);
}

export class DemoFeed {
  readonly file: string;
  readonly clients: number;
  private readonly tickMs: number;
  private readonly maxBytes: number;
  private readonly now: () => number;
  private seed: number;
  private gen: TrafficGenerator;
  /** Wall time minus generated time. */
  private shift = 0;
  private timer: NodeJS.Timeout | null = null;
  private bytes = 0;
  written = 0;
  /** The last write error (disk full, folder removed); the feed keeps trying. */
  lastError: Error | null = null;

  constructor(opts: DemoFeedOptions) {
    this.file = opts.file;
    const rate = opts.linesPerSecond ?? 20;
    this.clients = Math.min(MAX_CLIENTS, Math.max(200, Math.round(rate * CLIENTS_PER_LINE_PER_SECOND)));
    this.tickMs = opts.tickMs ?? 250;
    this.maxBytes = opts.maxBytes ?? 100 * 1024 * 1024;
    this.now = opts.now ?? Date.now;
    this.seed = opts.seed ?? Math.floor(Math.random() * 1e9);
    this.gen = this.segment(this.now());
    mkdirSync(dirname(this.file), { recursive: true });
    try {
      this.bytes = statSync(this.file).size;
    } catch {
      this.bytes = 0;
    }
  }

  /** A fresh generator whose busy-hour start maps onto `wall`. */
  private segment(wall: number): TrafficGenerator {
    const d = new Date(wall);
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), BUSY_HOUR_UTC);
    this.shift = wall - start;
    return new TrafficGenerator({ lines: SEGMENT_LINES, seed: this.seed++, format: 'combined', start, clients: this.clients, attacks: DEMO_MIX });
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.pump(), this.tickMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Appends every line whose time has come; returns how many. */
  pump(at = this.now()): number {
    if (this.gen.done || this.gen.nextTime + this.shift < at - MAX_LAG_MS) this.gen = this.segment(at);
    let text = '';
    let count = 0;
    while (!this.gen.done && this.gen.nextTime + this.shift <= at) {
      count += this.gen.step(1, (line) => {
        text += shiftLineTime(line, this.shift) + '\n';
      });
    }
    if (count === 0) return 0;
    try {
      if (this.bytes + text.length > this.maxBytes) {
        renameSync(this.file, `${this.file}.1`);
        this.bytes = 0;
      }
      appendFileSync(this.file, text, 'latin1');
      this.bytes += text.length;
      this.written += count;
      this.lastError = null;
    } catch (err) {
      this.lastError = err as Error;
    }
    return count;
  }
}
