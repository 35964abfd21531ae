import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { SHARED } from '../parse/helpers';
import { join } from 'node:path';
import { alertsCommand } from '../../cli/commands/alerts';
import { importCommand } from '../../cli/commands/import';
import { statsCommand } from '../../cli/commands/stats';
import { runWatch } from '../../cli/commands/watch';
import { main } from '../../cli/main';
import { append, lines, tempDir, waitFor } from './helpers';
import { io } from './cli-io';

const PLOYT0 = join(SHARED, 'datasets/ployt0-nginx-internet/access.log');

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

/** `watch` in-process on one log (JSON alerts, unless `extra` says otherwise); resolves once it is watching. */
async function startWatch(log: string, data: string, extra: string[] = ['--json']) {
  let stop!: (sig: string) => void;
  const stopped = new Promise<string>((res) => (stop = res));
  const w = io();
  const run = runWatch([log, '--data-dir', data, '--format', 'combined', ...extra], w, () => stopped);
  await waitFor(() => w.err().includes('watching'), 'watch started');
  return { w, run, stop: () => stop('SIGTERM') };
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

  it.skipIf(!existsSync(PLOYT0))('import reads a folder of rotated logs, or its files named newest first, oldest first: the alerts of the whole log', async () => {
    const folder = join(tmp.dir, 'rotated');
    mkdirSync(folder);
    const all = readFileSync(PLOYT0, 'utf8').split('\n');
    writeFileSync(join(folder, 'access.log.2.gz'), gzipSync(all.slice(0, 5000).join('\n') + '\n'));
    writeFileSync(join(folder, 'access.log.1'), all.slice(5000, 10_000).join('\n') + '\n');
    writeFileSync(join(folder, 'access.log'), all.slice(10_000).join('\n'));
    writeFileSync(join(folder, 'notes.txt'), 'rotated nginx logs\n');
    const alertsOf = async (data: string) => {
      const o = io();
      expect(await alertsCommand.run(['--data-dir', data, '--json'], o)).toBe(0);
      return o.out().trim().split('\n').map((l) => {
        const { uid: _u, model_score: _m, ...rest } = JSON.parse(l);
        return JSON.stringify(rest);
      }).sort();
    };
    expect(await importCommand.run([PLOYT0, '--data-dir', join(tmp.dir, 'whole'), '-q'], io())).toBe(0);
    const whole = await alertsOf(join(tmp.dir, 'whole'));
    expect(whole.length).toBeGreaterThan(500);

    const globbed = io();
    const names = ['access.log', 'access.log.1', 'access.log.2.gz'].map((n) => join(folder, n));
    expect(await importCommand.run([...names, '--data-dir', join(tmp.dir, 'globbed'), '-q'], globbed)).toBe(0);
    expect(globbed.out().split('\n').filter(Boolean).map((l) => l.split(':')[0])).toEqual([...names].reverse());
    expect(globbed.err()).not.toContain('overlap');
    expect(await alertsOf(join(tmp.dir, 'globbed'))).toEqual(whole);

    const byFolder = io();
    expect(await importCommand.run([folder, '--data-dir', join(tmp.dir, 'folder'), '-q'], byFolder)).toBe(0);
    expect(byFolder.err()).toContain(`skipped ${join(folder, 'notes.txt')}`);
    expect(await alertsOf(join(tmp.dir, 'folder'))).toEqual(whole);
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

  it('import says when its files overlap in time (node logs), which it reads one after the other', async () => {
    const a = join(tmp.dir, 'node-a.log');
    const b = join(tmp.dir, 'node-b.log');
    writeFileSync(a, lines(0, 50, { client: '10.1.1.1' }));
    writeFileSync(b, lines(10, 50, { client: '10.2.2.2' }));
    const imp = io();
    expect(await importCommand.run([a, b, '--data-dir', join(tmp.dir, 'data'), '-q'], imp)).toBe(0);
    expect(imp.err()).toContain("these files overlap in time (the logs of several nodes?): import reads them one after the other");
  });

  it('import of an empty file reads nothing and succeeds', async () => {
    const empty = join(tmp.dir, 'empty.log');
    writeFileSync(empty, '');
    const imp = io();
    expect(await importCommand.run([empty, '--data-dir', join(tmp.dir, 'data'), '--json'], imp)).toBe(0);
    expect(JSON.parse(imp.out())).toMatchObject({ lines: 0, events: 0, parse_errors: 0, alerts: 0 });
    expect(imp.err()).toBe('');
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
    const { w, run, stop } = await startWatch(log, data);
    append(log, lines(0, 30, { client: '10.4.4.4' }));
    await waitFor(() => w.out().includes('10.4.4.4'), 'alert printed');
    stop();
    expect(await run).toBe(0);
    expect(w.err()).toContain('SIGTERM: stopping');
    const printed = w.out().trim().split('\n').map((l) => JSON.parse(l));
    expect(printed.every((a) => a.client === '10.4.4.4')).toBe(true);
    expect(printed.map((a) => a.rule)).toContain('burst');

    const st = io();
    await statsCommand.run(['--data-dir', data, '--json'], st);
    expect(JSON.parse(st.out()).events).toBe(30);
  });

  it('import, serve or a second watch on a data directory a watch is writing exit 4 and name its process; readers work alongside', async () => {
    const log = join(tmp.dir, 'live.log');
    writeFileSync(log, lines(0, 30, { client: '10.4.4.4' }));
    const data = join(tmp.dir, 'data');
    const { run, stop } = await startWatch(log, data, ['-q']);
    expect(existsSync(join(data, 'engine.lock'))).toBe(true);
    for (const args of [['import', log], ['watch'], ['serve', '--port', '0']]) {
      const other = io();
      expect(await main([...args, '--data-dir', data], other)).toBe(4);
      expect(other.err()).toBe(`api-shield ${args[0]}: the data directory ${data} is in use by another API Shield engine ` +
        `(process ${process.pid}, since ${other.err().match(/since (.+?) UTC/)![1]} UTC): stop it first, or give another data directory\n`);
    }
    const st = io();
    expect(await main(['stats', '--data-dir', data, '--json'], st)).toBe(0);
    expect(JSON.parse(st.out()).engine).toEqual({ pid: process.pid, since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    stop();
    expect(await run).toBe(0);
    expect(await main(['import', log, '--data-dir', data, '-q'], io())).toBe(0); // free again
    const after = io();
    expect(await main(['stats', '--data-dir', data], after)).toBe(0);
    expect(after.out()).toContain('no engine is running on it');
    const afterJson = io();
    expect(await main(['stats', '--data-dir', data, '--json'], afterJson)).toBe(0);
    expect(JSON.parse(afterJson.out()).engine).toBeNull();
  });

  it('watch prints every alert of a bulk append, episodes that opened and closed between two pushes included', async () => {
    const log = join(tmp.dir, 'live.log');
    writeFileSync(log, '');
    const data = join(tmp.dir, 'data');
    const { w, run, stop } = await startWatch(log, data);
    // Five clients burst ten minutes of log time apart, appended at once: each episode ends (quiet gap) long
    // before the append does, so most open and close within one commit.
    let text = '';
    for (let c = 0; c < 5; c++) text += lines(c * 6000, 40, { client: `192.0.2.${c + 1}` });
    append(log, text + lines(40_000, 1, { client: '192.0.2.200' }));
    const printed = () => w.out().trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    await waitFor(() => new Set(printed().map((a) => a.client)).size >= 5, 'five clients printed');
    stop();
    expect(await run).toBe(0);
    const stored = io();
    expect(await alertsCommand.run(['--data-dir', data, '--json'], stored)).toBe(0);
    const storedUids = stored.out().trim().split('\n').map((l) => JSON.parse(l).uid).sort((a: number, b: number) => a - b);
    expect(printed().map((a) => a.uid).sort((a: number, b: number) => a - b)).toEqual(storedUids);
  });

  it('watch --json writes the record alerts --json writes, with the IPs a target alert names', async () => {
    const log = join(tmp.dir, 'live.log');
    writeFileSync(log, '');
    const data = join(tmp.dir, 'data');
    const { w, run, stop } = await startWatch(log, data);
    // 20 IPs, one blind POST to xmlrpc.php each, a minute apart: a wordpress-botnet alert naming them.
    const ips = Array.from({ length: 20 }, (_, i) => `203.0.113.${i + 1}`);
    append(log, ips.map((ip, i) => `${ip} - - [10/Oct/2024:14:${String(i).padStart(2, '0')}:00 +0000] "POST /xmlrpc.php HTTP/1.1" 404 22 "-" "Mozilla/5.0"\n`).join(''));
    const printed = () => w.out().trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    await waitFor(() => printed().some((a) => a.rule === 'wordpress-botnet'), 'botnet alert printed');
    stop();
    expect(await run).toBe(0);
    const botnet = printed().find((a) => a.rule === 'wordpress-botnet');
    expect(Object.keys(botnet).sort()).toEqual(['action', 'active', 'category', 'client', 'clients', 'count', 'first_seen', 'key_kind',
      'last_seen', 'model_score', 'reason', 'risk', 'rule', 'severity', 'status', 'uid']);
    expect([...botnet.clients].sort()).toEqual([...ips].sort());
  });
});
