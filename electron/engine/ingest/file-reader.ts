import type { FileHandle } from 'node:fs/promises';
import { LineSplitter } from '../../../core/io/line-splitter';
import type { FormatId, LineParser, ParseSink } from '../../../core/parse/parser';
import { sampleOf } from '../../../core/events/parse-error';
import type { FileRow } from '../store/sources-repo';
import type { IngestContext } from './context';

/**
 * Reads one file generation through LineSplitter → parser → the engine's batch.
 *
 * Two positions matter: `readOffset` (bytes handed to the splitter) and the committed resume point, the end
 * of the last COMPLETE line. A partial last line stays in the splitter until its newline arrives; after a
 * crash it is simply read again from the resume point, so it is neither lost nor counted twice.
 */
export class FileReader {
  readOffset: number;
  private safeLine: number;
  private lastLine: number;
  private readonly splitter: LineSplitter;
  private readonly parser: LineParser;
  private readonly sink: ParseSink;
  private ended = false;
  /** Counted per line locally and moved into the batch with the position they belong to. */
  private readonly counts = { lines: 0, events: 0, parseErrors: 0, ignored: 0 };

  constructor(
    private readonly ctx: IngestContext,
    readonly fd: FileHandle,
    readonly file: Pick<FileRow, 'id' | 'offset' | 'line' | 'dev' | 'ino'> & { fp_len: number; fp_hash: string },
    readonly sourceId: number,
    readonly format: FormatId,
  ) {
    this.readOffset = file.offset;
    this.safeLine = file.line;
    this.lastLine = file.line;
    this.parser = ctx.createParser(format);
    const fileId = file.id;
    const n = this.counts;
    this.sink = {
      event(e) {
        e.source = fileId;
        n.events++;
        ctx.event(e);
      },
      error(pe) {
        pe.source = fileId;
        ctx.batch.errors.push({ sourceId, error: pe });
        n.parseErrors++;
      },
      ignored() {
        n.ignored++;
      },
    };
    this.splitter = new LineSplitter(
      (text, lineNo, offset) => {
        this.lastLine = lineNo;
        n.lines++;
        this.parser.line(text, lineNo, offset, this.sink);
      },
      {
        startOffset: file.offset,
        startLine: file.line + 1,
        maxLineBytes: ctx.maxLineBytes,
        onLongLine: (lineNo, offset, byteLength, head) => {
          this.lastLine = lineNo;
          n.lines++;
          this.sink.error({
            code: 'line-too-long',
            message: `line of ${byteLength} bytes exceeds the ${ctx.maxLineBytes}-byte limit`,
            line: lineNo,
            offset,
            source: fileId,
            sample: sampleOf(head),
          });
        },
      },
    );
  }

  /**
   * Before resuming mid-file: the file's `#` directive lines from its head, so that a parser whose columns a
   * header names (W3C `#Fields:`) reads the lines after the resume point with them. They were counted when
   * first read; nothing they produce is kept.
   */
  prime(headLines: readonly string[]): void {
    const discard: ParseSink = { event() {}, error() {}, ignored() {} };
    for (const text of headLines) if (text.charCodeAt(0) === 35 /* # */) this.parser.line(text, 0, 0, discard);
  }

  /** Last line handed to the parser (the resume line once the chunk it ended in is committed). */
  get line(): number {
    return this.lastLine;
  }

  get fileId(): number {
    return this.file.id;
  }

  /** Reads at most one chunk of [readOffset, end); returns the bytes consumed (0 at `end`). */
  async readChunk(end: number): Promise<number> {
    const want = Math.min(this.ctx.chunkBytes, end - this.readOffset);
    if (want <= 0) return 0;
    // A fresh buffer per chunk: the splitter may keep a view on the tail of it (the partial line).
    const buf = Buffer.allocUnsafe(want);
    const { bytesRead } = await this.fd.read(buf, 0, want, this.readOffset);
    if (bytesRead === 0) return 0;
    this.consume(bytesRead === want ? buf : buf.subarray(0, bytesRead));
    return bytesRead;
  }

  /** The next bytes of the (decompressed) stream, starting at readOffset. */
  consume(data: Buffer): void {
    this.readOffset += data.length;
    this.splitter.push(data);
    // The splitter's offset is just past the last complete line: the resume point for this chunk's events.
    this.safeLine = this.splitter.nextLine - 1;
    this.record(this.splitter.offset, false);
  }

  /**
   * End of this generation (rotated away, deleted, or a one-shot import at EOF): the unterminated last
   * line counts as a line, and the parser flushes what it holds.
   */
  finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.splitter.flush();
    this.parser.end(this.sink);
    this.safeLine = this.splitter.nextLine - 1;
    this.record(this.readOffset, true);
  }

  get finished(): boolean {
    return this.ended;
  }

  private record(offset: number, finished: boolean): void {
    const n = this.counts;
    const d = this.ctx.batch.delta(this.sourceId);
    d.lines += n.lines;
    d.events += n.events;
    d.parseErrors += n.parseErrors;
    d.ignored += n.ignored;
    n.lines = n.events = n.parseErrors = n.ignored = 0;
    this.ctx.batch.positions.set(this.file.id, { fileId: this.file.id, offset, line: this.safeLine, finished });
  }

  async close(): Promise<void> {
    await this.fd.close().catch(() => undefined);
  }
}
