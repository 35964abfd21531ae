/**
 * Which transport carries the contract: the Electron preload's `window.apiShield` when present, else a
 * WebSocket to the `serve` endpoint this page came from.
 */
import type { ShieldBridge } from '../../../electron/contract/bridge';
import { WS_PATH } from '../../../electron/contract/ws';
import { WsBridge, type ConnectionState, type SocketLike } from './ws-bridge';

export interface Transport {
  bridge: ShieldBridge;
  /** Connection state for the WebSocket transport; the Electron bridge is always connected. */
  state(): ConnectionState;
  onState(listener: (s: ConnectionState) => void): () => void;
}

export interface HostEnv {
  apiShield?: ShieldBridge;
  location: { protocol: string; host: string };
  createSocket?: (url: string) => SocketLike;
}

export function wsUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${WS_PATH}`;
}

export function pickTransport(env: HostEnv): Transport {
  if (env.apiShield) {
    const bridge = env.apiShield;
    return { bridge, state: () => 'open', onState: () => () => {} };
  }
  if (!env.createSocket) throw new Error('no Electron bridge and no WebSocket available');
  const ws = new WsBridge({ url: wsUrl(env.location), connect: env.createSocket });
  return { bridge: ws, state: () => ws.state, onState: (l) => ws.onState(l) };
}
