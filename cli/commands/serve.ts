import { intOption, parseCommandArgs } from '../args';
import { EXIT, UsageError, type CliIO, type Command } from '../command';
import { RemoteEngineError } from '../../electron/contract/errors';
import { launchEngine } from '../../electron/engine/launch';
import { DemoFeed, demoLogPath } from '../../electron/serve/demo-feed';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { findRendererDir } from '../../electron/serve/static';
import { DATA_DIR_HELP, dataDirOf, ENGINE_RUN_OPTIONS, formatOf, RETENTION_HELP, retentionOf } from './engine-common';
import { untilSignal } from './watch';

export const DEFAULT_PORT = 7410;

const usage = `Usage: api-shield serve [options] [file|folder|dir/*.log ...]

Runs the engine like 'watch' and serves the analyst dashboard to a browser: the page over HTTP and the
engine's typed contract over one WebSocket (/ws). Prints the URL on stdout. Runs until Ctrl-C or SIGTERM.

Options:
${DATA_DIR_HELP}
  --port <n>         TCP port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host <addr>      address to listen on (default 127.0.0.1). There is no login: anything but loopback
                     exposes the engine to your network
  --allow-host <h>   extra Host name accepted (with --host 0.0.0.0 and a LAN name); repeatable
  --demo             also append generated live traffic with attacks to <data-dir>/demo/demo-access.log and
                     watch it, so the dashboard moves
  --demo-rate <n>    about how many demo lines per second (default 20): sets the generated population
  --format <id>      log format for every path (default: detected per file)
${RETENTION_HELP}
  -q, --quiet        no status lines on stderr
  -h, --help         this text

Only pages served by this server may open the WebSocket: other origins and unknown Host names are refused.`;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the engine and serve the dashboard to a browser (add --demo for a live demo feed)',
  usage,
  run: (args, io) => runServe(args, io, untilSignal),
};

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host.startsWith('127.');
}

export async function runServe(args: string[], io: CliIO, stopWhen: () => Promise<string>): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...ENGINE_RUN_OPTIONS,
    port: { type: 'string' },
    host: { type: 'string' },
    'allow-host': { type: 'string', multiple: true },
    demo: { type: 'boolean' },
    'demo-rate': { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(usage + '\n');
    return EXIT.ok;
  }
  const dataDir = dataDirOf(values['data-dir'], io);
  const format = formatOf(values.format);
  const port = intOption(values.port, 'port', DEFAULT_PORT, 0);
  if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
  const host = values.host ?? '127.0.0.1';
  const demoRate = intOption(values['demo-rate'], 'demo-rate', 20, 1);
  const rendererDir = findRendererDir(import.meta.url, io.env);
  const signal = stopWhen();

  const client = await launchEngine({ dataDir, retention: retentionOf(values['keep-days'], values['max-db-mb']) });
  let feed: DemoFeed | null = null;
  let server: RunningServer | null = null;
  try {
    for (const spec of positionals) {
      try {
        await client.request('sources.add', { spec, format });
      } catch (err) {
        if (err instanceof RemoteEngineError && err.code === 'bad-request') throw new UsageError(err.message);
        throw err;
      }
    }
    if (values.demo) {
      feed = new DemoFeed({ file: demoLogPath(dataDir), linesPerSecond: demoRate });
      feed.pump(Date.now() + 1000); // the file exists (with a second of traffic) before it is watched
      const watches = await client.request('sources.watches', {});
      if (!watches.some((w) => w.spec === feed!.file)) await client.request('sources.add', { spec: feed.file, format: 'combined' });
      feed.start();
    }
    try {
      server = await startServer({ client, rendererDir, host, port, allowHosts: values['allow-host'] });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${host} is in use; pick another with --port (0 = any free port)`);
      if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') throw new UsageError(`cannot listen on --host ${host}: ${e.message}`);
      throw err;
    }
    io.stdout.write(`API Shield dashboard: ${server.url}\n`);
    if (!values.quiet) {
      const watches = await client.request('sources.watches', {});
      io.stderr.write(`data directory ${dataDir}; watching ${watches.length ? watches.map((w) => w.spec).join(', ') : 'nothing yet (add sources in the dashboard)'}\n`);
      if (feed) {
        io.stderr.write(`demo feed: generated traffic with attacks in real time (about ${demoRate} lines/s, ` +
          `${feed.clients.toLocaleString('en-US')} clients) → ${feed.file}\n`);
      }
      if (!rendererDir) io.stderr.write('warning: the dashboard is not built (out/renderer); run `npx electron-vite build`\n');
      if (!isLoopback(host)) io.stderr.write(`warning: listening on ${host} without authentication: anyone who can reach it can read and triage alerts\n`);
    }
    const sig = await signal;
    if (!values.quiet) io.stderr.write(`${sig}: stopping\n`);
    return EXIT.ok;
  } finally {
    feed?.stop();
    await server?.close();
    await client.close();
  }
}
