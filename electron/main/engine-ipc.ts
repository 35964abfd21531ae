import { IPC_CHANNELS, EVENT_NAMES, type IpcReply } from '../contract/bridge';
import { isErrorEnvelope } from '../contract/errors';
import { isMethod } from '../contract/params';
import type { EngineClient } from '../engine/client';

/** The slice of Electron's ipcMain this module uses, so tests drive it with a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => Promise<IpcReply>): void;
  removeHandler(channel: string): void;
}

export interface PushTarget {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/**
 * Relays renderer requests to the engine and the engine's pushed events to every window. The method name is
 * checked here; the params are validated by the engine's own handler map, which answers 'bad-request'.
 */
export function bridgeEngine(ipc: IpcMainLike, client: EngineClient, targets: () => PushTarget[]): () => void {
  ipc.handle(IPC_CHANNELS.request, async (_event, method, params) => {
    if (typeof method !== 'string' || !isMethod(method)) {
      return { ok: false, error: { name: 'EngineError', code: 'unknown-method', message: `unknown request '${String(method)}'` } };
    }
    try {
      return { ok: true, result: await client.request(method, params as never) };
    } catch (err) {
      const e = err as Error & { code?: string };
      const error = isErrorEnvelope(e) ? { name: e.name, code: e.code, message: e.message } : { name: e.name ?? 'Error', code: 'internal', message: String(e.message ?? e) };
      return { ok: false, error } as IpcReply;
    }
  });
  const unsubscribe = EVENT_NAMES.map((name) =>
    client.on(name, (data) => {
      for (const t of targets()) if (!t.isDestroyed()) t.send(IPC_CHANNELS.push, name, data);
    }),
  );
  return () => {
    ipc.removeHandler(IPC_CHANNELS.request);
    for (const off of unsubscribe) off();
  };
}
