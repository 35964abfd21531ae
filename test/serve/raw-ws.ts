/** A deliberately low-level WebSocket client for tests: raw TCP, hand-made frames, every byte visible. */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { FrameParser, OPCODE, encodeFrame, type Frame } from '../../electron/serve/ws/frame';

export interface RawWs {
  socket: Socket;
  /** The HTTP status line and headers of the handshake answer. */
  head: string;
  status: number;
  send(opcode: number, payload: Buffer | string, opts?: { fin?: boolean; mask?: boolean }): void;
  sendJson(v: unknown): void;
  /** Next frame from the server (rejects if the socket closes first). */
  next(timeoutMs?: number): Promise<Frame>;
  /** Next text message parsed as JSON, skipping pushed events unless `events` is true. */
  json(opts?: { events?: boolean }): Promise<Record<string, unknown>>;
  closed: Promise<void>;
}

export function rawWs(port: number, headers: Record<string, string> = {}): Promise<RawWs> {
  const host = headers.Host ?? `127.0.0.1:${port}`;
  const all: Record<string, string> = {
    Host: host,
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
    Origin: `http://${host}`,
    ...headers,
  };
  for (const k of Object.keys(all)) if (all[k] === '') delete all[k];
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const parser = new FrameParser({ maxPayload: 64 * 1024 * 1024, requireMask: false });
    const queue: Frame[] = [];
    const waiters: Array<{ ok: (f: Frame) => void; fail: (e: Error) => void }> = [];
    let buf = Buffer.alloc(0);
    let ws: RawWs | null = null;
    let ended = false;
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.on('close', () => {
      ended = true;
      for (const w of waiters.splice(0)) w.fail(new Error('socket closed'));
      if (!ws) resolve({ socket, head: buf.toString('latin1'), status: Number(/^HTTP\/1\.1 (\d+)/.exec(buf.toString('latin1'))?.[1] ?? 0) } as RawWs);
    });
    socket.on('error', reject);
    const deliver = (frames: Frame[]) => {
      for (const f of frames) {
        const w = waiters.shift();
        if (w) w.ok(f);
        else queue.push(f);
      }
    };
    socket.on('data', (chunk: Buffer) => {
      if (ws) return deliver(parser.push(chunk));
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString('latin1');
      const status = Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1] ?? 0);
      const rest = buf.subarray(end + 4);
      ws = {
        socket,
        head,
        status,
        send(opcode, payload, opts = {}) {
          const data = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
          socket.write(encodeFrame(opcode, data, { fin: opts.fin, maskKey: opts.mask === false ? undefined : randomBytes(4) }));
        },
        sendJson(v) {
          this.send(OPCODE.text, JSON.stringify(v));
        },
        next(timeoutMs = 10_000) {
          const f = queue.shift();
          if (f) return Promise.resolve(f);
          if (ended) return Promise.reject(new Error('socket closed'));
          return new Promise<Frame>((ok, fail) => {
            const t = setTimeout(() => fail(new Error('no frame in time')), timeoutMs);
            waiters.push({ ok: (x) => (clearTimeout(t), ok(x)), fail: (e) => (clearTimeout(t), fail(e)) });
          });
        },
        async json(opts = {}) {
          for (;;) {
            const f = await this.next();
            if (f.opcode !== OPCODE.text) throw new Error(`expected a text frame, got opcode ${f.opcode}`);
            const v = JSON.parse(f.payload.toString('utf8')) as Record<string, unknown>;
            if (opts.events || !('event' in v)) return v;
          }
        },
        closed,
      };
      if (status !== 101) {
        socket.end();
        return resolve(ws);
      }
      resolve(ws);
      if (rest.length) deliver(parser.push(rest));
    });
    socket.write(`GET /ws HTTP/1.1\r\n${Object.entries(all).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`);
  });
}
