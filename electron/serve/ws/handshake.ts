import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Sec-WebSocket-Accept for a client's Sec-WebSocket-Key (RFC 6455 §4.2.2). */
export function acceptKey(key: string): string {
  return createHash('sha1').update(key + GUID).digest('base64');
}

function hasToken(header: string | undefined, token: string): boolean {
  return (header ?? '').split(',').some((t) => t.trim().toLowerCase() === token);
}

/** Why an upgrade request is not a valid RFC 6455 opening handshake, or null when it is. */
export function handshakeProblem(req: IncomingMessage): { status: number; message: string } | null {
  if (req.method !== 'GET') return { status: 405, message: 'WebSocket upgrade must be a GET' };
  if (!hasToken(req.headers.upgrade, 'websocket')) return { status: 400, message: 'Upgrade: websocket expected' };
  if (!hasToken(req.headers.connection, 'upgrade')) return { status: 400, message: 'Connection: Upgrade expected' };
  if (req.headers['sec-websocket-version'] !== '13') return { status: 426, message: 'only WebSocket version 13 is supported' };
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string' || Buffer.from(key, 'base64').length !== 16) return { status: 400, message: 'bad Sec-WebSocket-Key' };
  return null;
}

/** Answers an upgrade request with an HTTP error and closes the socket. */
export function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  const reason = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 426: 'Upgrade Required' }[status] ?? 'Error';
  const extra = status === 426 ? 'Sec-WebSocket-Version: 13\r\n' : '';
  const body = message + '\n';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n${extra}` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** Completes the opening handshake (the request must have passed `handshakeProblem`). */
export function completeUpgrade(req: IncomingMessage, socket: Duplex): void {
  const key = req.headers['sec-websocket-key'] as string;
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`,
  );
}
