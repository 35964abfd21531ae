import { open, type FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { LineSplitter, type OnLine, type OnLongLine } from './line-splitter';

export interface ForEachLineOptions {
  /** Lines over `maxLineBytes` (they never reach onLine). */
  onLongLine?: OnLongLine;
  /** After each chunk: bytes of the file read so far (compressed bytes for gzip) and the file size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Stops reading; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Default 256 KiB. */
  maxLineBytes?: number;
  /** Read size; default 1 MiB. */
  highWaterMark?: number;
  /**
   * Resume point: byte offset and number of the first line to read. For gzip the offset counts
   * decompressed bytes and the bytes before it are decompressed and skipped.
   */
  startOffset?: number;
  startLine?: number;
  /**
   * Called after each chunk's lines were handed out; a promise returned pauses reading until it settles
   * (a consumer merging several files by time holds back the one that ran ahead).
   */
  afterChunk?: () => Promise<void> | void;
}

export interface ForEachLineResult {
  /** Lines seen, long ones included. */
  lines: number;
  /** Bytes split into lines: decompressed bytes for gzip, from startOffset on. */
  bytes: number;
  gzip: boolean;
}

const MiB = 1024 * 1024;

/**
 * Streams a file line by line without holding it in memory. Gzip is recognised by its magic bytes (not the
 * file name) and decompressed on the fly; line offsets then count decompressed bytes, so they locate a line
 * in the `zcat` output, not in the .gz file. Progress, in contrast, counts file bytes so it can be set
 * against the file size.
 */
export async function forEachLine(path: string, onLine: OnLine, opts: ForEachLineOptions = {}): Promise<ForEachLineResult> {
  opts.signal?.throwIfAborted();
  const fh = await open(path, 'r');
  try {
    const total = (await fh.stat()).size;
    const magic = Buffer.alloc(2);
    const { bytesRead: got } = await fh.read(magic, 0, 2, 0);
    const gzip = got === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
    const startOffset = opts.startOffset ?? 0;
    const startLine = opts.startLine ?? 1;
    const splitter = new LineSplitter(onLine, {
      startOffset,
      startLine,
      maxLineBytes: opts.maxLineBytes,
      onLongLine: opts.onLongLine,
    });
    const bytes = await (gzip ? readGzip(fh, splitter, total, startOffset, opts) : readPlain(fh, splitter, total, startOffset, opts)).catch(
      (err: unknown) => {
        throw atPosition(err, splitter);
      },
    );
    opts.signal?.throwIfAborted();
    splitter.flush();
    return { lines: splitter.nextLine - startLine, bytes, gzip };
  } finally {
    await fh.close();
  }
}

/**
 * Two read buffers used in turn: the next read is in flight while the current chunk is split, and the
 * same memory is reused throughout. (A read stream allocates a fresh buffer per chunk, and faulting in
 * that new memory cost more than the reading itself.) LineSplitter copies what it keeps, so a buffer can
 * be refilled as soon as push() returns.
 */
async function readPlain(fh: FileHandle, splitter: LineSplitter, total: number, start: number, opts: ForEachLineOptions): Promise<number> {
  const size = opts.highWaterMark ?? MiB;
  const bufs = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)];
  let pos = start;
  let which = 0;
  let pending = fh.read(bufs[0], 0, size, pos);
  try {
    for (;;) {
      const { bytesRead } = await pending;
      opts.signal?.throwIfAborted();
      if (bytesRead === 0) break;
      const buf = bufs[which];
      pos += bytesRead;
      which ^= 1;
      pending = fh.read(bufs[which], 0, size, pos);
      splitter.push(bytesRead === size ? buf : buf.subarray(0, bytesRead));
      opts.onProgress?.(pos, total);
      const pause = opts.afterChunk?.();
      if (pause) await pause;
    }
  } finally {
    // A read still in flight when we stop (abort, a throwing callback) must not become an unhandled rejection.
    pending.catch(() => {});
  }
  return pos - start;
}

async function readGzip(fh: FileHandle, splitter: LineSplitter, total: number, start: number, opts: ForEachLineOptions): Promise<number> {
  const hwm = opts.highWaterMark ?? MiB;
  const raw = fh.createReadStream({ highWaterMark: hwm, start: 0, autoClose: false });
  const gunzip = createGunzip({ chunkSize: Math.min(hwm, MiB) });
  raw.on('error', (err) => gunzip.destroy(err));
  raw.pipe(gunzip);
  let skip = start;
  let bytes = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      opts.signal?.throwIfAborted();
      let buf = chunk;
      if (skip > 0) {
        if (buf.length <= skip) {
          skip -= buf.length;
          continue;
        }
        buf = buf.subarray(skip);
        skip = 0;
      }
      bytes += buf.length;
      splitter.push(buf);
      opts.onProgress?.(raw.bytesRead, total);
      const pause = opts.afterChunk?.();
      if (pause) await pause;
    }
  } finally {
    gunzip.destroy();
    raw.destroy();
  }
  return bytes;
}

/** Where a read failed: the number and offset of the line it broke (the first line not handed out whole). */
export interface ReadFailurePosition {
  line?: number;
  offset?: number;
}

/** Marks `err` (an Error from reading or decompressing) with the position the splitter had reached. */
export function atPosition(err: unknown, splitter: LineSplitter): unknown {
  if (err instanceof Error) Object.assign(err, { line: splitter.nextLine, offset: splitter.offset } satisfies ReadFailurePosition);
  return err;
}
