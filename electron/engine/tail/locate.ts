import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { FileRow } from '../store/sources-repo';
import { samePrefix } from './identity';

/**
 * After a restart, the file a source was reading may have been rotated away by rename. Look for it next to
 * the path under the usual rotation names (app.log.1, app.log-20240101, app.log.2024-01-01) by inode and
 * content fingerprint, so its unread tail is finished instead of lost.
 */
export async function findRotated(path: string, prev: FileRow, maxCandidates = 64): Promise<FileHandle | null> {
  const dir = dirname(path);
  const base = basename(path);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return null;
  }
  const candidates = names.filter((n) => n !== base && n.startsWith(base) && !/\.(gz|bz2|xz|zst)$/.test(n)).slice(0, maxCandidates);
  for (const name of candidates) {
    const p = join(dir, name);
    try {
      const st = await stat(p);
      if (st.dev !== prev.dev || st.ino !== prev.ino || !st.isFile()) continue;
      const fd = await open(p, 'r');
      if (await samePrefix(fd, prev.fp_len, prev.fp_hash)) return fd;
      await fd.close();
    } catch {
      // vanished or unreadable between readdir and open: not our file
    }
  }
  return null;
}

const SNIFF_BYTES = 64 * 1024;
export const SNIFF_LINES = 50;

/**
 * The first complete lines of an open file, for format detection. `final` also takes an unterminated last
 * line (one-shot import: nothing more will come).
 */
export async function headLinesOf(fd: FileHandle, size: number, final: boolean): Promise<{ lines: string[]; enough: boolean }> {
  const len = Math.min(size, SNIFF_BYTES);
  const buf = Buffer.alloc(len);
  let got = 0;
  while (got < len) {
    const { bytesRead } = await fd.read(buf, got, len - got, got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  const text = buf.subarray(0, got).toString('utf8');
  const parts = text.split('\n');
  const complete = final && got === size ? parts : parts.slice(0, -1);
  const lines = complete.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)).filter((l) => l.trim() !== '');
  return {
    lines: lines.slice(0, SNIFF_LINES),
    // Enough to give up on detection: more lines will not change the verdict.
    enough: final || lines.length >= SNIFF_LINES || got >= SNIFF_BYTES,
  };
}
