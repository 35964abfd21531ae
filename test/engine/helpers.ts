import { mkdtempSync, rmSync, appendFileSync } from 'node:fs';
import { afterEach, beforeEach, expect } from 'vitest';
import { RemoteEngineError } from '../../electron/contract/errors';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createParser, detectFormat } from '../../core/parse/index';
import type { Alert, AlertSink } from '../../core/detect/alert';
import type { AccessEvent } from '../../core/events/event';
import type { EngineDeps } from '../../electron/engine/core-deps';
import { Engine, type EngineOptions } from '../../electron/engine/engine';

export function tempDir(prefix = 'api-shield-engine-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A fresh temporary directory for each test of the file, and the engine under test: stopped (errors
 * ignored: a test may leave it degraded) and the directory removed after each test.
 */
export function perTestEngine(): { readonly dir: string; engine: Engine | null } {
  let tmp: ReturnType<typeof tempDir> | null = null;
  const ctx = {
    get dir() {
      return tmp!.dir;
    },
    engine: null as Engine | null,
  };
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(async () => {
    await ctx.engine?.stop().catch(() => undefined);
    ctx.engine = null;
    tmp!.cleanup();
  });
  return ctx;
}

/** Polls a condition (no fixed sleeps): resolves as soon as it holds, fails with `what` at the deadline. */
export async function waitFor(cond: () => boolean | Promise<boolean>, what = 'condition', timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const BASE = Date.UTC(2024, 0, 15, 10, 0, 0);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function clfTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** A valid combined-format line; `i` makes it unique and drives time (100 ms apart). */
export function line(i: number, o: { client?: string; method?: string; path?: string; status?: number; time?: number } = {}): string {
  const client = o.client ?? `10.0.${(i >> 8) & 255}.${i & 255}`;
  const t = o.time ?? BASE + i * 100;
  return `${client} - - [${clfTime(t)}] "${o.method ?? 'GET'} ${o.path ?? `/api/items/${i}`} HTTP/1.1" ${o.status ?? 200} ${100 + (i % 50)} "-" "test-agent/1.0"`;
}

export function lines(from: number, count: number, o: Parameters<typeof line>[1] = {}): string {
  let s = '';
  for (let i = from; i < from + count; i++) s += line(i, o) + '\n';
  return s;
}

export function append(path: string, text: string): void {
  appendFileSync(path, text);
}

/**
 * A deterministic stand-in detector: one 'burst' alert episode per client once it has sent `threshold`
 * events; updated on each further event. The real Detector is exercised by the replay-vs-live test.
 */
export class CountingDetector {
  private readonly counts = new Map<string, number>();
  private readonly open = new Map<string, Alert>();
  constructor(
    private readonly sink: AlertSink,
    private readonly threshold = 5,
  ) {}

  push(e: AccessEvent): void {
    const n = (this.counts.get(e.client) ?? 0) + 1;
    this.counts.set(e.client, n);
    if (n < this.threshold) return;
    let a = this.open.get(e.client);
    const ref = { source: e.source, line: e.line, offset: e.offset };
    if (!a) {
      a = {
        id: `burst:ip:${e.client}:1`, key: e.client, keyKind: 'ip', rule: 'burst', category: 'burst', severity: 'medium',
        risk: 40, action: 'rate-limit-and-monitor', count: n, firstSeen: e.time, lastSeen: e.time,
        reason: `${n} requests`, evidence: [ref], modelScore: -1,
      };
      this.open.set(e.client, a);
      this.sink.alert(a, 'opened');
    } else {
      a.count = n;
      a.lastSeen = e.time;
      if (a.evidence.length < 10) a.evidence.push(ref);
      this.sink.alert(a, 'updated');
    }
  }

  finish(): void {
    for (const a of this.open.values()) this.sink.alert(a, 'closed');
    this.open.clear();
  }
}

export const testDeps: EngineDeps = {
  createParser: (f) => createParser(f),
  detectFormat: (lines) => detectFormat(lines)?.format ?? null,
  createDetector: (_rules, _allow, sink) => new CountingDetector(sink),
};

export async function startEngine(dataDir: string, extra: Partial<EngineOptions> = {}): Promise<Engine> {
  return Engine.start({ dataDir, deps: testDeps, pollMs: 200, pushMs: 50, batchMaxMs: 20, ...extra });
}

export function count(engine: Engine, sql: string, ...args: unknown[]): number {
  return (engine.db.prepare(sql).get(...args) as { n: number }).n;
}

/** The typed error a contract request was rejected with (fails the test if it was not rejected). */
export async function rejection(p: Promise<unknown>): Promise<RemoteEngineError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(RemoteEngineError);
    return err as RemoteEngineError;
  }
  throw new Error('expected the request to be rejected');
}
