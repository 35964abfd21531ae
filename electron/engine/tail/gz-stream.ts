import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { FileReader } from '../ingest/file-reader';

/**
 * One-shot reading of a gzip file (rotated logs), a chunk per step like plain files. Offsets are positions in
 * the decompressed stream; resuming after a crash decompresses again and skips what was committed.
 */
export class GzStream {
  private readonly it: AsyncIterator<Buffer>;
  private skip: number;

  constructor(
    path: string,
    private readonly reader: FileReader,
  ) {
    const stream = createReadStream(path).pipe(createGunzip());
    this.it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    this.skip = reader.readOffset;
    // The reader counts from its resume offset; decompression starts at 0.
  }

  /** Feeds one decompressed chunk; false at the end of the stream. Throws on corrupt input. */
  async step(): Promise<boolean> {
    const next = await this.it.next();
    if (next.done) return false;
    let chunk = next.value;
    if (this.skip > 0) {
      const n = Math.min(this.skip, chunk.length);
      this.skip -= n;
      chunk = chunk.subarray(n);
    }
    if (chunk.length) this.reader.consume(chunk);
    return true;
  }

  async close(): Promise<void> {
    await this.it.return?.();
  }
}

/** The first lines of a gzip file, decompressing no more than `maxBytes`. */
export async function gzHeadLines(path: string, maxBytes = 64 * 1024, maxLines = 50): Promise<string[]> {
  const stream = createReadStream(path).pipe(createGunzip());
  const parts: Buffer[] = [];
  let got = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parts.push(chunk);
      got += chunk.length;
      if (got >= maxBytes) break;
    }
  } catch {
    // corrupt or truncated: detect from what decompressed so far
  } finally {
    stream.destroy();
  }
  const text = Buffer.concat(parts).subarray(0, maxBytes).toString('utf8');
  return text
    .split('\n')
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
    .filter((l) => l.trim() !== '')
    .slice(0, maxLines);
}
