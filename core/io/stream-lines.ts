import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { atPosition } from './line-reader';
import { LineSplitter, type OnLine, type OnLongLine } from './line-splitter';

/** A line read ahead of its consumer: a text, or an over-long line reported by its head. */
type Held = { text: string; lineNo: number; offset: number } | { long: true; lineNo: number; offset: number; byteLength: number; head: string };

export interface StreamLinesOptions {
  maxLineBytes?: number;
}

/**
 * Lines of a stream that can be read once (a pipe on stdin): the first lines can be looked at before the
 * consumer is chosen (format detection), then everything, those lines included, goes to the consumer in
 * one pass. Gzip is recognised by its magic bytes (`cat access.log.2.gz | …`). Nothing but the lines read
 * ahead is held: the rest streams through a LineSplitter as it arrives.
 */
export class StreamLines {
  private readonly chunks: AsyncIterator<Buffer>;
  private readonly splitter: LineSplitter;
  private held: Held[] = [];
  private onLine: OnLine | null = null;
  private onLongLine: OnLongLine | null = null;
  private ended = false;
  /** Why reading ahead for headLines stopped, if the stream failed: thrown by forEach. */
  private failure: unknown = null;
  private bytes = 0;
  private gzip = false;

  constructor(stream: Readable, opts: StreamLinesOptions = {}) {
    this.chunks = this.decoded(stream)[Symbol.asyncIterator]();
    this.splitter = new LineSplitter(
      (text, lineNo, offset) => (this.onLine ? this.onLine(text, lineNo, offset) : void this.held.push({ text, lineNo, offset })),
      {
        maxLineBytes: opts.maxLineBytes,
        onLongLine: (lineNo, offset, byteLength, head) =>
          this.onLongLine ? this.onLongLine(lineNo, offset, byteLength, head) : void this.held.push({ long: true, lineNo, offset, byteLength, head }),
      },
    );
  }

  /**
   * Up to `max` first lines (fewer if the stream ends first), read ahead and kept for forEach. A stream that
   * fails meanwhile (a corrupt gzip pipe) gives the lines before the failure; forEach then delivers them and
   * throws the failure, so the reader learns where the input broke.
   */
  async headLines(max: number): Promise<string[]> {
    try {
      while (this.held.length < max && !this.ended) await this.pull();
    } catch (err) {
      this.failure = err;
      this.ended = true;
    }
    const out: string[] = [];
    for (const h of this.held) {
      if (out.length >= max) break;
      if (!('long' in h)) out.push(h.text);
    }
    return out;
  }

  /** Every line, those read ahead first, to the end of the stream. */
  async forEach(
    onLine: OnLine,
    opts: { onLongLine?: OnLongLine; signal?: AbortSignal; onProgress?: (bytes: number) => void } = {},
  ): Promise<{ lines: number; bytes: number; gzip: boolean }> {
    const onLongLine = opts.onLongLine ?? (() => {});
    for (const h of this.held) {
      if ('long' in h) onLongLine(h.lineNo, h.offset, h.byteLength, h.head);
      else onLine(h.text, h.lineNo, h.offset);
    }
    this.held = [];
    if (this.failure !== null) throw atPosition(this.failure, this.splitter);
    this.onLine = onLine;
    this.onLongLine = onLongLine;
    while (!this.ended) {
      opts.signal?.throwIfAborted();
      try {
        await this.pull();
      } catch (err) {
        throw atPosition(err, this.splitter);
      }
      opts.onProgress?.(this.bytes);
    }
    return { lines: this.splitter.nextLine - 1, bytes: this.bytes, gzip: this.gzip };
  }

  private async pull(): Promise<void> {
    const r = await this.chunks.next();
    if (r.done) {
      this.splitter.flush();
      this.ended = true;
      return;
    }
    this.bytes += r.value.length;
    this.splitter.push(r.value);
  }

  /** The stream's bytes, gunzipped when its first two bytes are gzip's magic. */
  private async *decoded(stream: Readable): AsyncGenerator<Buffer> {
    const it = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
    const next = async (): Promise<Buffer | null> => {
      const r = await it.next();
      return r.done ? null : typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    };
    let first = await next();
    // A pipe may hand over a single byte first: the magic needs two.
    while (first !== null && first.length < 2) {
      const more = await next();
      if (more === null) break;
      first = Buffer.concat([first, more]);
    }
    if (first === null) return;
    if (first[0] !== 0x1f || first[1] !== 0x8b) {
      yield first;
      for (let b = await next(); b !== null; b = await next()) yield b;
      return;
    }
    this.gzip = true;
    const gunzip = createGunzip();
    const feed = (async () => {
      try {
        gunzip.write(first);
        for (let b = await next(); b !== null && !gunzip.destroyed; b = await next()) {
          // Wait for room, or for the end of a gunzip that failed (corrupt input) or was abandoned.
          if (!gunzip.write(b)) await new Promise((resolve) => (gunzip.once('drain', resolve), gunzip.once('close', resolve)));
        }
        if (!gunzip.destroyed) gunzip.end();
      } catch (err) {
        gunzip.destroy(err as Error);
      }
    })();
    try {
      for await (const chunk of gunzip as AsyncIterable<Buffer>) yield chunk;
    } finally {
      gunzip.destroy();
      await feed;
    }
  }
}
