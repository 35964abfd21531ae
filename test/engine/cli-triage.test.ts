import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertsCommand, collectAlerts } from '../../cli/commands/alerts';
import { collectEvents, eventsCommand } from '../../cli/commands/events';
import { importCommand } from '../../cli/commands/import';
import { ALERT_CSV_COLUMNS } from '../../core/report/alerts-csv';
import { EVENT_CSV_COLUMNS } from '../../core/report/events-csv';
import type { EventRow } from '../../electron/contract/types';
import { io } from './cli-io';
import { lines, tempDir } from './helpers';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

/** Triage from a terminal on a stored data directory: alerts (filters, exports, one in full) and events. */
describe('alerts and events commands', () => {
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

  it('alerts filters by rule, key, text and log time, and writes CSV or a mitigation for what matches', async () => {
    // 120 clients bursting 100 s apart (more than the table's 100), and a botnet of 20 named by one target alert.
    const bursts = join(tmp.dir, 'bursts.log');
    writeFileSync(bursts, Array.from({ length: 120 }, (_, n) => lines(n * 1000, 20, { client: `10.5.${n >> 8}.${n & 255}` })).join(''));
    const botnetIps = Array.from({ length: 20 }, (_, i) => `203.0.113.${i + 1}`);
    const botnet = join(tmp.dir, 'botnet.log');
    writeFileSync(botnet, botnetIps.map((ip, i) => `${ip} - - [10/Oct/2024:14:${String(i).padStart(2, '0')}:00 +0000] "POST /xmlrpc.php HTTP/1.1" 404 22 "-" "Mozilla/5.0"\n`).join(''));
    const data = join(tmp.dir, 'data');
    expect(await importCommand.run([bursts, botnet, '--data-dir', data, '--quiet'], io())).toBe(0);
    const run = async (...args: string[]) => {
      const o = io();
      expect(await alertsCommand.run(['--data-dir', data, ...args], o)).toBe(0);
      return o;
    };
    const json = async (...args: string[]) => (await run('--json', ...args)).out().trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

    // Machine outputs list every match; the table stops at 100 and says so.
    const all = await json();
    expect(all.length).toBeGreaterThan(120);
    expect((await run()).out()).toContain(`(100 of ${all.length} alerts shown; use --limit)`);

    const burstRows = await json('--rule', 'burst');
    expect(burstRows).toHaveLength(120);
    expect(new Set(burstRows.map((r) => r.client)).size).toBe(120);
    const list = await run('--rule', 'burst', '--export', 'block-list');
    expect(list.out().trim().split('\n').sort()).toEqual(burstRows.map((r) => r.client).sort());
    expect(list.err()).toBe('Exported 120 addresses (block-list) from 120 alerts.\n');

    const nginx = (await run('--rule', 'wordpress-botnet', '--export', 'nginx-deny')).out();
    expect(nginx.split('\n').filter((l) => l.startsWith('deny ')).sort()).toEqual(botnetIps.map((ip) => `deny ${ip};`).sort());
    expect((await json('--text', 'xmlrpc')).map((r) => r.rule)).toContain('wordpress-botnet');

    const one = await json('--key', '10.5.0.7');
    expect(one.length).toBeGreaterThan(0);
    expect(one.every((r) => r.client === '10.5.0.7')).toBe(true);

    // Client n bursts at BASE + n*100 s for 2 s: a window from client 10's start to client 13's start holds
    // the bursts of 10, 11 and 12 (and 13's would start exactly at --until: not before it).
    const from = burstRows.find((r) => r.client === '10.5.0.10').first_seen;
    const to = burstRows.find((r) => r.client === '10.5.0.13').first_seen;
    const windowed = await json('--rule', 'burst', '--since', from, '--until', to);
    expect(windowed.map((r) => r.client).sort()).toEqual(['10.5.0.10', '10.5.0.11', '10.5.0.12']);

    const csv = (await run('--csv', '--rule', 'burst')).out().trim().split('\n');
    expect(csv[0]).toBe(ALERT_CSV_COLUMNS.join(','));
    expect(csv.slice(1).map((l) => Number(l.split(',')[0])).sort((a, b) => a - b)).toEqual(burstRows.map((r) => r.uid).sort((a, b) => a - b));

    await expect(alertsCommand.run(['--data-dir', data, '--rule', 'brust'], io())).rejects.toThrow(/--rule: unknown value 'brust'/);
    await expect(alertsCommand.run(['--data-dir', data, '--export', 'pf'], io())).rejects.toThrow(/unknown --export 'pf'/);
    await expect(alertsCommand.run(['--data-dir', data, '--json', '--csv'], io())).rejects.toThrow(/exclusive/);
    await expect(alertsCommand.run(['--data-dir', data, '--since', 'tomorrow'], io())).rejects.toThrow(/--since must be an ISO-8601 time/);
  });

  it('events lists stored events by client, path, status and time: a table, JSON, CSV or the raw log lines', async () => {
    const log = join(tmp.dir, 'mixed.log');
    const text = lines(0, 40, { client: '10.3.3.3' }) + lines(100, 10, { client: '10.6.6.6', status: 404, path: '/wp-login.php' });
    writeFileSync(log, text);
    const data = join(tmp.dir, 'data');
    expect(await importCommand.run([log, '--data-dir', data, '--quiet'], io())).toBe(0);
    const run = async (...args: string[]) => {
      const o = io();
      expect(await eventsCommand.run(['--data-dir', data, ...args], o)).toBe(0);
      return o;
    };
    const json = async (...args: string[]) => (await run('--json', ...args)).out().trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

    const wp = await json('--client', '10.6.6.6');
    expect(wp.map((e) => e.line)).toEqual([50, 49, 48, 47, 46, 45, 44, 43, 42, 41]); // newest first
    expect(wp[0]).toMatchObject({ client: '10.6.6.6', method: 'GET', path: '/wp-login.php', status: 404, source: log });
    expect(await json('--status', '4xx')).toHaveLength(10);
    expect(await json('--status', '404', '--path', '/wp-*')).toHaveLength(10);
    expect(await json('--path', '/api/items/*', '--status', '2xx')).toHaveLength(40);
    expect((await run('--path', '/nope')).out()).toBe('No events.\n');
    const table = (await run('--client', '10.6.6.6')).out().split('\n');
    expect(table[0]).toMatch(/^TIME \(UTC\)\s+CLIENT\s+METHOD\s+STATUS\s+BYTES\s+MS\s+PATH$/);
    expect(table.filter((l) => l.includes('/wp-login.php'))).toHaveLength(10);

    // Log time (whole seconds in this format): lines 1-10 at 10:00:00, 11-20 at :01, 21-30 at :02, 31-40 at :03.
    const window = await json('--since', '2024-01-15T10:00:01Z', '--until', '2024-01-15T10:00:03Z');
    expect(window.map((e) => e.line)).toEqual(Array.from({ length: 20 }, (_, k) => 30 - k));

    const csv = await run('--csv', '--limit', '3');
    expect(csv.out().trim().split('\n')).toHaveLength(4);
    expect(csv.out().split('\n')[0]).toBe(EVENT_CSV_COLUMNS.join(','));
    expect(csv.err()).toBe('(the 3 newest matching events shown; use --limit for more)\n');
    expect((await run('--csv', '--limit', '50')).err()).toBe(''); // exactly 50: nothing more to say

    // The raw lines, as the log has them and in its order; once the file is gone, rebuilt from the stored fields.
    const original = text.trim().split('\n').slice(40);
    expect((await run('--client', '10.6.6.6', '--raw')).out().trim().split('\n')).toEqual(original);
    rmSync(log);
    const rebuilt = await run('--client', '10.6.6.6', '--raw');
    expect(rebuilt.out().trim().split('\n')).toHaveLength(10);
    expect(rebuilt.out()).toContain('/wp-login.php');
    expect(rebuilt.err()).toContain('10 line(s) rebuilt from the stored fields');

    await expect(eventsCommand.run(['--data-dir', data, '--status', '4x'], io())).rejects.toThrow(/--status must be/);
    await expect(eventsCommand.run(['--data-dir', data, '--json', '--raw'], io())).rejects.toThrow(/--json and --raw are exclusive/);
  });

  it('events pages back through the keyset cursor without skipping or repeating an event of the same millisecond', () => {
    // 25 events, five to a millisecond, ids ascending: the engine's order is time, then id, both descending.
    const all = Array.from({ length: 25 }, (_, i) => ({ id: i + 1, time: 1000 + Math.floor(i / 5) })).reverse();
    const list = (f: { before?: number; beforeId?: number; limit?: number }) =>
      all
        .filter((e) => f.before === undefined || e.time < f.before || (e.time === f.before && e.id < f.beforeId!))
        .slice(0, f.limit) as unknown as EventRow[];
    const paged = collectEvents(list, { range: { from: 0, to: 1e9 } }, 23, 4);
    expect(paged.map((e) => e.id)).toEqual(all.slice(0, 23).map((e) => e.id));
    expect(collectEvents(list, { range: { from: 0, to: 1e9 } }, 100, 4)).toHaveLength(25);
  });

  it('alerts --show prints one alert in full with its evidence lines, and --json gives it as one object', async () => {
    const log = join(tmp.dir, 'burst.log');
    writeFileSync(log, lines(0, 40, { client: '10.3.3.3' }));
    const data = join(tmp.dir, 'data');
    expect(await importCommand.run([log, '--data-dir', data, '--quiet'], io())).toBe(0);
    const list = io();
    expect(await alertsCommand.run(['--data-dir', data], list)).toBe(0);
    expect(list.out()).toMatch(/^UID\s+SEVERITY\s+RISK\s+CLIENT\s+RULE/);
    const listed = io();
    expect(await alertsCommand.run(['--data-dir', data, '--json', '--rule', 'burst'], listed)).toBe(0);
    const burst = JSON.parse(listed.out().trim().split('\n')[0]!);

    const shown = io();
    expect(await alertsCommand.run(['--data-dir', data, '--show', String(burst.uid)], shown)).toBe(0);
    const fileLines = readFileSync(log, 'utf8').split('\n');
    expect(shown.out()).toContain(burst.reason);
    expect(shown.out()).toMatch(/Evidence \(\d+ lines\):/);
    expect(shown.out()).toContain(`${log}:1  ${fileLines[0]}`);

    const asJson = io();
    expect(await alertsCommand.run(['--data-dir', data, '--show', String(burst.uid), '--json'], asJson)).toBe(0);
    const detail = JSON.parse(asJson.out());
    expect(detail).toMatchObject({ uid: burst.uid, rule: 'burst', client: '10.3.3.3', history: [], notes: [] });
    expect(detail.evidence.length).toBeGreaterThan(0);
    for (const ev of detail.evidence) expect([ev.origin, ev.raw]).toEqual(['file', fileLines[ev.line - 1]]);

    const missing = io();
    expect(await alertsCommand.run(['--data-dir', data, '--show', '99999'], missing)).toBe(3);
    expect(missing.err()).toContain('no alert 99999');
    await expect(alertsCommand.run(['--data-dir', data, '--show', '1', '--csv'], io())).rejects.toThrow(/--show takes --json or nothing/);
  });
});
