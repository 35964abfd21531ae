import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS, type IpcReply, type ShieldBridge } from '../contract/bridge';

/**
 * The one narrow object the renderer sees: the typed engine contract and nothing else (no ipcRenderer, no
 * channels of the renderer's choosing).
 */
const api = {
  shell: 'electron',
  async request(method, params) {
    const reply = (await ipcRenderer.invoke(IPC_CHANNELS.request, method, params)) as IpcReply;
    if (reply.ok) return reply.result as never;
    throw Object.assign(new Error(reply.error.message), { name: reply.error.name, code: reply.error.code });
  },
  on(event, listener) {
    const relay = (_e: unknown, name: string, data: unknown) => {
      if (name === event) listener(data as never);
    };
    ipcRenderer.on(IPC_CHANNELS.push, relay);
    return () => void ipcRenderer.removeListener(IPC_CHANNELS.push, relay);
  },
  async pickLogFile(purpose) {
    const path = (await ipcRenderer.invoke(IPC_CHANNELS.pickFile, purpose)) as unknown;
    return typeof path === 'string' ? path : null;
  },
} satisfies ShieldBridge;

contextBridge.exposeInMainWorld('apiShield', api);
