import { mkdir, open, writeFile } from 'node:fs/promises';
import { dirname, join, parse } from 'node:path';
import { TrafficGenerator } from './engine';
import { truthCsv } from './truth';
import type { GenerateOptions, GenerateSummary } from './types';

export interface GenerateFilesOptions extends GenerateOptions {
  /** Log file to write (parent folders are created). */
  out: string;
  /** Ground-truth CSV; default `<out minus its extension>.truth.csv` (demo.log → demo.truth.csv). */
  truthOut?: string;
  /** Called after each batch of about 16k lines with the lines generated so far (for a progress bar). */
  onProgress?: (linesWritten: number, totalLines: number) => void;
}

export interface GenerateFilesSummary extends GenerateSummary {
  out: string;
  truthOut: string;
  /** Size of the log file in bytes. */
  bytes: number;
}

/** Lines generated per batch between awaits: bounds memory and paces progress calls. */
const BATCH_LINES = 16_384;
/** Lines are copied into buffers of this size, each written with one call. */
const CHUNK_BYTES = 1 << 20;

export function defaultTruthPath(out: string): string {
  const p = parse(out);
  return join(p.dir, `${p.ext ? p.name : p.base}.truth.csv`);
}

type Latin1Write = (this: Buffer, text: string, offset: number, length: number) => number;
/**
 * Node's own fast path behind `buf.write(text, offset, 'latin1')` (present in every Node release we support),
 * without the argument checks that cost more than the copy for ~200-byte lines. Falls back to `write`.
 */
const latin1Write = (Buffer.prototype as unknown as { latin1Write?: Latin1Write }).latin1Write;

/**
 * Copies lines straight into 1 MiB buffers (no joining of strings: generated lines are rope strings, and
 * a Latin-1 buffer write walks them without building flat copies). Generated text is ASCII by construction, so
 * Latin-1 and UTF-8 bytes are the same.
 */
class ChunkBuffer {
  readonly full: Buffer[] = [];
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private off = 0;

  readonly add = (line: string): void => {
    if (this.off + line.length + 1 > this.buf.length) this.cut(line.length + 1);
    this.off += latin1Write ? latin1Write.call(this.buf, line, this.off, line.length) : this.buf.write(line, this.off, 'latin1');
    this.buf[this.off++] = 10;
  };

  /** Moves the bytes gathered so far to `full`. */
  cut(need = 0): void {
    if (this.off > 0) this.full.push(this.buf.subarray(0, this.off));
    this.buf = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, need));
    this.off = 0;
  }
}

/**
 * Streams a generated log to `out` through a buffered writer (1 MiB chunks) and writes the truth CSV. Memory
 * stays bounded whatever `lines` is. Same options → byte-identical files.
 */
export async function generateToFiles(options: GenerateFilesOptions): Promise<GenerateFilesSummary> {
  const truthOut = options.truthOut ?? defaultTruthPath(options.out);
  const gen = new TrafficGenerator(options);
  await mkdir(dirname(options.out), { recursive: true });
  const file = await open(options.out, 'w');
  let bytes = 0;
  // Writes run in the background while the next batch is generated; at most one batch is in flight.
  let inFlight: Promise<void> = Promise.resolve();
  const writeAll = async (chunks: Buffer[]): Promise<void> => {
    for (const chunk of chunks) {
      await file.write(chunk);
      bytes += chunk.length;
    }
  };
  try {
    const chunks = new ChunkBuffer();
    while (!gen.done) {
      if (gen.step(BATCH_LINES, chunks.add) === 0) break;
      await inFlight;
      inFlight = writeAll(chunks.full.splice(0));
      options.onProgress?.(gen.linesWritten, options.lines);
    }
    chunks.cut();
    await inFlight;
    await writeAll(chunks.full.splice(0));
  } finally {
    await inFlight.catch(() => {});
    await file.close();
  }
  const summary = gen.summary();
  await mkdir(dirname(truthOut), { recursive: true });
  await writeFile(truthOut, truthCsv(summary.truth), 'utf8');
  return { ...summary, out: options.out, truthOut, bytes };
}
