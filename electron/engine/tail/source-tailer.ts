import { open, stat, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import type { FormatId } from '../../../core/parse/parser';
import type { SourceState } from '../../contract/types';
import type { IngestContext } from '../ingest/context';
import { FileReader } from '../ingest/file-reader';
import type { FileRow, SourceRow, SourcesRepo } from '../store/sources-repo';
import { FINGERPRINT_BYTES, extendedFingerprint, identityOf, samePrefix } from './identity';
import { findRotated, headLinesOf } from './locate';
import { GzStream, gzHeadLines } from './gz-stream';

export interface TailerDeps {
  ctx: IngestContext;
  repo: SourcesRepo;
  /** file id → the tailer currently reading it: one reader per file generation, whatever path it is seen by. */
  owners: Map<number, SourceTailer>;
  onState(t: SourceTailer): void;
}

const errCode = (err: unknown): string => (err as NodeJS.ErrnoException)?.code ?? '';

export function describeIoError(err: unknown): string {
  switch (errCode(err)) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'EIO':
      return 'I/O error while reading';
    default:
      return (err as Error)?.message ?? String(err);
  }
}

/**
 * Follows one path across its file generations. Each `step()` does a bounded amount of work (one chunk),
 * so the engine can interleave sources, commits and queries, and stop reading when the store falls behind.
 *
 * - rename-and-create rotation: the path now has another inode → finish the old file from its fd, then start
 *   the new one at 0;
 * - copytruncate: the file shrank below our offset or no longer starts with the fingerprinted bytes → start a
 *   new generation on the same inode at 0;
 * - deletion: drain the open fd, then report `missing` until the path reappears.
 */
export class SourceTailer {
  state: SourceState = 'starting';
  lastError: string | null = null;
  size = 0;
  /** Bytes known to be waiting after the last read: > 0 means this source is behind. */
  lag = 0;
  format: FormatId | null;
  private current: FileReader | null = null;
  private draining: FileReader[] = [];
  private checkPrevious = true;
  private closed = false;
  private gz: GzStream | null = null;
  private readonly compressed: boolean;

  constructor(
    readonly source: SourceRow,
    private readonly deps: TailerDeps,
    readonly oneShot = false,
  ) {
    this.format = source.format;
    this.compressed = source.path.endsWith('.gz');
  }

  get id(): number {
    return this.source.id;
  }

  get path(): string {
    return this.source.path;
  }

  get position(): { offset: number; line: number } {
    const r = this.current;
    return r ? { offset: r.readOffset, line: r.line } : { offset: 0, line: 0 };
  }

  /** One bounded unit of work; true when more can be done right away. Never throws. */
  async step(): Promise<boolean> {
    if (this.closed) return false;
    try {
      return await this.stepInner();
    } catch (err) {
      this.setState('error', describeIoError(err));
      await this.release(this.current);
      this.current = null;
      await this.gz?.close().catch(() => undefined);
      this.gz = null;
      return false;
    }
  }

  private async stepInner(): Promise<boolean> {
    const old = this.draining[0];
    if (old) {
      const n = await old.readChunk((await old.fd.stat()).size);
      if (n > 0) return true;
      old.finish();
      this.draining.shift();
      await this.release(old);
      return true;
    }
    let st: Stats;
    try {
      st = await stat(this.path);
    } catch (err) {
      if (errCode(err) !== 'ENOENT') throw err;
      if (this.current) return this.retire(false);
      this.setState('missing', null);
      return false;
    }
    if (!st.isFile()) {
      this.setState('error', st.isDirectory() ? 'is a directory, not a file' : 'not a regular file');
      return false;
    }
    const r = this.current;
    if (!r) return this.openCurrent();
    if (this.gz) return this.stepCompressed(r, this.gz);
    if (st.ino !== r.file.ino || st.dev !== r.file.dev) return this.retire(true);
    if (st.size < r.readOffset || !(await samePrefix(r.fd, r.file.fp_len, r.file.fp_hash))) {
      // copytruncate: what was unread is gone; what is there now is a new generation on the same inode.
      r.finish();
      this.current = null;
      await this.release(r);
      this.deps.ctx.batch.delta(this.id).rotations++;
      return true;
    }
    if (r.file.fp_len < FINGERPRINT_BYTES && st.size > r.file.fp_len) {
      const fp = await extendedFingerprint(r.fd, st.size);
      this.deps.repo.setFingerprint(r.fileId, fp.len, fp.hash);
      r.file.fp_len = fp.len;
      r.file.fp_hash = fp.hash;
    }
    this.size = st.size;
    const n = await r.readChunk(st.size);
    this.lag = st.size - r.readOffset;
    if (n > 0) {
      this.setState('reading', null);
      return true;
    }
    if (this.oneShot) {
      r.finish();
      this.setState('done', null);
      return false;
    }
    this.setState('tailing', null);
    return false;
  }

