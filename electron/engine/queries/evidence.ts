import { open, type FileHandle } from 'node:fs/promises';
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
    const handles = new Map<number, FileHandle | null>();
    try {
      const out: EvidenceLine[] = [];
      for (const ref of refs.slice(0, max)) out.push(await this.line(ref, handles));
      return out;
    } finally {
      for (const h of handles.values()) await h?.close().catch(() => undefined);
    }
  }

  /** The line of one stored event, as `alerts.detail` shows evidence (the Events page's detail panel). */
  async ofEvent(fileId: number, offset: number): Promise<EvidenceLine> {
    const event = this.events.at(fileId, offset);
    if (!event) throw new EngineError('not-found', `no stored event at file ${fileId} offset ${offset}`);
    const [line] = await this.lines([{ source: fileId, line: event.line, offset }]);
    return line!;
  }

  private async line(ref: EvidenceRef, handles: Map<number, FileHandle | null>): Promise<EvidenceLine> {
    const file = this.repo.file(ref.source);
    const source = file ? this.repo.source(file.source_id) : null;
    const event = file ? this.events.at(file.id, ref.offset) : null;
    const base = { sourceId: source?.id ?? 0, path: source?.path ?? '', line: ref.line, offset: ref.offset, event };
    if (file && source) {
      if (!handles.has(file.id)) handles.set(file.id, await this.openGeneration(source.path, file));
      const fd = handles.get(file.id);
      const raw = fd ? await readLineAt(fd, ref.offset) : null;
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
