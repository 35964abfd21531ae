import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_CHANNELS, type IpcReply } from '../../electron/contract/bridge';
import { InProcessEngineClient } from '../../electron/engine/client';
import { coreDeps } from '../../electron/engine/core-deps';
import { bridgeEngine, type IpcMainLike, type PushTarget } from '../../electron/main/engine-ipc';

/** A fake ipcMain: the real engine, a real SQLite file, and the bridge in between. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<IpcReply>>();
  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => Promise<IpcReply>) {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  invoke(...args: unknown[]) {
    return this.handlers.get(IPC_CHANNELS.request)!({}, ...args);
  }
}

describe('Electron main relays the typed contract between renderer and engine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'api-shield-ipc-'));
  const ipc = new FakeIpcMain();
  const sent: Array<[string, string, unknown]> = [];
  const window: PushTarget = { send: (ch, name, data) => void sent.push([ch, name as string, data]), isDestroyed: () => false };
  let client: InProcessEngineClient;
  let unbridge: () => void;

  beforeAll(async () => {
    client = await InProcessEngineClient.start({ dataDir: join(dir, 'data'), deps: coreDeps, pushMs: 20 });
    unbridge = bridgeEngine(ipc, client, () => [window]);
  });
  afterAll(async () => {
    unbridge();
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a valid request with the engine result', async () => {
    const reply = await ipc.invoke('engine.status', {});
    expect(reply.ok).toBe(true);
  });

  it('rejects an unknown method with a typed error, without reaching the engine', async () => {
    const reply = await ipc.invoke('fs.readFile', { path: '/etc/passwd' });
    expect(reply).toEqual({ ok: false, error: expect.objectContaining({ code: 'unknown-method' }) });
  });

  it('turns invalid params into a bad-request envelope', async () => {
    const reply = await ipc.invoke('query.top', { range: 'yesterday', dimension: 42 });
    expect(reply).toEqual({ ok: false, error: expect.objectContaining({ code: 'bad-request' }) });
  });

  it('pushes engine events to the window after an import', async () => {
    const log = join(dir, 'access.log');
    const line = (i: number) => `203.0.113.9 - - [10/Oct/2024:13:55:${String(i % 60).padStart(2, '0')} +0000] "GET /api/x/${i} HTTP/1.1" 200 12 "-" "curl/8"`;
    writeFileSync(log, Array.from({ length: 40 }, (_, i) => line(i)).join('\n') + '\n');
    const reply = await ipc.invoke('import.file', { path: log });
    expect(reply.ok).toBe(true);
    await ipc.invoke('engine.flush', {});
    const deadline = Date.now() + 5000;
    while (!sent.some(([, name]) => name === 'alerts') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(sent.every(([ch]) => ch === IPC_CHANNELS.push)).toBe(true);
    expect(sent.map(([, name]) => name)).toContain('alerts');
  });
});
