/**
 * RFC 6455 framing: encoding frames and an incremental parser for a byte stream. No I/O here, so the
 * rules (masking, lengths, control-frame limits, reserved bits) are tested on bytes alone.
 */

export const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** Close codes used by this server (RFC 6455 §7.4.1). */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  protocolError: 1002,
  unsupportedData: 1003,
  noStatus: 1005,
  invalidPayload: 1007,
  policyViolation: 1008,
  tooBig: 1009,
  internal: 1011,
} as const;

export interface Frame {
  fin: boolean;
  opcode: number;
  /** Unmasked payload. */
  payload: Buffer;
}

/** A violation of the protocol: the connection must be closed with `code`. */
export class WsProtocolError extends Error {
  override name = 'WsProtocolError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** XORs `data` with the 4-byte `key` in place. */
export function applyMask(data: Buffer, key: Buffer): void {
  for (let i = 0; i < data.length; i++) data[i]! ^= key[i & 3]!;
}

/**
 * Encodes one frame. Servers send unmasked frames; `maskKey` is for clients (and tests that play the client).
 * The payload buffer is not modified.
 */
export function encodeFrame(opcode: number, payload: Buffer, opts: { fin?: boolean; maskKey?: Buffer } = {}): Buffer {
  const fin = opts.fin ?? true;
  const len = payload.length;
  const ext = len < 126 ? 0 : len < 0x10000 ? 2 : 8;
  const maskLen = opts.maskKey ? 4 : 0;
  const out = Buffer.allocUnsafe(2 + ext + maskLen + len);
  out[0] = (fin ? 0x80 : 0) | (opcode & 0x0f);
  out[1] = (opts.maskKey ? 0x80 : 0) | (ext === 0 ? len : ext === 2 ? 126 : 127);
  if (ext === 2) out.writeUInt16BE(len, 2);
  else if (ext === 8) out.writeBigUInt64BE(BigInt(len), 2);
  const at = 2 + ext;
  if (opts.maskKey) {
    opts.maskKey.copy(out, at, 0, 4);
    const body = out.subarray(at + 4);
    payload.copy(body);
    applyMask(body, opts.maskKey);
  } else {
    payload.copy(out, at);
  }
  return out;
}

/** The payload of a close frame: a 2-byte code and an optional UTF-8 reason (at most 123 bytes). */
export function closePayload(code: number, reason = ''): Buffer {
  let r = Buffer.from(reason, 'utf8');
  if (r.length > 123) r = r.subarray(0, 123);
  const out = Buffer.allocUnsafe(2 + r.length);
  out.writeUInt16BE(code, 0);
  r.copy(out, 2);
  return out;
}

/** Whether a peer may send `code` in a close frame (§7.4.1, §7.4.2). */
export function isValidCloseCode(code: number): boolean {
  if (code >= 3000 && code <= 4999) return true;
  return code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006;
}

/** A FIFO of received chunks, so a large frame is joined once instead of on every chunk. */
class ByteQueue {
  private chunks: Buffer[] = [];
  length = 0;

  push(b: Buffer): void {
    if (b.length === 0) return;
    this.chunks.push(b);
    this.length += b.length;
  }

  /** The first `n` bytes (n ≤ length), consumed. */
  take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    const first = this.chunks[0]!;
    let out: Buffer;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
    } else {
      out = Buffer.allocUnsafe(n);
      let got = 0;
      while (got < n) {
        const c = this.chunks[0]!;
        const k = Math.min(c.length, n - got);
        c.copy(out, got, 0, k);
        got += k;
        if (k === c.length) this.chunks.shift();
        else this.chunks[0] = c.subarray(k);
      }
    }
    this.length -= n;
    return out;
  }

  /** Byte at index i without consuming. */
  at(i: number): number {
    for (const c of this.chunks) {
      if (i < c.length) return c[i]!;
      i -= c.length;
    }
    throw new RangeError('ByteQueue.at out of range');
  }
}

export interface ParserOptions {
  /** Largest payload of one frame accepted; bigger frames fail with 1009 before their bytes are buffered. */
  maxPayload: number;
  /** Frames from a client must be masked (§5.1); a client-side parser sets this false. */
  requireMask: boolean;
}

/** Incremental frame parser: feed it socket chunks, get whole frames back. Throws WsProtocolError. */
export class FrameParser {
  private readonly q = new ByteQueue();

  constructor(private readonly opts: ParserOptions) {}

  /** Adds bytes and returns every frame now complete (possibly none). */
  push(chunk: Buffer): Frame[] {
    this.q.push(chunk);
    const frames: Frame[] = [];
    for (;;) {
      const f = this.next();
      if (!f) return frames;
      frames.push(f);
    }
  }

  private next(): Frame | null {
    const q = this.q;
    if (q.length < 2) return null;
    const b0 = q.at(0);
    const b1 = q.at(1);
    const fin = (b0 & 0x80) !== 0;
    const opcode = b0 & 0x0f;
    const masked = (b1 & 0x80) !== 0;
    if (b0 & 0x70) throw new WsProtocolError(CLOSE.protocolError, 'reserved bits set without a negotiated extension');
    if (![0, 1, 2, 8, 9, 10].includes(opcode)) throw new WsProtocolError(CLOSE.protocolError, `unknown opcode ${opcode}`);
    if (masked !== this.opts.requireMask) {
      throw new WsProtocolError(CLOSE.protocolError, masked ? 'server frames must not be masked' : 'client frames must be masked');
    }
    let len = b1 & 0x7f;
    let header = 2;
    if (len === 126) {
      if (q.length < 4) return null;
      len = (q.at(2) << 8) | q.at(3);
      header = 4;
    } else if (len === 127) {
      if (q.length < 10) return null;
      if (q.at(2) & 0x80) throw new WsProtocolError(CLOSE.protocolError, '64-bit length with the top bit set');
      let big = 0;
      for (let i = 2; i < 10; i++) big = big * 256 + q.at(i);
      len = big;
      header = 10;
    }
    if (opcode >= 8) {
      if (!fin) throw new WsProtocolError(CLOSE.protocolError, 'fragmented control frame');
      if (len > 125) throw new WsProtocolError(CLOSE.protocolError, 'control frame payload over 125 bytes');
    }
    if (len > this.opts.maxPayload) throw new WsProtocolError(CLOSE.tooBig, `frame of ${len} bytes exceeds ${this.opts.maxPayload}`);
    const total = header + (masked ? 4 : 0) + len;
    if (q.length < total) return null;
    q.take(header);
    const key = masked ? Buffer.from(q.take(4)) : null;
    // Copy: the payload may alias a socket chunk, and unmasking works in place.
    const payload = Buffer.from(q.take(len));
    if (key) applyMask(payload, key);
    return { fin, opcode, payload };
  }
}
