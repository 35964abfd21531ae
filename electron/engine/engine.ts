import { resolve } from 'node:path';
import type { AccessEvent } from '../../core/events/event';
import type { FormatId } from '../../core/parse/parser';
import { EngineError, type ErrorEnvelope } from '../contract/errors';
import type { EngineState, ImportResult, SourceStatus, WatchRow } from '../contract/types';
import { detectionConfig, warmUpSpanMs, type DetectorLike, type EngineDeps } from './core-deps';
import { EngineModel } from './model/engine-model';
import { AlertGate } from './alert-gate';
import type { IngestContext } from './ingest/context';
import { PushCollector } from './push';
import type { Batch } from './store/batch';
import { InlineCommitter, WorkerCommitter } from './store/committer';
import { Commits } from './commits';
import { Interner } from './store/interner';
import { warmUp } from './detector-warmup';
import { DB_FILE, openDb, schemaVersion, type Db } from './store/db';
import { DirLock } from './store/dir-lock';
import { storeErrorEnvelope } from './store/errors';
import { Retention } from './store/retention';
import { SourcesRepo } from './store/sources-repo';
import type { CommitResult } from './store/writer';
import { EventEncoder } from './store/event-rows';
import { Queries } from './queries/queries';
import { SourceTailer, type TailerDeps } from './tail/source-tailer';
import { WatchSet } from './tail/watch-set';
import { Pump } from './pump';
import type { EngineOptions } from './config';
import { EngineStats } from './stats';
import { StorageSettings } from './storage';

export type { EngineConfig, EngineOptions } from './config';

/**
 * The long-running pipeline: watched files → parser → detector → SQLite. Runs in one thread (the worker in
 * production), which orders every write to the store: ingest batches go to the writer thread one at a time
 * (committer.ts), and the engine's own writes (triage, settings, retention) never overlap a string collection.
 */
export class Engine {
  readonly db: Db;
  /** This engine's hold on the data directory (dir-lock.ts), from start to stop. */
  private lock: DirLock | null = null;
  readonly repo: SourcesRepo;
  readonly queries: Queries;
  readonly runId: number;
  readonly startedAt = Date.now();
  state: EngineState = 'running';
  lastError: ErrorEnvelope | null = null;
  readonly stats: EngineStats;
  readonly push: PushCollector;
  readonly gate: AlertGate;
  /** String ids for events (see Interner). */
  readonly strings: Interner;
  private readonly commits: Commits;
  /** Reasons reading is paused besides a store error (exclusive sections). */
  private paused = 0;
  /** Read-only connection for the interner's lookups (see Interner). */
  private readonly reader: Db;
  private readonly encoder: EventEncoder;
  readonly retention: Retention;
  readonly storage: StorageSettings;
  private readonly watches: WatchSet;
  private readonly pump: Pump;
  private readonly deps: EngineDeps;
  private detector: DetectorLike;
  readonly model: EngineModel;
  private readonly owners = new Map<number, SourceTailer>();
  private readonly tailerDeps: TailerDeps;
  private pollTimer: NodeJS.Timeout | null = null;
  private importing = new Set<SourceTailer>();
  /** The detector is replaying stored events (see detector-warmup.ts): its alerts are not new. */
  private warming = false;
  /** Stored events replayed into the detector at start. */
  warmedUp = 0;

