/** A complete line, without '\n' and a trailing '\r'; `offset` is the byte offset of its first byte. */
export type OnLine = (text: string, lineNo: number, offset: number) => void;
/**
 * A line over `maxLineBytes`: reported instead of `onLine` and never buffered whole. `byteLength` excludes
 * the '\n'; `head` is its first 256 bytes decoded (for a 'line-too-long' ParseError sample).
 */
export type OnLongLine = (lineNo: number, offset: number, byteLength: number, head: string) => void;

export interface LineSplitterOptions {
  /** Absolute byte offset of the first byte pushed (to resume a file at a saved offset). Default 0. */
  startOffset?: number;
  /** Number of the first line pushed. Default 1. */
  startLine?: number;
  /** Longest line passed to onLine, in bytes without the '\n'. Default 256 KiB. */
  maxLineBytes?: number;
  onLongLine?: OnLongLine;
}

const NL = 10;
const CR = 13;
const HEAD_BYTES = 256;
/**
 * Complete lines are decoded in slabs of at most this many bytes rather than a whole read chunk at once:
 * every line string is a V8 slice of its slab, so anything a consumer keeps (a path, a user agent)
 * pins at most one slab, not a 1 MiB chunk.
 */
const SLAB_BYTES = 64 * 1024;

/**
 * Splits a byte stream into lines synchronously, tracking exact byte offsets and 1-based line numbers.
 *
 * Each slab is decoded with one `toString('utf8')`. If the string is as long as the slab has bytes, each
 * UTF-16 unit stands for exactly one byte (a run of n ≥ 2 bytes, valid or broken, decodes to fewer than n
 * units; a lone bad byte to one U+FFFD), so string indexes are byte offsets. Otherwise offsets come from the '\n' bytes in the buffer, paired one to
 * one with the '\n' characters of the string: UTF-8 decoding never swallows a 0x0A byte, even inside a
 * broken sequence. Invalid UTF-8 becomes U+FFFD.
 *
 * A tailer saves `offset` and `nextLine` after a push (they point just past the last complete line) and
 * resumes with `startOffset`/`startLine`; it must not call flush() on a file that may still grow.
 * A UTF-8 byte-order mark at offset 0 is skipped when the first push holds all three of its bytes.
 */
export class LineSplitter {
  private readonly maxLineBytes: number;
  private readonly onLongLine: OnLongLine;
  /** Absolute offset of the first byte of the line being assembled. */
  private pos: number;
  private lineNo: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes of an over-long line seen so far; -1 when not skipping one. */
  private skipBytes = -1;
  private skipHead = '';
  private started: boolean;

  constructor(
    private readonly onLine: OnLine,
    opts: LineSplitterOptions = {},
  ) {
    this.pos = opts.startOffset ?? 0;
    this.lineNo = opts.startLine ?? 1;
    this.maxLineBytes = opts.maxLineBytes ?? 256 * 1024;
    this.onLongLine = opts.onLongLine ?? (() => {});
    this.started = this.pos !== 0;
  }

  /** Absolute byte offset just past the last complete line (where to resume). */
  get offset(): number {
    return this.pos;
  }

  /** Number the next complete line will get. */
  get nextLine(): number {
    return this.lineNo;
  }

  /** Bytes of an unterminated last line held back (or being skipped). */
  get bufferedBytes(): number {
    return this.skipBytes >= 0 ? this.skipBytes : this.pendingBytes;
  }

