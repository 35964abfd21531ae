import type { Statement } from 'better-sqlite3';
import type { FormatId, WatchRow } from '../../contract/types';
import type { Db } from './db';

export interface SourceRow {
  id: number;
  watch_id: number;
  path: string;
  format: FormatId | null;
  current_file_id: number | null;
}

export interface FileRow {
  id: number;
  source_id: number;
  dev: number;
  ino: number;
  fp_len: number;
  fp_hash: string;
  offset: number;
  line: number;
  finished: number;
}

export interface Identity {
  dev: number;
  ino: number;
  fpLen: number;
  fpHash: string;
}

interface WatchDbRow {
  id: number;
  spec: string;
  format: string | null;
  created_at: number;
}

const toWatch = (r: WatchDbRow): WatchRow => ({
  id: r.id,
  spec: r.spec,
  format: r.format as FormatId | null,
  createdAt: r.created_at,
});

/** Watches, sources and file generations: small immediate writes outside the ingest batches. */
export class SourcesRepo {
  private readonly st: Record<string, Statement>;

  constructor(db: Db) {
    this.st = {
      addWatch: db.prepare(`INSERT INTO watches (spec, format, created_at) VALUES (?, ?, ?)
        ON CONFLICT (spec) DO UPDATE SET format = excluded.format, removed = 0 RETURNING *`),
      removeWatch: db.prepare('UPDATE watches SET removed = 1 WHERE id = ? AND removed = 0'),
      watches: db.prepare('SELECT * FROM watches WHERE removed = 0 ORDER BY id'),
      watch: db.prepare('SELECT * FROM watches WHERE id = ?'),
      sourceByPath: db.prepare('SELECT * FROM sources WHERE path = ?'),
      source: db.prepare('SELECT * FROM sources WHERE id = ?'),
      addSource: db.prepare(`INSERT INTO sources (watch_id, path, format, updated_at) VALUES (?, ?, ?, ?) RETURNING *`),
      rebindSource: db.prepare('UPDATE sources SET watch_id = ?, format = COALESCE(?, format) WHERE id = ?'),
      watchRemoved: db.prepare('SELECT removed FROM watches WHERE id = ?'),
      setFormat: db.prepare('UPDATE sources SET format = ? WHERE id = ?'),
      setCurrent: db.prepare('UPDATE sources SET current_file_id = ? WHERE id = ?'),
      addFile: db.prepare(`INSERT INTO files (source_id, dev, ino, fp_len, fp_hash, created_at)
        VALUES (?, ?, ?, ?, ?, ?) RETURNING *`),
      file: db.prepare('SELECT * FROM files WHERE id = ?'),
      filesByInode: db.prepare('SELECT * FROM files WHERE dev = ? AND ino = ? ORDER BY id DESC'),
      setFingerprint: db.prepare('UPDATE files SET fp_len = ?, fp_hash = ? WHERE id = ?'),
      startRun: db.prepare('INSERT INTO runs (started_at, pid) VALUES (?, ?) RETURNING id'),
    };
  }

  addWatch(spec: string, format: FormatId | null): WatchRow {
    return toWatch(this.st.addWatch.get(spec, format, Date.now()) as WatchDbRow);
  }

  removeWatch(id: number): boolean {
    return this.st.removeWatch.run(id).changes > 0;
  }

  watches(): WatchRow[] {
    return (this.st.watches.all() as WatchDbRow[]).map(toWatch);
  }

  watch(id: number): WatchRow | null {
    const r = this.st.watch.get(id) as WatchDbRow | undefined;
    return r ? toWatch(r) : null;
  }

  /**
   * A path is one source for life (its counters and file generations stay). It belongs to the watch that
   * found it, and moves to another watch only when its own watch was removed (or was a one-shot import).
   */
  ensureSource(watchId: number, path: string, format: FormatId | null): SourceRow {
    const existing = this.st.sourceByPath.get(path) as SourceRow | undefined;
    if (existing) {
      const ownerGone = (this.st.watchRemoved.get(existing.watch_id) as { removed: number } | undefined)?.removed !== 0;
      const moveTo = existing.watch_id !== watchId && ownerGone ? watchId : existing.watch_id;
      if (moveTo !== existing.watch_id || (format && existing.format !== format)) {
        this.st.rebindSource.run(moveTo, format, existing.id);
        return this.st.source.get(existing.id) as SourceRow;
      }
      return existing;
    }
    return this.st.addSource.get(watchId, path, format, Date.now()) as SourceRow;
  }

  source(id: number): SourceRow | null {
    return (this.st.source.get(id) as SourceRow | undefined) ?? null;
  }

  setFormat(sourceId: number, format: FormatId): void {
    this.st.setFormat.run(format, sourceId);
  }

  setCurrentFile(sourceId: number, fileId: number): void {
    this.st.setCurrent.run(fileId, sourceId);
  }

  addFile(sourceId: number, id: Identity): FileRow {
    return this.st.addFile.get(sourceId, id.dev, id.ino, id.fpLen, id.fpHash, Date.now()) as FileRow;
  }

  file(id: number): FileRow | null {
    return (this.st.file.get(id) as FileRow | undefined) ?? null;
  }

  filesByInode(dev: number, ino: number): FileRow[] {
    return this.st.filesByInode.all(dev, ino) as FileRow[];
  }

  setFingerprint(fileId: number, fpLen: number, fpHash: string): void {
    this.st.setFingerprint.run(fpLen, fpHash, fileId);
  }

  startRun(): number {
    return (this.st.startRun.get(Date.now(), process.pid) as { id: number }).id;
  }
}
