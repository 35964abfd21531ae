import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TrafficGenerator } from '../../core/generate/engine';
import { ATTACKER_FIRST_OCTETS, BENIGN_FIRST_OCTETS } from '../../core/generate/ip-space';

/**
 * A live demo feed for the dashboard: generated nginx `combined` traffic with injected attacks
 * (core/generate), appended to a log file at a modest rate with log time = now, so the engine tails it and the
 * charts move.
 *
 * The generator's benign population makes only a few requests per second of log time, so reaching a few
 * hundred lines per second means compressing its time. Compressing alone would make every benign client
 * look like a scanner (its minutes of browsing squeezed into seconds), so each benign address is re-addressed
 * per 10-second slot of generated time: a re-addressed client carries at most what the original sent in
 * 10 s, which the generator keeps under every rule's threshold. Attacker addresses (their own first octets)
 * are kept, so attacks stay attacks — compressed, hence a little more intense than generated.
 */
export interface DemoFeedOptions {
  /** Log file to append to (created with its folder). */
  file: string;
  linesPerSecond?: number;
  tickMs?: number;
  seed?: number;
  /** Benign population per generated segment (memory grows with it). */
  clients?: number;
  /** Rotate (rename to `<file>.1`) when the file grows past this size. */
  maxBytes?: number;
  now?: () => number;
}

export const DEMO_LOG_NAME = 'demo-access.log';
export const demoLogPath = (dataDir: string): string => join(dataDir, 'demo', DEMO_LOG_NAME);

const SEGMENT_LINES = 200_000;
const SLOT_MS = 10_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_INDEX = new Map(MONTHS.map((m, i) => [m, i]));
const TIME_RE = /\[(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-]\d{4})\]/;
const ATTACKER = new Set(ATTACKER_FIRST_OCTETS);

function clfTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** True for addresses the generator gives attackers (IPv4 with an attacker first octet). */
export function isAttackerAddress(ip: string): boolean {
  const dot = ip.indexOf('.');
  return dot > 0 && !ip.includes(':') && ATTACKER.has(Number(ip.slice(0, dot)));
}

/** A stable benign-looking IPv4 for (address, slot). */
export function readdress(ip: string, slot: number): string {
  const key = `${ip}#${slot}`;
  const a = fnv1a(key);
  const b = fnv1a(key, 0x1234567);
  return `${BENIGN_FIRST_OCTETS[a % BENIGN_FIRST_OCTETS.length]}.${(a >>> 8) & 255}.${(a >>> 16) & 255}.${1 + (b % 254)}`;
}

/** Rewrites one generated combined line: time → `wallMs`, benign client re-addressed per generated slot. */
export function rewriteLine(line: string, wallMs: number): string {
  const m = TIME_RE.exec(line);
  if (!m) return line;
  const [, dd, mon, yyyy, hh, mi, ss] = m;
  const generated = Date.UTC(Number(yyyy), MONTH_INDEX.get(mon!) ?? 0, Number(dd), Number(hh), Number(mi), Number(ss));
  const sp = line.indexOf(' ');
  const ip = line.slice(0, sp);
  const client = isAttackerAddress(ip) ? ip : readdress(ip, Math.floor(generated / SLOT_MS));
  return client + line.slice(sp, m.index) + `[${clfTime(wallMs)}]` + line.slice(m.index + m[0].length);
}

export class DemoFeed {
  readonly file: string;
  private readonly rate: number;
  private readonly tickMs: number;
  private readonly clients: number;
  private readonly maxBytes: number;
  private readonly now: () => number;
  private seed: number;
  private gen: TrafficGenerator;
  private last: number;
  private carry = 0;
  private timer: NodeJS.Timeout | null = null;
  private bytes = 0;
  written = 0;
  /** The last write error (disk full, folder removed); the feed keeps trying. */
  lastError: Error | null = null;

  constructor(opts: DemoFeedOptions) {
    this.file = opts.file;
    this.rate = opts.linesPerSecond ?? 200;
    this.tickMs = opts.tickMs ?? 250;
    this.clients = opts.clients ?? 1000;
    this.maxBytes = opts.maxBytes ?? 100 * 1024 * 1024;
    this.now = opts.now ?? Date.now;
    this.seed = opts.seed ?? Math.floor(Math.random() * 1e9);
    this.last = this.now();
    this.gen = this.segment();
    mkdirSync(dirname(this.file), { recursive: true });
    try {
      this.bytes = statSync(this.file).size;
    } catch {
      this.bytes = 0;
    }
  }

  private segment(): TrafficGenerator {
    return new TrafficGenerator({ lines: SEGMENT_LINES, seed: this.seed++, format: 'combined', start: this.now(), clients: this.clients });
  }

  start(): void {
    if (this.timer) return;
    this.last = this.now();
    this.timer = setInterval(() => this.pump(), this.tickMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Appends the lines due since the last call (at most two seconds' worth); returns how many. */
  pump(at = this.now()): number {
    const due = Math.min(((at - this.last) / 1000) * this.rate + this.carry, this.rate * 2);
    this.last = at;
    const n = Math.floor(due);
    this.carry = due - n;
    if (n <= 0) return 0;
    let text = '';
    let count = 0;
    while (count < n) {
      if (this.gen.done) this.gen = this.segment();
      count += this.gen.step(n - count, (line) => {
        text += rewriteLine(line, at) + '\n';
      });
    }
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
