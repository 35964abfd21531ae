import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIO } from '../../cli/command';
import { alertsCommand, collectAlerts } from '../../cli/commands/alerts';
import { importCommand } from '../../cli/commands/import';
import { statsCommand } from '../../cli/commands/stats';
import { runWatch } from '../../cli/commands/watch';
import { append, lines, tempDir, waitFor } from './helpers';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

function io(env: Record<string, string> = {}): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const sink = (add: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        add(String(chunk));
        cb();
      },
    });
  return {
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    env,
    out: () => out,
    err: () => err,
  };
}

describe('engine CLI commands', () => {
  it('import, then stats --json and alerts --json read the data directory', async () => {
    const log = join(tmp.dir, 'a.log');
    writeFileSync(log, lines(0, 40, { client: '10.3.3.3' }));
    const data = join(tmp.dir, 'data');
    const imp = io();
    expect(await importCommand.run([log, '--data-dir', data, '--json'], imp)).toBe(0);
    expect(JSON.parse(imp.out())).toMatchObject({ lines: 40, events: 40, parse_errors: 0, format: 'combined' });

    const st = io({ API_SHIELD_DATA_DIR: data });
    expect(await statsCommand.run(['--json'], st)).toBe(0);
    const stats = JSON.parse(st.out());
    expect(stats.events).toBe(40);
    expect(stats.sources).toEqual([expect.objectContaining({ path: log, lines: 40, parse_errors: 0, offset: statSync(log).size })]);

    const al = io();
    expect(await alertsCommand.run(['--data-dir', data, '--json'], al)).toBe(0);
    const rows = al.out().trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.length).toBe(stats.alerts);
    expect(rows.some((r) => r.client === '10.3.3.3' && r.rule === 'burst')).toBe(true);

    const table = io();
    expect(await alertsCommand.run(['--data-dir', data], table)).toBe(0);
    expect(table.out()).toContain('10.3.3.3');
  });

  it('alerts --json lists the IPs a target alert names, as scan --json does', async () => {
    // 20 IPs, one blind POST to xmlrpc.php each, a minute apart: a wordpress-botnet alert naming all 20.
    const ips = Array.from({ length: 20 }, (_, i) => `203.0.113.${i + 1}`);
    const log = join(tmp.dir, 'botnet.log');
    writeFileSync(log, ips.map((ip, i) => `${ip} - - [10/Oct/2024:14:${String(i).padStart(2, '0')}:00 +0000] "POST /xmlrpc.php HTTP/1.1" 404 22 "-" "Mozilla/5.0"\n`).join(''));
    const data = join(tmp.dir, 'data');
    expect(await importCommand.run([log, '--data-dir', data, '--quiet'], io())).toBe(0);
    const al = io();
    expect(await alertsCommand.run(['--data-dir', data, '--json'], al)).toBe(0);
    const rows = al.out().trim().split('\n').map((l) => JSON.parse(l));
    const botnet = rows.find((r) => r.rule === 'wordpress-botnet');
    expect(botnet).toMatchObject({ client: 'endpoint:POST /xmlrpc.php', key_kind: 'target' });
    expect([...botnet.clients].sort()).toEqual([...ips].sort());
    expect(rows.filter((r) => r.key_kind !== 'target').every((r) => !('clients' in r))).toBe(true);
  });

  it('alerts --limit pages past the 1,000 alerts a query returns, and says when more match', async () => {
    // Six clients bursting: six alerts at least.
    const log = join(tmp.dir, 'six.log');
    writeFileSync(log, [1, 2, 3, 4, 5, 6].map((n) => lines(n * 60_000, 20, { client: `10.4.4.${n}` })).join(''));
    const data = join(tmp.dir, 'data');
    expect(await importCommand.run([log, '--data-dir', data, '--quiet'], io())).toBe(0);
    const all = io();
    expect(await alertsCommand.run(['--data-dir', data, '--json'], all)).toBe(0);
    const every = all.out().trim().split('\n').map((l) => JSON.parse(l).uid);
    expect(every.length).toBeGreaterThanOrEqual(6);
    expect(all.err()).toBe('');

    // The same pages, two at a time: nothing skipped or repeated.
    const { Queries } = await import('../../electron/engine/queries/queries');
    const { Interner } = await import('../../electron/engine/store/interner');
    const { openStoreReadOnly } = await import('../../electron/engine/launch');
    const db = openStoreReadOnly(data)!;
    try {
      const q = new Queries(db, new Interner(db), data);
      const paged = collectAlerts((p) => q.alerts.list(p), {}, 5, 2);
      expect(paged.rows.map((r) => r.uid)).toEqual(every.slice(0, 5));
      expect(paged.total).toBe(every.length);
      expect(collectAlerts((p) => q.alerts.list(p), {}, 1000, 2).rows.map((r) => r.uid)).toEqual(every);
    } finally {
      db.close();
    }

    const some = io();
    expect(await alertsCommand.run(['--data-dir', data, '--json', '--limit', '2'], some)).toBe(0);
    expect(some.out().trim().split('\n')).toHaveLength(2);
    expect(some.err()).toBe(`(2 of ${every.length} alerts shown; use --limit)\n`);
  });

  it('import draws a progress bar on a terminal from the pushed source status, and none with --quiet', async () => {
    const log = join(tmp.dir, 'big.log');
    writeFileSync(log, lines(0, 100_000));
    const tty = (o: ReturnType<typeof io>) => Object.assign(o.stderr, { isTTY: true, columns: 200 }) && o;
    const imp = tty(io());
    expect(await importCommand.run([log, '--data-dir', join(tmp.dir, 'data')], imp)).toBe(0);
    const frames = imp.err().split('\r').filter((f) => f.startsWith('importing'));
    expect(frames.length).toBeGreaterThan(0);
    expect(frames[0]).toMatch(new RegExp(`^importing ${log} \\[[#.]{30}\\] +\\d+% [\\d,]+ lines [\\d,]+ lines/s`));
    expect(imp.err().endsWith('\r\x1b[K')).toBe(true); // cleared before the result line
    expect(imp.out()).toMatch(/100000 lines {2}100000 events/);

    const quiet = tty(io());
    writeFileSync(join(tmp.dir, 'other.log'), lines(0, 100_000, { client: '10.9.9.9' }));
    expect(await importCommand.run([join(tmp.dir, 'other.log'), '--data-dir', join(tmp.dir, 'data'), '-q'], quiet)).toBe(0);
    expect(quiet.err()).toBe('');
  });

  it('reports usage errors and missing inputs with the documented exit codes', async () => {
    await expect(statsCommand.run([], io())).rejects.toThrow(/data directory/);
    await expect(alertsCommand.run(['--data-dir', tmp.dir, '--status', 'nope'], io())).rejects.toThrow(/unknown value/);
    await expect(importCommand.run(['x.log', '--data-dir', tmp.dir, '--format', 'xml'], io())).rejects.toThrow(/format/);
    const missing = io();
    expect(await importCommand.run([join(tmp.dir, 'nope.log'), '--data-dir', tmp.dir], missing)).toBe(3);
    expect(await statsCommand.run(['--data-dir', join(tmp.dir, 'empty')], io())).toBe(3);
  });

  it('watch tails until told to stop, printing alerts as they open', async () => {
    const log = join(tmp.dir, 'live.log');
    writeFileSync(log, '');
    const data = join(tmp.dir, 'data');
    let stop!: (sig: string) => void;
    const stopped = new Promise<string>((res) => (stop = res));
    const w = io();
    const run = runWatch([log, '--data-dir', data, '--format', 'combined', '--json'], w, () => stopped);
    await waitFor(() => w.err().includes('watching'), 'watch started');
    append(log, lines(0, 30, { client: '10.4.4.4' }));
    await waitFor(() => w.out().includes('10.4.4.4'), 'alert printed');
    stop('SIGTERM');
    expect(await run).toBe(0);
    expect(w.err()).toContain('SIGTERM: stopping');
    const printed = w.out().trim().split('\n').map((l) => JSON.parse(l));
    expect(printed.every((a) => a.client === '10.4.4.4')).toBe(true);
    expect(printed.map((a) => a.rule)).toContain('burst');

    const st = io();
    await statsCommand.run(['--data-dir', data, '--json'], st);
    expect(JSON.parse(st.out()).events).toBe(30);
  });
});
