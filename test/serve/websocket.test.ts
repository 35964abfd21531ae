/**
 * The RFC 6455 server and the contract over it, on real sockets against the real engine: framing rules,
 * fragmentation, large frames, ping/close, typed errors for bad requests, and the same-origin policy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessEngineClient } from '../../electron/engine/client';
import { coreDeps } from '../../electron/engine/core-deps';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { CLOSE, FrameParser, OPCODE, WsProtocolError, encodeFrame } from '../../electron/serve/ws/frame';
import { acceptKey } from '../../electron/serve/ws/handshake';
import { rawWs } from './raw-ws';

const closeCode = (payload: Buffer) => (payload.length >= 2 ? payload.readUInt16BE(0) : CLOSE.noStatus);

describe('frame parser (bytes only)', () => {
  it('computes the RFC 6455 example accept key', () => {
    expect(acceptKey('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('parses masked frames of every length class, fed one byte at a time', () => {
    const key = Buffer.from([1, 2, 3, 4]);
    const sizes = [0, 5, 125, 126, 65535, 65536, 70_000];
    const bytes = Buffer.concat(sizes.map((n) => encodeFrame(OPCODE.text, Buffer.alloc(n, 'a'), { maskKey: key })));
    const p = new FrameParser({ maxPayload: 1 << 20, requireMask: true });
    const got: number[] = [];
    for (let i = 0; i < bytes.length; i += i < 300 ? 1 : 4096) {
      for (const f of p.push(bytes.subarray(i, i < 300 ? i + 1 : i + 4096))) {
        expect(f.payload.every((b) => b === 97)).toBe(true);
        got.push(f.payload.length);
      }
    }
    expect(got).toEqual(sizes);
  });

  it('rejects unmasked client frames, reserved bits, long or fragmented control frames, oversize frames', () => {
    const parse = (b: Buffer, max = 1000) => () => new FrameParser({ maxPayload: max, requireMask: true }).push(b);
    const key = Buffer.from([9, 9, 9, 9]);
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as WsProtocolError).code;
      }
      return null;
    };
    expect(code(parse(encodeFrame(OPCODE.text, Buffer.from('x'))))).toBe(CLOSE.protocolError);
    const rsv = encodeFrame(OPCODE.text, Buffer.from('x'), { maskKey: key });
    rsv[0]! |= 0x40;
    expect(code(parse(rsv))).toBe(CLOSE.protocolError);
    expect(code(parse(encodeFrame(OPCODE.ping, Buffer.alloc(126), { maskKey: key })))).toBe(CLOSE.protocolError);
    expect(code(parse(encodeFrame(OPCODE.ping, Buffer.alloc(1), { maskKey: key, fin: false })))).toBe(CLOSE.protocolError);
    expect(code(parse(encodeFrame(OPCODE.text, Buffer.alloc(2000), { maskKey: key })))).toBe(CLOSE.tooBig);
    expect(code(parse(encodeFrame(0x3, Buffer.alloc(1), { maskKey: key })))).toBe(CLOSE.protocolError);
  });
});

describe('serve: the contract over a real WebSocket', () => {
  const dir = mkdtempSync(join(tmpdir(), 'api-shield-ws-'));
  let client: InProcessEngineClient;
  let server: RunningServer;

  beforeAll(async () => {
    client = await InProcessEngineClient.start({ dataDir: join(dir, 'data'), deps: coreDeps, pushMs: 50 });
    server = await startServer({ client, rendererDir: null, port: 0, ws: { maxMessageBytes: 256 * 1024, heartbeatMs: 0 } });
  });
  afterAll(async () => {
    await server.close();
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a request with the same id and the engine result', async () => {
    const ws = await rawWs(server.port);
    expect(ws.status).toBe(101);
    ws.sendJson({ id: 7, name: 'engine.status', params: {} });
    const r = await ws.json();
    expect(r.id).toBe(7);
    expect((r.result as { state: string }).state).toBe('running');
    ws.socket.destroy();
  });

  it('gives typed error envelopes for malformed JSON, unknown methods and invalid params', async () => {
    const ws = await rawWs(server.port);
    ws.send(OPCODE.text, '{"id": 1, "name": ');
    expect(await ws.json()).toEqual({ id: null, error: expect.objectContaining({ code: 'bad-request', message: expect.stringMatching(/malformed JSON/) }) });
    ws.sendJson({ id: 2, name: 'fs.readFile', params: { path: '/etc/passwd' } });
    expect(await ws.json()).toEqual({ id: 2, error: expect.objectContaining({ code: 'unknown-method' }) });
    ws.sendJson({ id: 3, name: 'query.top', params: { range: 'yesterday', dimension: 42 } });
    expect(await ws.json()).toEqual({ id: 3, error: { name: 'EngineError', code: 'bad-request', message: expect.stringContaining('range') } });
    ws.sendJson({ id: 4, name: 'alerts.detail', params: { uid: 999_999 } });
    expect(await ws.json()).toEqual({ id: 4, error: expect.objectContaining({ code: 'not-found' }) });
    ws.sendJson([1, 2]);
    expect(await ws.json()).toEqual({ id: null, error: expect.objectContaining({ code: 'bad-request' }) });
    ws.socket.destroy();
  });

  it('reassembles a fragmented message with a ping between the fragments', async () => {
    const ws = await rawWs(server.port);
    const text = JSON.stringify({ id: 'frag', name: 'sources.list', params: {} });
    ws.send(OPCODE.text, text.slice(0, 10), { fin: false });
    ws.send(OPCODE.ping, 'hi');
    ws.send(OPCODE.continuation, text.slice(10, 20), { fin: false });
    ws.send(OPCODE.continuation, text.slice(20), { fin: true });
    const pong = await ws.next();
    expect(pong.opcode).toBe(OPCODE.pong);
    expect(pong.payload.toString()).toBe('hi');
    expect(await ws.json()).toEqual({ id: 'frag', result: [] });
    ws.socket.destroy();
  });

  it('accepts a >64 KiB message (64-bit length) and sends a >64 KiB answer', async () => {
    const ws = await rawWs(server.port);
    // 100 KiB of request: a long (valid) search text is impossible (200 chars max), so pad with whitespace.
    const msg = JSON.stringify({ id: 9, name: 'alerts.list', params: { limit: 5 } }) + ' '.repeat(100 * 1024);
    ws.send(OPCODE.text, msg);
    expect(await ws.json()).toEqual({ id: 9, result: { total: 0, rows: [] } });
    ws.socket.destroy();
  });

  it('closes with 1009 when a message exceeds the limit, even across fragments', async () => {
    const ws = await rawWs(server.port);
    ws.send(OPCODE.text, 'x'.repeat(200 * 1024), { fin: false });
    ws.send(OPCODE.continuation, 'x'.repeat(100 * 1024), { fin: true });
    const f = await ws.next();
    expect(f.opcode).toBe(OPCODE.close);
    expect(closeCode(f.payload)).toBe(CLOSE.tooBig);
    ws.send(OPCODE.close, f.payload); // complete the handshake: the server then ends the TCP connection
    await ws.closed;
  });

  it('closes with 1002 on an unmasked frame, 1003 on binary, 1007 on invalid UTF-8', async () => {
    for (const [send, code] of [
      [(w: Awaited<ReturnType<typeof rawWs>>) => w.send(OPCODE.text, '{}', { mask: false }), CLOSE.protocolError],
      [(w: Awaited<ReturnType<typeof rawWs>>) => w.send(OPCODE.binary, Buffer.from([1, 2])), CLOSE.unsupportedData],
      [(w: Awaited<ReturnType<typeof rawWs>>) => w.send(OPCODE.text, Buffer.from([0xc3, 0x28])), CLOSE.invalidPayload],
      [(w: Awaited<ReturnType<typeof rawWs>>) => w.send(OPCODE.continuation, 'x'), CLOSE.protocolError],
    ] as const) {
      const ws = await rawWs(server.port);
      send(ws);
      const f = await ws.next();
      expect(f.opcode).toBe(OPCODE.close);
      expect(closeCode(f.payload)).toBe(code);
      ws.send(OPCODE.close, f.payload);
      await ws.closed;
    }
  });

  it('runs the close handshake: echoes the code, then ends the connection', async () => {
    const ws = await rawWs(server.port);
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(CLOSE.normal);
    ws.send(OPCODE.close, payload);
    const f = await ws.next();
    expect(f.opcode).toBe(OPCODE.close);
    expect(closeCode(f.payload)).toBe(CLOSE.normal);
    await ws.closed;
    expect(server.gateway.connections).toBe(0);
  });

  it('pushes engine events as {event, data}', async () => {
    const ws = await rawWs(server.port);
    ws.sendJson({ id: 1, name: 'sources.add', params: { spec: join(dir, 'nothing-yet.log') } });
    for (;;) {
      const m = await ws.json({ events: true });
      if (m.event === 'sources') {
        expect(Array.isArray(m.data)).toBe(true);
        break;
      }
    }
    ws.socket.destroy();
  });

  it('refuses cross-origin pages, unknown Host names (DNS rebinding) and handshakes without Origin', async () => {
    const port = server.port;
    expect((await rawWs(port, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await rawWs(port, { Origin: `http://localhost:${port + 1}` })).status).toBe(403);
    expect((await rawWs(port, { Host: `rebind.evil.example:${port}` })).status).toBe(403);
    expect((await rawWs(port, { Origin: '' })).status).toBe(403);
    expect((await rawWs(port, { Host: `localhost:${port}` })).status).toBe(101);
    expect((await rawWs(port, { 'Sec-WebSocket-Version': '8' })).status).toBe(426);
    const page = await fetch(`http://127.0.0.1:${port}/`, { headers: { Host: `rebind.evil.example:${port}` } }).catch(() => null);
    // fetch may refuse to set Host; when it does set it, the server must refuse the name.
    if (page) expect([403, 503]).toContain(page.status);
  });
});
