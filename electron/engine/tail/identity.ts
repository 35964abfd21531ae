import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { Identity } from '../store/sources-repo';

/** Bytes hashed to recognise a file's content across renames, restarts and inode reuse. */
export const FINGERPRINT_BYTES = 1024;

async function prefixHash(fd: FileHandle, len: number): Promise<{ len: number; hash: string }> {
  const buf = Buffer.alloc(len);
  let got = 0;
  while (got < len) {
    const { bytesRead } = await fd.read(buf, got, len - got, got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return { len: got, hash: createHash('sha1').update(buf.subarray(0, got)).digest('hex').slice(0, 20) };
}

/** Identity of an open file, taken from the fd (not the path) so a concurrent rename cannot mix two files. */
export async function identityOf(fd: FileHandle): Promise<Identity & { size: number }> {
  const st = await fd.stat();
  const fp = await prefixHash(fd, Math.min(st.size, FINGERPRINT_BYTES));
  return { dev: st.dev, ino: st.ino, fpLen: fp.len, fpHash: fp.hash, size: st.size };
}

/**
 * Whether the file still starts with the bytes it was fingerprinted on. False after a truncation that was
 * rewritten past the old length (copytruncate under load), or an inode reused by a different file.
 */
export async function samePrefix(fd: FileHandle, fpLen: number, fpHash: string): Promise<boolean> {
  if (fpLen === 0) return true;
  const fp = await prefixHash(fd, fpLen);
  return fp.len === fpLen && fp.hash === fpHash;
}

/** A longer fingerprint once the file has grown (only called after samePrefix said the old one holds). */
export async function extendedFingerprint(fd: FileHandle, size: number): Promise<{ len: number; hash: string }> {
  return prefixHash(fd, Math.min(size, FINGERPRINT_BYTES));
}
