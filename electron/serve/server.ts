import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WS_PATH } from '../contract/ws';
import type { EngineClient } from '../engine/client';
import { EngineGateway } from './gateway';
import { hostAllowed, originPolicy, upgradeRefusal } from './origin';
import { sendText, serveStatic } from './static';
import { WsConnection, type ConnectionOptions } from './ws/connection';
import { completeUpgrade, handshakeProblem, rejectUpgrade } from './ws/handshake';

export interface ServeOptions {
  client: EngineClient;
  /** Built renderer folder (index.html + assets); null serves a page saying it is not built. */
  rendererDir: string | null;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Extra Host names accepted besides loopback and the bound address (e.g. a LAN name with --host 0.0.0.0). */
  allowHosts?: string[];
  ws?: ConnectionOptions;
}

export interface RunningServer {
  url: string;
  port: number;
  gateway: EngineGateway;
  close(): Promise<void>;
}

const NOT_BUILT = 'The dashboard is not built: run `npx electron-vite build` (or `npm run build`), then restart serve.\n';

/** node:http serving the dashboard, with the engine contract on one WebSocket at /ws. */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const gateway = new EngineGateway(opts.client);
  const sockets = new Set<Socket>();
  const conns = new Set<WsConnection>();
  let policy = originPolicy(host, opts.port ?? 0, opts.allowHosts);

  const server: Server = createServer((req, res) => {
    if (!hostAllowed(policy, req.headers.host)) return sendText(res, 403, 'unknown Host\n');
    if (!opts.rendererDir) return sendText(res, 503, NOT_BUILT);
    serveStatic(opts.rendererDir, req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('upgrade', (req, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== WS_PATH) return rejectUpgrade(socket, 404, 'no WebSocket endpoint here');
    const refusal = upgradeRefusal(policy, req.headers.host, req.headers.origin);
    if (refusal) return rejectUpgrade(socket, 403, refusal);
    const problem = handshakeProblem(req);
    if (problem) return rejectUpgrade(socket, problem.status, problem.message);
    completeUpgrade(req, socket);
    (socket as Socket).setNoDelay?.(true);
    const conn: WsConnection = new WsConnection(
      socket,
      {
        onText: (text) => void gateway.message(conn, text),
        onClose: () => {
          gateway.remove(conn);
          conns.delete(conn);
        },
      },
      opts.ws,
      head,
    );
    conns.add(conn);
    gateway.add(conn);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  policy = originPolicy(host, port, opts.allowHosts);
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    port,
    gateway,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of conns) c.close(1001, 'server shutting down');
        gateway.dispose();
        server.close(() => resolve());
        for (const s of sockets) s.end();
        const t = setTimeout(() => {
          for (const s of sockets) s.destroy();
        }, 1000);
        t.unref();
      }),
  };
}