  /** Splits `buf`; the caller may overwrite it as soon as this returns (nothing keeps a reference). */
  push(buf: Buffer): void {
    let start = 0;
    if (!this.started) {
      if (buf.length < 3) {
        if (buf.length === 0) return;
      } else if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
        // A UTF-8 byte-order mark is not part of the first line.
        start = 3;
        this.pos = 3;
      }
      this.started = true;
    }
    if (this.pendingBytes > 0 || this.skipBytes >= 0) {
      const nl = buf.indexOf(NL, start);
      if (nl < 0) {
        this.hold(buf, start, buf.length);
        return;
      }
      this.hold(buf, start, nl);
      this.emitHeld(true);
      start = nl + 1;
    }
    const last = buf.lastIndexOf(NL);
    if (last >= start) {
      this.splitComplete(buf, start, last + 1);
      start = last + 1;
    }
    if (start < buf.length) this.hold(buf, start, buf.length);
  }

  /** End of input: emits an unterminated last line, if any. */
  flush(): void {
    if (this.pendingBytes > 0 || this.skipBytes >= 0) this.emitHeld(false);
  }

  private hold(buf: Buffer, from: number, to: number): void {
    const n = to - from;
    if (n === 0) return;
    if (this.skipBytes >= 0) {
      this.skipBytes += n;
      return;
    }
    if (this.pendingBytes + n > this.maxLineBytes) {
      const head = Buffer.concat([...this.pending, buf.subarray(from, from + HEAD_BYTES)]);
      this.skipHead = head.toString('utf8', 0, Math.min(HEAD_BYTES, head.length));
      this.skipBytes = this.pendingBytes + n;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    // A copy: callers reuse their read buffer once push() returns (forEachLine does), and a few held bytes
    // must not pin a whole chunk while a tailer waits.
    this.pending.push(Buffer.from(buf.subarray(from, to)));
    this.pendingBytes += n;
  }

  private emitHeld(terminated: boolean): void {
    const lineNo = this.lineNo++;
    const offset = this.pos;
    if (this.skipBytes >= 0) {
      const len = this.skipBytes;
      const head = this.skipHead;
      this.pos += len + (terminated ? 1 : 0);
      this.skipBytes = -1;
      this.skipHead = '';
      this.onLongLine(lineNo, offset, len, head);
      return;
    }
    const whole = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    const len = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    this.pos += len + (terminated ? 1 : 0);
    const end = len > 0 && whole[len - 1] === CR ? len - 1 : len;
    this.onLine(whole.toString('utf8', 0, end), lineNo, offset);
  }

  /** buf[from..to) holds whole lines, the last one ending with '\n'. */
  private splitComplete(buf: Buffer, from: number, to: number): void {
    const base = this.pos - from;
    let p = from;
    while (p < to) {
      let slabEnd = to;
      if (to - p > SLAB_BYTES) {
        const nl = buf.lastIndexOf(NL, p + SLAB_BYTES - 1);
        if (nl >= p) slabEnd = nl + 1;
        else {
          // One line longer than a slab.
          const lineEnd = buf.indexOf(NL, p + SLAB_BYTES);
          if (lineEnd - p > this.maxLineBytes) {
            const head = buf.toString('utf8', p, p + HEAD_BYTES);
            this.pos = base + lineEnd + 1;
            this.onLongLine(this.lineNo++, base + p, lineEnd - p, head);
            p = lineEnd + 1;
            continue;
          }
          slabEnd = lineEnd + 1;
        }
      }
      this.splitSlab(buf, p, slabEnd, base);
      p = slabEnd;
    }
    this.pos = base + to;
  }

  private splitSlab(buf: Buffer, from: number, to: number, base: number): void {
    const str = buf.toString('utf8', from, to);
    const n = str.length;
    const max = this.maxLineBytes;
    const onLine = this.onLine;
    let lineNo = this.lineNo;
    let i = 0;
    if (n === to - from) {
      const at = base + from;
      while (i < n) {
        const nl = str.indexOf('\n', i);
        const len = nl - i;
        if (len > max) {
          this.lineNo = lineNo + 1;
          this.onLongLine(lineNo, at + i, len, str.slice(i, i + Math.min(len, HEAD_BYTES)));
        } else {
          onLine(str.slice(i, len > 0 && str.charCodeAt(nl - 1) === CR ? nl - 1 : nl), lineNo, at + i);
        }
        lineNo++;
        i = nl + 1;
      }
    } else {
      let b = from;
      while (i < n) {
        const nl = str.indexOf('\n', i);
        const bnl = buf.indexOf(NL, b);
        const len = bnl - b;
        if (len > max) {
          this.lineNo = lineNo + 1;
          this.onLongLine(lineNo, base + b, len, buf.toString('utf8', b, b + Math.min(len, HEAD_BYTES)));
        } else {
          onLine(str.slice(i, nl > i && str.charCodeAt(nl - 1) === CR ? nl - 1 : nl), lineNo, base + b);
        }
        lineNo++;
        i = nl + 1;
        b = bnl + 1;
      }
    }
    this.lineNo = lineNo;
  }
}