  constructor(readonly opts: EngineOptions) {
    this.deps = opts.deps;
    this.db = openDb(opts.dataDir, opts.store);
    this.repo = new SourcesRepo(this.db);
    this.reader = openDb(opts.dataDir, { ...opts.store, readonly: true });
    this.strings = new Interner(this.db, undefined, this.reader);
    this.encoder = new EventEncoder(this.strings);
    this.queries = new Queries(this.db, this.strings, opts.dataDir);
    this.retention = new Retention(this.db, opts.retention ?? {}, {
      settled: () => this.commits.settled,
      exclusive: (fn) => this.exclusive(fn),
      forgetIds: () => {
        this.strings.forgetCached();
        this.encoder.forgetCached();
      },
    });
    this.storage = new StorageSettings(this.db, this.dbPath, this.retention, opts.retention ?? {});
    this.runId = this.repo.startRun();
    this.commits = new Commits(new InlineCommitter(this.db, opts.maxErrorsPerSource ?? 1000), this.strings, this.runId, {
      landed: (b, r) => this.landed(b, r),
      refused: (err) => this.setError(storeErrorEnvelope(err)),
      retryLater: (retry) => this.pump.retryLater(retry),
    });
    // Episodes of a run that ended without closing them (crash): detection state is gone, so they are over.
    this.db.prepare('UPDATE alerts SET active = 0 WHERE active = 1 AND run_id < ?').run(this.runId);
    this.stats = new EngineStats(this.db);
    this.gate = new AlertGate(this.db, this.stats);
    this.push = new PushCollector(opts.pushMs ?? 500, (ev) => opts.onPush?.(ev), () => this.snapshot());
    this.model = new EngineModel(this.db, {
      defaultModelPath: opts.defaultModelPath,
      trainWorker: opts.trainWorker,
      trainWorkers: opts.trainWorkers,
      quietGapMs: detectionConfig(this.queries.rules.list(), []).config.quietGapMs,
      sink: {
        alert: (a, change) => {
          if (this.gate.allows(a)) this.batch.alert(a, change);
        },
      },
      onProgress: (p) => this.push.modelProgress(p),
      namedByRule: (client) => this.detector.namesClient?.(client) ?? false,
    });
    this.detector = this.makeDetector();
    const ctx = this.ingestContext();
    this.tailerDeps = { ctx, repo: this.repo, owners: this.owners, onState: () => this.push.sources() };
    this.pump = new Pump({
      maxEvents: opts.batchMaxEvents ?? 20_000,
      maxMs: opts.batchMaxMs ?? 100,
      maxBehindMs: Math.max(opts.batchMaxMs ?? 100, 500),
      batch: () => this.batch,
      commit: () => this.commits.handOff(),
      blocked: () => this.lastError !== null || this.paused > 0,
    });
    this.watches = new WatchSet(
      this.tailerDeps,
      (t) => this.pump.markDirty(t),
      (err) => this.setError({ name: 'WatchError', code: 'io-error', message: err.message }),
      opts.notifications ?? true,
    );
  }

  /** Opens the store, restores the watches of the previous run and starts reading. */
  static async start(opts: EngineOptions): Promise<Engine> {
    const lock = DirLock.acquire(opts.dataDir);
    let e: Engine;
    try {
      e = new Engine(opts);
    } catch (err) {
      lock.release();
      throw err;
    }
    e.lock = lock;
    try {
      if (opts.writerWorker) {
        e.commits.use(await WorkerCommitter.start(opts.writerWorker, {
          dataDir: opts.dataDir,
          store: opts.store ?? {},
          maxErrorsPerSource: opts.maxErrorsPerSource ?? 1000,
        }));
      }
    } catch (err) {
      e.closeStore();
      throw err;
    }
    e.warming = true;
    try {
      e.warmedUp = warmUp(e.db, e.strings, e.detector, warmUpSpanMs(e.queries.rules.list()));
    } finally {
      e.warming = false;
    }
    await e.watches.restore();
    e.push.start();
    const poll = opts.pollMs ?? 1000;
    e.pollTimer = setInterval(() => void e.poll(), poll);
    e.pollTimer.unref?.();
    return e;
  }

  get dbPath(): string {
    return resolve(this.opts.dataDir, DB_FILE);
  }

  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  private ingestContext(): IngestContext {
    const engine = this;
    return {
      get batch() {
        return engine.batch;
      },
      event: (e: AccessEvent) => {
        const b = engine.batch;
        this.encoder.encode(e, b.rows, b.rollups);
        this.detector.push(e);
        this.model.push(e);
      },
      createParser: (f: FormatId) => this.deps.createParser(f),
      detectFormat: (lines: string[]) => this.deps.detectFormat(lines),
      maxLineBytes: this.opts.maxLineBytes ?? 64 * 1024,
      chunkBytes: this.opts.chunkBytes ?? 512 * 1024,
    };
  }

  private makeDetector(): DetectorLike {
    return this.deps.createDetector(this.queries.rules.list(), this.queries.allowlist.list(), {
      alert: (a, change) => {
        if (this.warming || !this.gate.allows(a)) return;
        // The model annotates the rule alert (probability, drivers) and notes the clients it covers.
        this.model.ruleAlert(a, change);
        this.batch.alert(a, change);
      },
    });
  }

  /**
   * Rule settings or the allowlist changed: later events run through a detector built from them. Open
   * episodes are closed first (their windows cannot be carried over to different thresholds).
   */
  reloadDetector(): void {
    this.detector.finish();
    this.detector = this.makeDetector();
  }

  async addWatch(spec: string, format?: FormatId): Promise<{ watch: WatchRow; sources: SourceStatus[] }> {
    this.assertRunning();
    const r = await this.watches.add(spec, format ?? null);
    return { watch: r.watch, sources: r.sources.map((t) => this.stats.sourceStatus(t)) };
  }

  async removeWatch(id: number): Promise<boolean> {
    await this.flush();
    const removed = await this.watches.remove(id);
    this.push.sources();
    return removed;
  }

  listWatches(): WatchRow[] {
    return this.watches.list();
  }

