import { open, type FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { EvidenceRef } from '../../../core/detect/alert';
import { EngineError } from '../../contract/errors';
import type { EventRow, EvidenceLine } from '../../contract/types';
import type { SourcesRepo, FileRow } from '../store/sources-repo';
import { samePrefix } from '../tail/identity';
import { findRotated } from '../tail/locate';
import type { EventQueries } from './events';

const MAX_LINE = 64 * 1024;

/**
 * Reads evidence lines back from the log files. A reference names a file generation (not a path), so the line
 * is read only from a file that is provably that generation: same inode and same first bytes, at its path or
 * under a rotated name. Otherwise the stored event fields stand in for the line.
 */
export class EvidenceReader {
  constructor(
    private readonly repo: SourcesRepo,
    private readonly events: EventQueries,
  ) {}

  /** The first `max` of `refs` (an alert's evidence: 200, as its drawer shows them). */
  async lines(refs: EvidenceRef[], max = 200): Promise<EvidenceLine[]> {
    const wanted = refs.slice(0, max);
    const read: ReadState = { handles: new Map(), gz: new Map(), wanted };
    try {
      const out: EvidenceLine[] = [];
      for (const ref of wanted) out.push(await this.line(ref, read));
      return out;
    } finally {
      for (const h of read.handles.values()) await h?.close().catch(() => undefined);
    }
  }

  /** The line of one stored event, as `alerts.detail` shows evidence (the Events page's detail panel). */
  async ofEvent(fileId: number, offset: number): Promise<EvidenceLine> {
    const event = this.events.at(fileId, offset);
    if (!event) throw new EngineError('not-found', `no stored event at file ${fileId} offset ${offset}`);
    const [line] = await this.lines([{ source: fileId, line: event.line, offset }]);
    return line!;
  }

  private async line(ref: EvidenceRef, read: ReadState): Promise<EvidenceLine> {
    const file = this.repo.file(ref.source);
    const source = file ? this.repo.source(file.source_id) : null;
    const event = file ? this.events.at(file.id, ref.offset) : null;
    const base = { sourceId: source?.id ?? 0, path: source?.path ?? '', line: ref.line, offset: ref.offset, event };
    if (file && source) {
      if (!read.handles.has(file.id)) read.handles.set(file.id, await this.openGeneration(source.path, file));
      const fd = read.handles.get(file.id);
      let raw: string | null = null;
      if (fd && source.path.endsWith('.gz')) {
        // Offsets in a .gz source are positions in the decompressed stream (gz-stream.ts): decompress once for
        // every line wanted from this file, not read the compressed bytes there.
        let lines = read.gz.get(file.id);
        if (!lines) {
          const offsets = read.wanted.filter((r) => r.source === file.id).map((r) => r.offset);
          read.gz.set(file.id, (lines = await gzLinesAt(fd, offsets)));
        }
        raw = lines.get(ref.offset) ?? null;
      } else if (fd) raw = await readLineAt(fd, ref.offset);
      if (raw !== null) return { ...base, raw, origin: 'file' };
    }
    if (event) return { ...base, raw: renderStored(event), origin: 'stored' };
    return { ...base, raw: null, origin: 'missing' };
  }

  private async openGeneration(path: string, file: FileRow): Promise<FileHandle | null> {
    try {
      const fd = await open(path, 'r');
      const st = await fd.stat();
      if (st.dev === file.dev && st.ino === file.ino && (await samePrefix(fd, file.fp_len, file.fp_hash))) return fd;
      await fd.close();
    } catch {
      // gone or unreadable: try a rotated name
    }
    return findRotated(path, file);
  }
}

/** What one `lines` call has open: file handles by generation, and the lines decompressed from .gz ones. */
interface ReadState {
  handles: Map<number, FileHandle | null>;
  gz: Map<number, Map<number, string>>;
  wanted: EvidenceRef[];
}

/**
 * The lines starting at `offsets` of a gzip file's decompressed stream, in one pass that stops after the
 * last of them. A corrupt or truncated file yields the lines decompressed before the damage.
 */
export async function gzLinesAt(fd: FileHandle, offsets: readonly number[]): Promise<Map<number, string>> {
  const want = [...new Set(offsets)].sort((a, b) => a - b);
  const found = new Map<number, string>();
  if (want.length === 0) return found;
  const done = (at: number, parts: Buffer[]) => {
    const text = Buffer.concat(parts).toString('utf8');
    found.set(at, text.endsWith('\r') ? text.slice(0, -1) : text);
  };
  const stream = fd.createReadStream({ start: 0, autoClose: false }).pipe(createGunzip());
  let pos = 0; // offset of the chunk's first byte in the decompressed stream
  let next = 0; // into want
  let open: { at: number; parts: Buffer[]; len: number } | null = null;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let i = 0;
      while (i < chunk.length) {
        if (open === null) {
          while (next < want.length && want[next]! < pos + i) next++;
          if (next === want.length || want[next]! >= pos + chunk.length) break;
          i = want[next]! - pos;
          open = { at: want[next++]!, parts: [], len: 0 };
        }
        const nl = chunk.indexOf(0x0a, i);
        const end = Math.min(nl < 0 ? chunk.length : nl, i + MAX_LINE - open.len);
        open.parts.push(chunk.subarray(i, end));
        open.len += end - i;
        if (nl >= 0 || open.len >= MAX_LINE) {
          done(open.at, open.parts);
          open = null;
          i = nl < 0 ? chunk.length : nl + 1;
        } else i = chunk.length;
      }
      pos += chunk.length;
      if (next === want.length && open === null) break;
    }
    if (open) done(open.at, open.parts); // the last line, without a newline
  } catch {
    // corrupt or truncated: the lines found before the damage stand
  } finally {
    stream.destroy();
  }
  return found;
}

async function readLineAt(fd: FileHandle, offset: number): Promise<string | null> {
  const buf = Buffer.alloc(MAX_LINE);
  const { bytesRead } = await fd.read(buf, 0, MAX_LINE, offset);
  if (bytesRead === 0) return null;
  let end = buf.subarray(0, bytesRead).indexOf(0x0a);
  if (end < 0) end = bytesRead;
  const text = buf.subarray(0, end).toString('utf8');
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

/** A combined-log-style line from stored fields, marked by `origin: 'stored'` so nobody takes it for the original. */
export function renderStored(e: EventRow): string {
  const t = new Date(e.time).toISOString();
  const req = [e.method, e.query ? `${e.path}?${e.query}` : e.path].filter(Boolean).join(' ');
  const bytes = e.bytes >= 0 ? String(e.bytes) : '-';
  const who = e.user || e.application || '-';
  // With a host, Apache's vhost_combined layout (the host first).
  return `${e.host ? `${e.host} ` : ''}${e.client || '-'} - ${who} [${t}] "${req}" ${e.status} ${bytes} "-" "${e.userAgent}"`;
}
