import { readdir, stat } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FormatId } from '../../../core/parse/parser';
import type { WatchRow } from '../../contract/types';
import { EngineError } from '../../contract/errors';
import { DirWatcher } from './dir-watcher';
import { SourceTailer, type TailerDeps } from './source-tailer';
import { parseSpec, specMatches, type WatchSpec } from './spec';

const isDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/**
 * The set of watched specs and the tailer of every file they match. Change notifications and a slow poll
 * both end in `markDirty`; the engine's pump does the reading.
 */
export class WatchSet {
  readonly tailers = new Map<string, SourceTailer>();
  private readonly watches = new Map<number, { row: WatchRow; spec: WatchSpec }>();
  private readonly watcher: DirWatcher;
  private closed = false;

  constructor(
    private readonly deps: TailerDeps,
    private readonly markDirty: (t: SourceTailer) => void,
    onWatchError: (err: Error) => void,
    private readonly useNotifications = true,
  ) {
    this.watcher = new DirWatcher((p) => this.onPath(p), onWatchError);
  }

  async add(specText: string, format: FormatId | null): Promise<{ watch: WatchRow; sources: SourceTailer[] }> {
    let spec: WatchSpec;
    try {
      spec = parseSpec(specText, isDir);
    } catch (err) {
      throw new EngineError('bad-request', (err as Error).message);
    }
    const normalized = spec.kind === 'file' ? spec.path : spec.kind === 'dir' ? spec.dir : resolve(specText);
    const row = this.deps.repo.addWatch(normalized, format);
    this.watches.set(row.id, { row, spec });
    if (this.useNotifications) await this.watcher.add(spec.dir);
    await this.discover(row.id);
    const sources = [...this.tailers.values()].filter((t) => t.source.watch_id === row.id);
    return { watch: row, sources };
  }

  /** Restores the watches stored by a previous run. */
  async restore(): Promise<void> {
    for (const w of this.deps.repo.watches()) await this.add(w.spec, w.format);
  }

  async remove(watchId: number): Promise<boolean> {
    const removed = this.deps.repo.removeWatch(watchId);
    this.watches.delete(watchId);
    for (const [path, t] of this.tailers) {
      if (t.source.watch_id !== watchId) continue;
      this.tailers.delete(path);
      await t.close();
    }
    return removed;
  }

  /** Finds files a folder or glob watch matches now (new files, and anything notifications missed). */
  async discover(watchId?: number): Promise<void> {
    for (const [id, { row, spec }] of this.watches) {
      if (watchId !== undefined && id !== watchId) continue;
      if (spec.kind === 'file') {
        this.ensure(row, spec.path);
        continue;
      }
      let names: string[] = [];
      try {
        names = await readdir(spec.dir);
      } catch {
        continue; // folder missing or unreadable: it may appear later; the poll looks again
      }
      for (const name of names.sort()) {
        const p = join(spec.dir, name);
        if (this.tailers.has(p) || !specMatches(spec, p)) continue;
        const st = await stat(p).catch(() => null);
        if (st?.isFile()) this.ensure(row, p);
      }
    }
  }

  pollAll(): void {
    for (const t of this.tailers.values()) this.markDirty(t);
  }

  private ensure(row: WatchRow, path: string): void {
    if (this.closed) return;
    const existing = this.tailers.get(path);
    if (existing) return this.markDirty(existing);
    const source = this.deps.repo.ensureSource(row.id, path, row.format);
    const t = new SourceTailer(source, this.deps);
    this.tailers.set(path, t);
    this.markDirty(t);
  }

  private onPath(path: string): void {
    const t = this.tailers.get(path);
    if (t) return this.markDirty(t);
    for (const { row, spec } of this.watches.values()) {
      if (spec.kind !== 'file' && specMatches(spec, path)) {
        // A new file in a watched folder: only regular files become sources.
        void stat(path).then(
          (st) => st.isFile() && this.ensure(row, path),
          () => undefined,
        );
        return;
      }
    }
  }

  list(): WatchRow[] {
    return [...this.watches.values()].map((w) => w.row);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.watcher.close();
    for (const t of this.tailers.values()) await t.close();
    this.tailers.clear();
  }
}
