import type { Duplex } from 'node:stream';
import { CLOSE, FrameParser, OPCODE, WsProtocolError, closePayload, encodeFrame, isValidCloseCode, type Frame } from './frame';

export interface ConnectionOptions {
  /** Largest message (all fragments together) accepted; default 1 MiB. */
  maxMessageBytes?: number;
  /** Ping interval; a peer that has not answered the previous ping by the next one is dropped. 0 = off. */
  heartbeatMs?: number;
  /** How long to wait for the peer's close frame before dropping the socket. */
  closeTimeoutMs?: number;
}

export interface ConnectionHandlers {
  /** A complete text message (reassembled from fragments, UTF-8 checked). */
  onText(text: string): void;
  onClose?(code: number, reason: string): void;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * One server-side WebSocket: reassembles fragmented messages, answers pings, runs the close handshake and a
 * heartbeat. Only text messages are accepted (the contract is JSON); binary closes with 1003.
 */
export class WsConnection {
  private readonly parser: FrameParser;
  private readonly maxMessage: number;
  private fragments: Buffer[] = [];
  private fragmentBytes = 0;
  private fragmentOpcode = -1;
  private state: 'open' | 'closing' | 'closed' = 'open';
  private heartbeat: NodeJS.Timeout | null = null;
  private closeTimer: NodeJS.Timeout | null = null;
  private awaitingPong = false;

  constructor(
    private readonly socket: Duplex,
    private readonly handlers: ConnectionHandlers,
    private readonly opts: ConnectionOptions = {},
    head: Buffer = Buffer.alloc(0),
  ) {
    this.maxMessage = opts.maxMessageBytes ?? 1024 * 1024;
    this.parser = new FrameParser({ maxPayload: this.maxMessage, requireMask: true });
    (socket as Duplex & { setTimeout?: (ms: number) => void }).setTimeout?.(0);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => this.destroy(CLOSE.goingAway, 'socket error'));
    socket.on('close', () => this.destroy(CLOSE.goingAway, 'socket closed'));
    socket.on('end', () => this.destroy(CLOSE.goingAway, 'peer ended the stream'));
    const hb = opts.heartbeatMs ?? 30_000;
    if (hb > 0) {
      this.heartbeat = setInterval(() => this.beat(), hb);
      this.heartbeat.unref?.();
    }
    // Deferred: the owner finishes wiring (and may reference this object) before any message is delivered.
    if (head.length) queueMicrotask(() => this.receive(head));
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  sendText(text: string): void {
    if (this.state !== 'open') return;
    this.socket.write(encodeFrame(OPCODE.text, Buffer.from(text, 'utf8')));
  }

  ping(data = Buffer.alloc(0)): void {
    if (this.state === 'open') this.socket.write(encodeFrame(OPCODE.ping, data));
  }

  /** Starts the close handshake; the socket ends when the peer answers or after the close timeout. */
  close(code: number = CLOSE.normal, reason = ''): void {
    if (this.state !== 'open') return;
    this.state = 'closing';
    this.socket.write(encodeFrame(OPCODE.close, closePayload(code, reason)));
    this.closeTimer = setTimeout(() => this.destroy(code, reason), this.opts.closeTimeoutMs ?? 2_000);
    this.closeTimer.unref?.();
    this.finish(code, reason);
  }

  private beat(): void {
    if (this.awaitingPong) {
      this.destroy(CLOSE.goingAway, 'no pong');
      return;
    }
    this.awaitingPong = true;
    this.ping();
  }

  private receive(chunk: Buffer): void {
    if (this.state === 'closed') return;
    let frames: Frame[];
    try {
      frames = this.parser.push(chunk);
    } catch (err) {
      this.fail(err);
      return;
    }
    for (const f of frames) {
      try {
        this.frame(f);
      } catch (err) {
        this.fail(err);
        return;
      }
      if ((this.state as string) === 'closed') return;
    }
  }

  private fail(err: unknown): void {
    const code = err instanceof WsProtocolError ? err.code : CLOSE.internal;
    const reason = err instanceof Error ? err.message : 'error';
    if (this.state === 'open') this.close(code, reason);
    else this.destroy(code, reason);
  }

  private frame(f: Frame): void {
    switch (f.opcode) {
      case OPCODE.ping:
        if (this.state === 'open') this.socket.write(encodeFrame(OPCODE.pong, f.payload));
        return;
      case OPCODE.pong:
        this.awaitingPong = false;
        return;
      case OPCODE.close:
        return this.peerClosed(f.payload);
      case OPCODE.text:
      case OPCODE.binary:
        if (this.fragmentOpcode !== -1) throw new WsProtocolError(CLOSE.protocolError, 'new message before the previous one finished');
        if (this.state !== 'open') return;
        this.fragmentOpcode = f.opcode;
        return this.fragment(f);
      case OPCODE.continuation:
        if (this.fragmentOpcode === -1) throw new WsProtocolError(CLOSE.protocolError, 'continuation frame without a message');
        return this.fragment(f);
    }
  }

  private fragment(f: Frame): void {
    this.fragmentBytes += f.payload.length;
    if (this.fragmentBytes > this.maxMessage) throw new WsProtocolError(CLOSE.tooBig, `message exceeds ${this.maxMessage} bytes`);
    this.fragments.push(f.payload);
    if (!f.fin) return;
    const opcode = this.fragmentOpcode;
    const data = this.fragments.length === 1 ? this.fragments[0]! : Buffer.concat(this.fragments, this.fragmentBytes);
    this.fragments = [];
    this.fragmentBytes = 0;
    this.fragmentOpcode = -1;
    if (opcode === OPCODE.binary) throw new WsProtocolError(CLOSE.unsupportedData, 'binary messages are not accepted');
    let text: string;
    try {
      text = utf8.decode(data);
    } catch {
      throw new WsProtocolError(CLOSE.invalidPayload, 'text message is not valid UTF-8');
    }
    if (this.state === 'open') this.handlers.onText(text);
  }

  private peerClosed(payload: Buffer): void {
    let code: number = CLOSE.noStatus;
    let reason = '';
    if (payload.length === 1) throw new WsProtocolError(CLOSE.protocolError, 'close frame with a 1-byte payload');
    if (payload.length >= 2) {
      code = payload.readUInt16BE(0);
      if (!isValidCloseCode(code)) throw new WsProtocolError(CLOSE.protocolError, `invalid close code ${code}`);
      try {
        reason = utf8.decode(payload.subarray(2));
      } catch {
        throw new WsProtocolError(CLOSE.invalidPayload, 'close reason is not valid UTF-8');
      }
    }
    if (this.state === 'open') {
      // Echo the peer's code (§5.5.1), then end: the server closes the TCP connection first (§7.1.1).
      this.state = 'closing';
      const echo = code === CLOSE.noStatus ? Buffer.alloc(0) : closePayload(code);
      this.socket.write(encodeFrame(OPCODE.close, echo));
    }
    this.socket.end();
    this.destroy(code, reason);
  }

  private finish(code: number, reason: string): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    const cb = this.handlers.onClose;
    this.handlers.onClose = undefined;
    cb?.(code, reason);
  }

  /** Drops the connection now (no handshake). */
  destroy(code: number = CLOSE.goingAway, reason = ''): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.finish(code, reason);
    if (!this.socket.destroyed) {
      this.socket.end();
      const t = setTimeout(() => this.socket.destroy(), 500);
      t.unref?.();
    }
  }
}
