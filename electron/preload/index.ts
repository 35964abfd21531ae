import { contextBridge } from 'electron';

/**
 * The one narrow object the renderer sees. The typed engine contract (electron/contract) is exposed here
 * as the desktop app lands; until then the renderer only learns which shell it runs in.
 */
const api = {
  shell: 'electron' as const,
  versions: { app: '0.1.0', electron: process.versions.electron ?? '' },
};

export type PreloadApi = typeof api;

contextBridge.exposeInMainWorld('apiShield', api);
