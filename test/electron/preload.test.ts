import { describe, expect, it, vi } from 'vitest';

const exposed: Record<string, unknown> = {};
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
}));

describe('preload', () => {
  it('exposes exactly one narrow object and no Node or IPC primitives', async () => {
    await import('../../electron/preload/index');
    expect(Object.keys(exposed)).toEqual(['apiShield']);
    const api = exposed.apiShield as Record<string, unknown>;
    expect(api.shell).toBe('electron');
    for (const forbidden of ['ipcRenderer', 'require', 'process', 'send', 'invoke']) expect(api).not.toHaveProperty(forbidden);
  });
});