  private async stepCompressed(r: FileReader, gz: GzStream): Promise<boolean> {
    if (await gz.step()) {
      this.setState('reading', null);
      return true;
    }
    r.finish();
    this.setState('done', null);
    return false;
  }

  /** The path moved on (rotated or deleted): finish the open generation from its fd before anything else. */
  private retire(rotated: boolean): boolean {
    if (this.current) this.draining.push(this.current);
    this.current = null;
    if (rotated) this.deps.ctx.batch.delta(this.id).rotations++;
    return true;
  }

  private async openCurrent(): Promise<boolean> {
    if (this.compressed && !this.oneShot) {
      // A .gz file does not grow: it is read once with `import`, not tailed.
      this.setState('error', 'compressed file: read it once with import');
      return false;
    }
    let fd: FileHandle;
    try {
      fd = await open(this.path, 'r');
    } catch (err) {
      if (errCode(err) === 'ENOENT') this.setState('missing', null);
      else this.setState('error', describeIoError(err));
      return false;
    }
    try {
      return await this.adopt(fd);
    } catch (err) {
      await fd.close().catch(() => undefined);
      throw err;
    }
  }

  private async adopt(fd: FileHandle): Promise<boolean> {
    const { repo, ctx } = this.deps;
    const id = await identityOf(fd);
    const prev = this.checkPrevious && this.source.current_file_id ? repo.file(this.source.current_file_id) : null;
    this.checkPrevious = false;
    let note: string | null = null;
    if (prev && !prev.finished && !(await this.isSameFile(prev, id, fd))) {
      const rotatedFd = await findRotated(this.path, prev);
      if (rotatedFd && this.format) {
        await fd.close();
        const draining = new FileReader(ctx, rotatedFd, prev, this.id, this.format);
        await primeResumed(draining, rotatedFd, prev.offset);
        this.draining.push(draining);
        this.deps.owners.set(prev.id, this);
        return true;
      }
      if (rotatedFd) await rotatedFd.close();
      note = 'the previous file was rotated away while the engine was stopped and could not be found: its unread tail is lost';
    }
    if (!this.format) {
      const head = this.compressed
        ? { lines: await gzHeadLines(this.path), enough: true }
        : await headLinesOf(fd, id.size, this.oneShot);
      const fmt = head.lines.length > 0 ? ctx.detectFormat(head.lines) : null;
      if (!fmt && this.oneShot && head.enough && head.lines.every((l) => l.trim() === '')) {
        // An import of an empty file (a log just rotated) has nothing to read: done, not an unknown format.
        await fd.close();
        this.setState('done', null);
        return false;
      }
      if (!fmt) {
        await fd.close();
        if (head.enough && (head.lines.length > 0 || this.oneShot)) {
          this.setState('unknown-format', 'no parser recognises the first lines; pass a format explicitly');
        } else this.setState('starting', null);
        return false;
      }
      this.format = fmt;
      repo.setFormat(this.id, fmt);
    }
    const row = (await this.findGeneration(id, fd)) ?? repo.addFile(this.id, id);
    const owner = this.deps.owners.get(row.id);
    if (owner && owner !== this) {
      await fd.close();
      this.setState('tailing', `read through ${owner.path}`);
      return false;
    }
    repo.setCurrentFile(this.id, row.id);
    this.source.current_file_id = row.id;
    this.current = new FileReader(ctx, fd, row, this.id, this.format);
    if (this.compressed) this.gz = new GzStream(this.path, this.current);
    else await primeResumed(this.current, fd, row.offset);
    this.deps.owners.set(row.id, this);
    this.setState('reading', note);
    return true;
  }

