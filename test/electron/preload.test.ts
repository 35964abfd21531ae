import { describe, expect, it, vi } from 'vitest';

const exposed: Record<string, unknown> = {};
const invoked: unknown[][] = [];
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      invoked.push(args);
      if (args[0] === 'api-shield:pick-file') return args[1] === 'import' ? '/home/ana/cases/41/access.log' : null;
      return args[1] === 'engine.status'
        ? { ok: true, result: { state: 'running' } }
        : { ok: false, error: { name: 'EngineError', code: 'bad-request', message: 'range: expected an object' } };
    },
    on: () => {},
    removeListener: () => {},
  },
}));

describe('preload', () => {
  it('exposes exactly one narrow object and no Node or IPC primitives', async () => {
    await import('../../electron/preload/index');
    expect(Object.keys(exposed)).toEqual(['apiShield']);
    const api = exposed.apiShield as Record<string, unknown>;
    expect(api.shell).toBe('electron');
    expect(Object.keys(api).sort()).toEqual(['on', 'pickLogFile', 'request', 'shell']);
    for (const forbidden of ['ipcRenderer', 'require', 'process', 'send', 'invoke']) expect(api).not.toHaveProperty(forbidden);
  });

  it('requests go over the one request channel and errors keep their typed code', async () => {
    const api = exposed.apiShield as { request(m: string, p: unknown): Promise<unknown> };
    await expect(api.request('engine.status', {})).resolves.toEqual({ state: 'running' });
    await expect(api.request('query.kpis', { range: 1 })).rejects.toMatchObject({ code: 'bad-request' });
    expect(invoked.every((args) => args[0] === 'api-shield:request')).toBe(true);
  });

  it('asks main for a file dialog with nothing but its purpose, and gets a path or null', async () => {
    const api = exposed.apiShield as { pickLogFile(p: string): Promise<string | null> };
    await expect(api.pickLogFile('import')).resolves.toBe('/home/ana/cases/41/access.log');
    await expect(api.pickLogFile('watch')).resolves.toBeNull();
    expect(invoked.slice(-2)).toEqual([['api-shield:pick-file', 'import'], ['api-shield:pick-file', 'watch']]);
  });
});
