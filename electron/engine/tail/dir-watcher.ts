import { watch, type FSWatcher } from 'chokidar';
import { resolve } from 'node:path';

/**
 * Folder-level change notifications. We watch the FOLDER of every source (depth 0), never the file itself:
 * rotation, deletion and re-creation are then ordinary add/unlink/change events on the folder, and a file
 * that does not exist yet is picked up when it appears. Events only mark paths dirty; the tailer re-stats and
 * reads `[offset, size)`, so merged or missed events cost latency, never data (a slow poll backs this up).
 */
export class DirWatcher {
  private watcher: FSWatcher | null = null;
  private readonly dirs = new Set<string>();
  private ready: Promise<void> = Promise.resolve();

  constructor(
    private readonly onPath: (absPath: string) => void,
    private readonly onError: (err: Error) => void = () => undefined,
  ) {}

  /** Resolves once chokidar has its initial scan of the folder (so writes after this are seen). */
  async add(dir: string): Promise<void> {
    const abs = resolve(dir);
    if (this.dirs.has(abs)) return this.ready;
    this.dirs.add(abs);
    if (!this.watcher) {
      this.watcher = watch(abs, {
        depth: 0,
        ignoreInitial: true,
        // awaitWriteFinish would hold every event until the writer pauses: useless for a log under load.
        awaitWriteFinish: false,
        ignorePermissionErrors: true,
        persistent: true,
      });
      const w = this.watcher;
      w.on('add', (p) => this.onPath(resolve(p)));
      w.on('change', (p) => this.onPath(resolve(p)));
      w.on('unlink', (p) => this.onPath(resolve(p)));
      w.on('error', (e) => this.onError(e instanceof Error ? e : new Error(String(e))));
      this.ready = new Promise((res) => w.once('ready', () => res()));
    } else {
      // chokidar fires 'ready' once per watcher; a folder added later goes live after its scan, and anything
      // written before that is caught by the engine's initial read and its slow poll.
      this.watcher.add(abs);
    }
    return this.ready;
  }

  async close(): Promise<void> {
    const w = this.watcher;
    this.watcher = null;
    this.dirs.clear();
    if (w) await w.close();
  }
}