  private async isSameFile(row: FileRow, id: { dev: number; ino: number }, fd: FileHandle): Promise<boolean> {
    return row.dev === id.dev && row.ino === id.ino && (await samePrefix(fd, row.fp_len, row.fp_hash));
  }

  /** A known generation with this identity (restart, or the same file seen again), newest first. */
  private async findGeneration(id: { dev: number; ino: number }, fd: FileHandle): Promise<FileRow | null> {
    for (const row of this.deps.repo.filesByInode(id.dev, id.ino)) {
      if (await samePrefix(fd, row.fp_len, row.fp_hash)) return row;
    }
    return null;
  }

  private async release(r: FileReader | null | undefined): Promise<void> {
    if (!r) return;
    if (this.deps.owners.get(r.fileId) === this) this.deps.owners.delete(r.fileId);
    await r.close();
  }

  setState(state: SourceState, lastError: string | null): void {
    if (state === this.state && lastError === this.lastError) return;
    this.state = state;
    this.lastError = lastError;
    this.deps.ctx.batch.states.set(this.id, { state, lastError });
    this.deps.onState(this);
  }

  /** Stops reading; what was read and not committed is simply read again next time. */
  async close(): Promise<void> {
    this.closed = true;
    for (const r of this.draining) await this.release(r);
    this.draining = [];
    await this.release(this.current);
    this.current = null;
    await this.gz?.close();
    this.gz = null;
  }
}

/**
 * A file resumed past its first line: its head's directive lines go to the parser first (see FileReader.prime),
 * then, for a W3C log, the last `#Fields:` line before the resume point, since IIS starts a new header block
 * mid-file when it restarts, and its columns may differ from the head's.
 */
async function primeResumed(reader: FileReader, fd: FileHandle, offset: number): Promise<void> {
  if (offset === 0) return;
  const head = await headLinesOf(fd, Math.min(offset, (await fd.stat()).size), true);
  reader.prime(head.lines);
  if (!head.lines.some((l) => l.startsWith('#Fields:'))) return;
  const last = await lastFieldsLine(fd, offset);
  if (last !== null) reader.prime([last]);
}

/** How far back from the resume point to look for a later header block; past it the head's stands. */
const FIELDS_LOOKBACK = 16 * 1024 * 1024;
const LOOKBACK_CHUNK = 1024 * 1024;

/** The last `#Fields:` line that starts before `offset`, read backwards in chunks; null if none within reach. */
async function lastFieldsLine(fd: FileHandle, offset: number): Promise<string | null> {
  const MARK = Buffer.from('\n#Fields:');
  const buf = Buffer.alloc(LOOKBACK_CHUNK + MARK.length);
  // Chunks overlap by the marker's length so that one straddling a boundary is still found.
  for (let end = offset; end > 0 && offset - end < FIELDS_LOOKBACK; end -= LOOKBACK_CHUNK) {
    const start = Math.max(0, end - LOOKBACK_CHUNK);
    const len = Math.min(end + MARK.length, offset) - start;
    const { bytesRead } = await fd.read(buf, 0, len, start);
    const at = buf.subarray(0, bytesRead).lastIndexOf(MARK);
    if (at < 0) continue;
    const lineStart = start + at + 1;
    const line = Buffer.alloc(4096);
    const got = (await fd.read(line, 0, Math.min(line.length, offset - lineStart), lineStart)).bytesRead;
    const text = line.subarray(0, got).toString('utf8');
    const nl = text.indexOf('\n');
    return (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '');
  }
  return null;
}
