import { describe, expect, it } from 'vitest';
import { RemoteEngineError } from '../../electron/contract/errors';
import { pickTransport, wsUrl } from '../../renderer/src/transport/pick';
import { WsBridge, type SocketLike } from '../../renderer/src/transport/ws-bridge';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: Array<{ id: number; name: string; params: unknown }> = [];
  onopen: SocketLike['onopen'] = null;
  onclose: SocketLike['onclose'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onerror: SocketLike['onerror'] = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.drop();
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({ code: 1006, reason: '' });
  }
  reply(v: unknown) {
    this.onmessage?.({ data: JSON.stringify(v) });
  }
}

/** Timers under the test's control: reconnect delays and request timeouts fire when told. */
function fakeTimers() {
  const timers = new Map<number, { fn: () => void; ms: number }>();
  let next = 1;
  return {
    timers,
    setTimer: (fn: () => void, ms: number) => (timers.set(next, { fn, ms }), next++),
    clearTimer: (t: unknown) => void timers.delete(t as number),
    fire(filter: (ms: number) => boolean) {
      for (const [id, t] of [...timers]) if (filter(t.ms)) (timers.delete(id), t.fn());
    },
  };
}

function setup() {
  const sockets: FakeSocket[] = [];
  const clock = fakeTimers();
  const bridge = new WsBridge({
    url: 'ws://127.0.0.1:7410/ws',
    connect: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
    requestTimeoutMs: 30_000,
  });
  return { bridge, sockets, clock };
}

describe('WsBridge: ShieldBridge over the serve WebSocket', () => {
  it('derives the endpoint from the page location', () => {
    expect(wsUrl({ protocol: 'http:', host: '127.0.0.1:7410' })).toBe('ws://127.0.0.1:7410/ws');
    expect(wsUrl({ protocol: 'https:', host: 'shield.local' })).toBe('wss://shield.local/ws');
  });

  it('prefers the Electron preload bridge when present', () => {
    const electron = { shell: 'electron' as const, request: async () => ({}) as never, on: () => () => {} };
    const t = pickTransport({ apiShield: electron, location: { protocol: 'file:', host: '' } });
    expect(t.bridge).toBe(electron);
    expect(t.state()).toBe('open');
    const b = pickTransport({ location: { protocol: 'http:', host: 'x:1' }, createSocket: (u) => new FakeSocket(u) });
    expect(b.bridge.shell).toBe('browser');
  });

  it('matches responses to requests by id, in any order', async () => {
    const { bridge, sockets } = setup();
    sockets[0]!.open();
    const a = bridge.request('engine.status', {});
    const b = bridge.request('sources.list', {});
    const [ra, rb] = sockets[0]!.sent;
    expect(ra).toEqual({ id: 1, name: 'engine.status', params: {} });
    sockets[0]!.reply({ id: rb!.id, result: ['b'] });
    sockets[0]!.reply({ id: ra!.id, result: { state: 'running' } });
    expect(await b).toEqual(['b']);
    expect(await a).toEqual({ state: 'running' });
  });

  it('rejects with the typed error envelope (code kept)', async () => {
    const { bridge, sockets } = setup();
    sockets[0]!.open();
    const p = bridge.request('alerts.detail', { uid: 5 });
    sockets[0]!.reply({ id: 1, error: { name: 'EngineError', code: 'not-found', message: 'no alert with uid 5' } });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteEngineError);
    expect(err).toMatchObject({ code: 'not-found', message: 'no alert with uid 5' });
  });

  it('delivers pushed events to subscribers until they unsubscribe', () => {
    const { bridge, sockets } = setup();
    sockets[0]!.open();
    const got: unknown[] = [];
    const off = bridge.on('counters', (c) => got.push(c.events));
    sockets[0]!.reply({ event: 'counters', data: { events: 3 } });
    sockets[0]!.reply({ event: 'sources', data: [] });
    off();
    sockets[0]!.reply({ event: 'counters', data: { events: 4 } });
    expect(got).toEqual([3]);
  });

  it('fails pending and new requests while disconnected, then reconnects with backoff', async () => {
    const { bridge, sockets, clock } = setup();
    const states: string[] = [];
    bridge.onState((s) => states.push(s));
    sockets[0]!.open();
    const pending = bridge.request('engine.status', {});
    sockets[0]!.drop();
    await expect(pending).rejects.toMatchObject({ code: 'engine-stopped' });
    await expect(bridge.request('engine.status', {})).rejects.toMatchObject({ code: 'engine-stopped' });
    expect(sockets).toHaveLength(1);
    clock.fire((ms) => ms < 30_000); // the reconnect timer
    expect(sockets).toHaveLength(2);
    sockets[1]!.drop();
    const delays = [...clock.timers.values()].map((t) => t.ms);
    expect(Math.max(...delays)).toBeGreaterThan(500); // backoff grew
    clock.fire((ms) => ms < 30_000);
    sockets[2]!.open();
    expect(states).toEqual(['open', 'closed', 'connecting', 'closed', 'connecting', 'open']);
    const p = bridge.request('stats.summary', {});
    sockets[2]!.reply({ id: sockets[2]!.sent[0]!.id, result: { events: 1 } });
    expect(await p).toEqual({ events: 1 });
  });

  it('times out a request that is never answered', async () => {
    const { bridge, sockets, clock } = setup();
    sockets[0]!.open();
    const p = bridge.request('engine.flush', {});
    clock.fire((ms) => ms === 30_000);
    await expect(p).rejects.toMatchObject({ code: 'internal' });
  });
});