  sourceStatuses(): SourceStatus[] {
    return this.stats.sourceStatuses(this.watches.tailers, this.importing);
  }

  /** Reads a whole file once, commits, and reports what it found. Idempotent: a file already read is not re-read. */
  async importFile(path: string, format?: FormatId): Promise<ImportResult> {
    this.assertRunning();
    const t0 = performance.now();
    const abs = resolve(path);
    const live = this.watches.tailers.get(abs);
    if (live) {
      // Already watched: the watch reads it; importing it again would only wait for the same lines.
      await this.flush();
      return { watched: true, sourceId: live.id, path: abs, format: live.format, lines: 0, events: 0, parseErrors: 0, alerts: 0, ms: 0 };
    }
    const watch = this.repo.addWatch(`import:${abs}`, format ?? null);
    this.repo.removeWatch(watch.id);
    const source = this.repo.ensureSource(watch.id, abs, format ?? null);
    const before = this.stats.sourceTotals(source.id);
    const alertsBefore = this.stats.alertsOpened;
    const t = new SourceTailer(source, this.tailerDeps, true);
    this.importing.add(t);
    try {
      await this.pump.runToEnd(t);
      await this.flush();
    } finally {
      await t.close();
      this.importing.delete(t);
    }
    if (t.state === 'error' || t.state === 'missing') {
      throw new EngineError('io-error', `${abs}: ${t.lastError ?? 'file not found'}`);
    }
    if (t.state === 'unknown-format') throw new EngineError('bad-request', `${abs}: ${t.lastError}`);
    const after = this.stats.sourceTotals(source.id);
    return {
      watched: false,
      sourceId: source.id,
      path: abs,
      format: t.format,
      lines: after.lines - before.lines,
      events: after.events - before.events,
      parseErrors: after.parseErrors - before.parseErrors,
      alerts: this.stats.alertsOpened - alertsBefore,
      ms: Math.round(performance.now() - t0),
    };
  }

  /** Resolves when everything read so far is committed. */
  async flush(): Promise<{ events: number }> {
    await this.pump.idle();
    if (!(await this.commits.settle())) throw new EngineError(this.lastError?.code ?? 'store-error', this.lastError?.message ?? 'commit failed');
    return { events: this.stats.events };
  }

  /** Events read and not committed yet. */
  get pendingEvents(): number {
    return this.commits.pending;
  }

  /** The batch being read (file readers and detectors add to it; swapped at every hand-off). */
  get batch(): Batch {
    return this.commits.batch;
  }

  private landed(done: Batch, r: CommitResult): void {
    this.stats.committed(done, r);
    for (const a of r.alerts) this.push.alert(a.row, a.change, a.isNew);
    if (done.deltas.size || done.states.size) this.push.sources();
    this.push.counters();
    if (this.lastError) this.setError(null);
    this.opts.onCommit?.(r);
  }

  /**
   * Runs `fn` with reading paused and nothing uncommitted or being written (collecting unused strings needs
   * every string id in use to be in the store). Null if the store refused the pending commit.
   */
  async exclusive<T>(fn: () => T): Promise<T | null> {
    this.paused++;
    try {
      await this.pump.idle();
      if (!(await this.commits.settle())) return null;
      return fn();
    } finally {
      this.paused--;
      this.pump.kick();
    }
  }

  private setError(err: ErrorEnvelope | null): void {
    this.lastError = err;
    if (this.state === 'running' || this.state === 'degraded') this.state = err ? 'degraded' : 'running';
    this.push.engineState(this.state, err);
    if (!err) this.pump.kick();
  }

  private async poll(): Promise<void> {
    if (this.state === 'stopping' || this.state === 'stopped') return;
    await this.watches.discover();
    this.watches.pollAll();
    this.retention.maybeRun();
  }

  snapshot() {
    return { sources: this.sourceStatuses(), counters: this.stats.counters(this.pendingEvents) };
  }

  assertRunning(): void {
    if (this.state === 'stopping' || this.state === 'stopped') throw new EngineError('engine-stopped', 'the engine is stopping');
  }

  /** Finishes in-flight work, closes open alert episodes, commits and closes the store. */
  async stop(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    this.state = 'stopping';
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pump.stop();
    await this.pump.idle();
    await this.watches.close();
    this.model.trainer.cancel();
    this.detector.finish();
    this.model.finish();
    await this.commits.settle();
    await this.commits.close();
    this.push.engineState('stopped', this.lastError);
    this.push.stop();
    this.state = 'stopped';
    this.closeStore();
  }

  private closeStore(): void {
    this.strings.endRead();
    this.reader.close();
    this.db.close();
    this.lock?.release();
  }
}
