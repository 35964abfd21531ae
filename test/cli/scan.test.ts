import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers';
import { SHARED } from '../parse/helpers';

const PLOYT0 = join(SHARED, 'datasets/ployt0-nginx-internet/access.log');

const dir = mkdtempSync(join(tmpdir(), 'api-shield-cli-'));
const log = join(dir, 'access.log');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const line = (ip: string, sec: number, path: string, status = 200) =>
  `${ip} - - [10/Oct/2024:13:55:${String(sec).padStart(2, '0')} +0000] "GET ${path} HTTP/1.1" ${status} 512 "-" "Mozilla/5.0"`;

beforeAll(() => {
  const lines: string[] = [];
  // 20 requests in 5 s from one client: a burst. A quiet client in between. One broken line.
  for (let i = 0; i < 20; i++) lines.push(line('198.51.100.7', 10 + (i >> 2), '/api/orders'));
  lines.splice(5, 0, line('192.0.2.44', 11, '/index.html'));
  lines.splice(9, 0, 'this is not an access log line');
  writeFileSync(log, lines.join('\n') + '\n');
});

describe('api-shield scan', () => {
  it('prints a table with one row per alert episode and a summary on stderr', async () => {
    const r = await runCli(['scan', log]);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^SEVERITY\s+RISK\s+CLIENT\s+RULE/);
    expect(rows.filter((l) => l.includes('198.51.100.7') && / burst /.test(l))).toHaveLength(1);
    expect(r.stdout).not.toContain('192.0.2.44');
    expect(r.stderr).toMatch(/Scanned 22 lines/);
    expect(r.stderr).toMatch(/parse errors 1/);
    expect(r.stderr).toMatch(/line 10 \(byte \d+\)/);
  });

  it('--json prints one object per alert with the documented fields', async () => {
    const r = await runCli(['scan', log, '--json', '--quiet']);
    const alerts = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const burst = alerts.find((a) => a.rule === 'burst');
    expect(burst).toMatchObject({ client: '198.51.100.7', key_kind: 'ip', severity: 'medium', risk: 40, action: 'rate-limit-and-monitor', count: 20 });
    for (const k of ['first_seen', 'last_seen', 'reason', 'evidence']) expect(burst).toHaveProperty(k);
    expect(burst.first_seen).toBe('2024-10-10T13:55:10.000Z');
    expect(burst.reason).toMatch(/threshold 15/);
    expect(burst.evidence).toContain(1);
    expect(r.stderr).toBe('');
  });

  it('--csv prints a header and quoted fields', async () => {
    const r = await runCli(['scan', log, '--csv', '-q']);
    const [header, ...rows] = r.stdout.trim().split('\n');
    expect(header.split(',').slice(0, 4)).toEqual(['client', 'key_kind', 'rule', 'category']);
    expect(rows.some((row) => row.startsWith('198.51.100.7,ip,burst,'))).toBe(true);
  });

  it('--csv and --json list the IPs a target alert names (its block list)', async () => {
    const botnet = join(dir, 'botnet.log');
    // 20 IPs, one blind POST to xmlrpc.php each, a minute apart: a wordpress-botnet alert naming all 20.
    const ips = Array.from({ length: 20 }, (_, i) => `203.0.113.${i + 1}`);
    const post = (ip: string, i: number) =>
      `${ip} - - [10/Oct/2024:14:${String(i).padStart(2, '0')}:00 +0000] "POST /xmlrpc.php HTTP/1.1" 404 22 "-" "Mozilla/5.0"`;
    writeFileSync(botnet, ips.map(post).join('\n') + '\n');
    const csv = (await runCli(['scan', botnet, '--csv', '-q'])).stdout.trim().split('\n');
    expect(csv[0]!.split(',').at(-1)).toBe('clients');
    const row = csv.find((r) => r.includes(',wordpress-botnet,'))!;
    expect(row.split(',').at(-1)!.split(' ').sort()).toEqual([...ips].sort());
    const json = (await runCli(['scan', botnet, '--json', '-q'])).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(json.find((a) => a.rule === 'wordpress-botnet')).toMatchObject({ client: 'endpoint:POST /xmlrpc.php', key_kind: 'target' });
    expect(json.find((a) => a.rule === 'wordpress-botnet').clients.sort()).toEqual([...ips].sort());
  });

  it('--export writes a block list, an nginx deny file or WSO2 deny policies from the alerts, at or above --min-severity', async () => {
    // Two IPs alerted on their own (a high CVE probe, a medium burst) and a botnet of 20 named by a target alert.
    const mixed = join(dir, 'mitigate.log');
    const at = (ip: string, sec: number, req: string, status = 200) =>
      `${ip} - - [10/Oct/2024:15:00:${String(sec).padStart(2, '0')} +0000] "${req} HTTP/1.1" ${status} 10 "-" "Mozilla/5.0"`;
    const lines: string[] = [];
    for (let i = 0; i < 20; i++) lines.push(at('198.51.100.7', 10 + (i >> 2), 'GET /api/orders'));
    lines.push(at('192.0.2.99', 30, 'GET /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php', 404));
    const ips = Array.from({ length: 20 }, (_, i) => `203.0.113.${i + 1}`);
    ips.forEach((ip, i) => lines.push(`${ip} - - [10/Oct/2024:16:${String(i).padStart(2, '0')}:00 +0000] "POST /xmlrpc.php HTTP/1.1" 404 22 "-" "Mozilla/5.0"`));
    writeFileSync(mixed, lines.join('\n') + '\n');

    const json = (await runCli(['scan', mixed, '--json', '-q'])).stdout.trim().split('\n').map((l) => JSON.parse(l));
    const expected = new Set<string>();
    for (const a of json) for (const ip of a.key_kind === 'ip' ? [a.client] : a.clients ?? []) expected.add(ip);
    expect(expected.has('198.51.100.7') && expected.has('192.0.2.99') && ips.every((ip) => expected.has(ip))).toBe(true);

    const list = await runCli(['scan', mixed, '--export', 'block-list']);
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split('\n').sort()).toEqual([...expected].sort());
    expect(list.stderr).toContain(`Exported ${expected.size} addresses (block-list) from ${json.length} alerts.`);

    const nginx = await runCli(['scan', mixed, '--export', 'nginx-deny', '-q']);
    expect(nginx.stdout).toMatch(/^# API Shield block list: \d+ address\(es\)/);
    expect(nginx.stdout.split('\n').filter((l) => l.startsWith('deny ')).length).toBe(expected.size);
    expect(nginx.stderr).toBe('');

    const wso2 = JSON.parse((await runCli(['scan', mixed, '--export', 'wso2-deny', '-q'])).stdout);
    expect(wso2.map((p: { conditionValue: { fixedIp: string } }) => p.conditionValue.fixedIp).sort()).toEqual([...expected].sort());

    // Only what is at least high: the medium burst's client and the medium botnet drop out.
    const severe = json.filter((a) => ['high', 'critical'].includes(a.severity));
    const high = await runCli(['scan', mixed, '--export', 'block-list', '-q', '--min-severity', 'high']);
    const highIps = new Set<string>();
    for (const a of severe) for (const ip of a.key_kind === 'ip' ? [a.client] : a.clients ?? []) highIps.add(ip);
    expect([...highIps]).toEqual(['192.0.2.99']);
    expect(high.stdout.trim().split('\n').sort()).toEqual([...highIps].sort());
  });

  it.skipIf(!existsSync(PLOYT0))('a folder of rotated logs, or its files named newest first, gives the alerts of the whole log', async () => {
    // The real log cut into logrotate's pieces: access.log.2.gz (oldest), access.log.1, access.log (newest).
    const folder = join(dir, 'rotated');
    mkdirSync(folder);
    const all = readFileSync(PLOYT0, 'utf8').split('\n');
    const cut = [0, 5000, 10_000, all.length];
    writeFileSync(join(folder, 'access.log.2.gz'), gzipSync(all.slice(cut[0], cut[1]).join('\n') + '\n'));
    writeFileSync(join(folder, 'access.log.1'), all.slice(cut[1], cut[2]).join('\n') + '\n');
    writeFileSync(join(folder, 'access.log'), all.slice(cut[2], cut[3]).join('\n'));
    writeFileSync(join(folder, 'README'), 'rotated nginx logs\n');
    writeFileSync(join(folder, '.access.log.swp'), 'editor state');
    const alerts = (r: { stdout: string }) =>
      r.stdout.trim().split('\n').map((l) => {
        const { evidence: _, ...rest } = JSON.parse(l);
        return JSON.stringify(rest);
      }).sort();
    const whole = alerts(await runCli(['scan', PLOYT0, '--json', '-q']));
    expect(whole.length).toBeGreaterThan(500);

    // As a shell glob names them: newest first.
    const globbed = await runCli(['scan', ...['access.log', 'access.log.1', 'access.log.2.gz'].map((n) => join(folder, n)), '--json']);
    expect(alerts(globbed)).toEqual(whole);
    expect(globbed.stderr).toContain(`Read in log-time order, oldest first: ${['access.log.2.gz', 'access.log.1', 'access.log'].map((n) => join(folder, n)).join(', ')}`);

    const byFolder = await runCli(['scan', folder, '--json']);
    expect(alerts(byFolder)).toEqual(whole);
    expect(byFolder.stderr).toContain(`skipped ${join(folder, 'README')}: its first lines are no log format`);
    expect(byFolder.stderr).not.toContain('.swp');
    expect(byFolder.stderr).toMatch(/Scanned 16,912 lines/);

    const empty = join(dir, 'no-logs');
    mkdirSync(empty);
    const none = await runCli(['scan', empty]);
    expect([none.code, none.stderr]).toEqual([3, `api-shield: ${empty}: no log files in this folder\n`]);
  });

  it('an empty file (a log just rotated) is scanned as nothing, not refused as an unknown format', async () => {
    const empty = join(dir, 'empty.log');
    writeFileSync(empty, '');
    const alone = await runCli(['scan', empty]);
    expect([alone.code, alone.stdout]).toEqual([0, 'No alerts.\n']);
    expect(alone.stderr).toMatch(/Scanned 0 lines/);
    const withLog = await runCli(['scan', log, empty, '--json', '-q']);
    expect(withLog.code).toBe(0);
    expect(withLog.stdout.trim().split('\n').map((l) => JSON.parse(l).rule)).toEqual(['burst']);
    const folder = join(dir, 'just-rotated');
    mkdirSync(folder);
    writeFileSync(join(folder, 'access.log'), '\n');
    writeFileSync(join(folder, 'access.log.1'), readFileSync(log));
    const r = await runCli(['scan', folder, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('skipped');
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).rule)).toEqual(['burst']);
  });

  it('a truncated .gz is read up to the damage, which is reported where it starts, and the scan goes on', async () => {
    const body = Array.from({ length: 4000 }, (_, i) => line(`10.7.${i >> 8}.${i & 255}`, i % 60, `/page/${i}`)).join('\n') + '\n';
    const whole = gzipSync(body);
    const cut = join(dir, 'cut.log.gz');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const stats = join(dir, 'cut.json');
    const r = await runCli(['scan', cut, log, '--json', '--stats', stats]);
    expect(r.code).toBe(0);
    const s = JSON.parse(readFileSync(stats, 'utf8'));
    const damage = s.parse_errors_by_code['damaged-file'];
    expect(damage.count).toBe(1);
    const [d] = damage.examples;
    // Every complete line before the damage is an event; the damage is the next line, at the next byte.
    expect(s.sources[0].events).toBe(d.line - 1);
    expect(d.line).toBeGreaterThan(100);
    expect(d.offset).toBe(Buffer.byteLength(body.split('\n').slice(0, d.line - 1).join('\n')) + 1);
    expect(d.message).toMatch(/^compressed data damaged from here on \(.+\): the rest of the file could not be read$/);
    expect(r.stderr).toMatch(/damaged-file: 1/);
    // The other file was scanned as usual.
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l)).some((a) => a.client === '198.51.100.7' && a.rule === 'burst')).toBe(true);

    // With CRLF line ends the offset is still the byte where the broken line starts.
    const crlf = body.replace(/\n/g, '\r\n');
    const crlfGz = gzipSync(crlf);
    writeFileSync(cut, crlfGz.subarray(0, Math.floor(crlfGz.length * 0.6)));
    await runCli(['scan', cut, '--stats', stats, '-q']);
    const [c] = JSON.parse(readFileSync(stats, 'utf8')).parse_errors_by_code['damaged-file'].examples;
    expect(c.offset).toBe(Buffer.byteLength(crlf.split('\r\n').slice(0, c.line - 1).join('\r\n')) + 2);

    // Damaged from its first bytes: one error at line 1, no crash.
    const junk = join(dir, 'junk.log.gz');
    writeFileSync(junk, Buffer.concat([whole.subarray(0, 20), Buffer.from('not deflate data at all\n'.repeat(50))]));
    const j = await runCli(['scan', junk, '--stats', stats, '-q']);
    expect(j.code).toBe(0);
    expect(JSON.parse(readFileSync(stats, 'utf8')).parse_errors_by_code['damaged-file'].examples[0]).toMatchObject({ line: 1, offset: 0 });
  });

  it('reads the logs of two gateway nodes side by side, as one timeline: a client spread over both is one burst', async () => {
    // An hour on each node; at 14:30 one client sends 10 requests to each node within 10 s (20 in all, over
    // the threshold of 15; 10 on either node alone is under it).
    const at = (ip: string, min: number, sec: number, path: string) =>
      `${ip} - - [10/Oct/2024:14:${String(min).padStart(2, '0')}:${String(sec).padStart(2, '0')} +0000] "GET ${path} HTTP/1.1" 200 10 "-" "Mozilla/5.0"`;
    const node = (n: number) => {
      const lines: string[] = [];
      for (let m = 0; m < 60; m++) {
        lines.push(at(`192.0.2.${n}`, m, 0, '/health'));
        if (m === 30) for (let k = 0; k < 10; k++) lines.push(at('203.0.113.50', 30, k, `/api/orders/${k}`));
        lines.push(at(`192.0.2.${n}`, m, 30, '/health'));
      }
      return lines.join('\n') + '\n';
    };
    const a = join(dir, 'node-a.log');
    const b = join(dir, 'node-b.log');
    writeFileSync(a, node(0));
    writeFileSync(b, node(1));
    const stats = join(dir, 'nodes.json');
    const both = await runCli(['scan', a, b, '--json', '-q', '--stats', stats]);
    const alerts = both.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const burst = alerts.find((x) => x.client === '203.0.113.50' && x.rule === 'burst');
    expect(burst).toMatchObject({ count: 20, first_seen: '2024-10-10T14:30:00.000Z', last_seen: '2024-10-10T14:30:09.000Z' });
    expect(burst.evidence.filter((e: string) => e.startsWith('0:')).length).toBeGreaterThan(0);
    expect(burst.evidence.filter((e: string) => e.startsWith('1:')).length).toBeGreaterThan(0);
    const s = JSON.parse(readFileSync(stats, 'utf8'));
    expect(s.sources.map((x: { events: number }) => x.events)).toEqual([130, 130]);
    // Each node alone: no burst.
    for (const one of [a, b]) expect((await runCli(['scan', one, '--json', '-q'])).stdout).not.toContain('"rule":"burst"');
  });

  it('--stats writes lines, events, parse errors, alerts and seconds as JSON', async () => {
    const statsFile = join(dir, 'stats.json');
    await runCli(['scan', log, '--quiet', '--stats', statsFile]);
    const s = JSON.parse(readFileSync(statsFile, 'utf8'));
    expect(s).toMatchObject({ lines: 22, events: 21, parse_errors: 1 });
    expect(s.alerts).toBeGreaterThanOrEqual(1);
    expect(typeof s.seconds).toBe('number');
    expect(s.parse_errors_by_code.unrecognized.examples[0].line).toBe(10);
  });

  it('--allow silences a client', async () => {
    const r = await runCli(['scan', log, '--json', '-q', '--allow', '198.51.100.0/24']);
    expect(r.stdout).toBe('');
  });

  it('--fail-on-alert exits 1 when something was found', async () => {
    expect((await runCli(['scan', log, '-q', '--fail-on-alert'])).code).toBe(1);
  });

  it('--since / --until detect only inside a log-time window and say how many events were left out', async () => {
    // The burst runs 13:55:10 to 13:55:14: from 13:55:13 on only 8 of its 20 requests remain, under the threshold.
    const late = await runCli(['scan', log, '--json', '--since', '2024-10-10T13:55:13Z', '--stats', join(dir, 'window.json')]);
    expect(late.code).toBe(0);
    expect(late.stdout).toBe('');
    expect(late.stderr).toMatch(/Outside the --since\/--until window: 13 events, not detected\./);
    const stats = JSON.parse(readFileSync(join(dir, 'window.json'), 'utf8'));
    expect(stats).toMatchObject({ lines: 22, events: 8, ignored: 13, parse_errors: 1, alerts: 0 });
    expect(stats.ignored_by_reason).toEqual({ 'outside-range': 13 });
    const whole = await runCli(['scan', log, '--json', '-q', '--since', '2024-10-10', '--until', '2024-10-11']);
    expect(whole.stdout.trim().split('\n').map((l) => JSON.parse(l).rule)).toEqual(['burst']);
  });

  it('--min-severity prints and fails on only alerts that bad, while the summary counts them all', async () => {
    // The burst alone is medium: above a 'high' floor nothing is left.
    const high = await runCli(['scan', log, '--json', '--min-severity', 'high', '--fail-on-alert']);
    expect(high.code).toBe(0);
    expect(high.stdout).toBe('');
    expect(high.stderr).toMatch(/alerts 1\./);
    expect(high.stderr).toMatch(/Shown: 0 alerts of severity high or worse/);
    const medium = await runCli(['scan', log, '--json', '-q', '--min-severity', 'medium', '--fail-on-alert']);
    expect(medium.code).toBe(1);
    expect(medium.stdout.trim().split('\n').map((l) => JSON.parse(l).rule)).toEqual(['burst']);
  });

  it.each([
    [['scan'], 2, /at least one log file/],
    [['scan', log, '--json', '--csv'], 2, /exclusive/],
    [['scan', log, '--format', 'syslog'], 2, /unknown --format/],
    [['scan', log, '--min-severity', 'severe'], 2, /--min-severity must be one of low, medium, high, critical/],
    [['scan', log, '--since', 'yesterday'], 2, /--since must be an ISO-8601 time/],
    [['scan', log, '--since', '2024-10-11', '--until', '2024-10-10'], 2, /--until must be later than --since/],
    [['scan', log, '--bogus'], 2, /Unknown option/],
    [['scan', log, '--export', 'iptables'], 2, /unknown --export 'iptables'; one of: block-list, nginx-deny, wso2-deny/],
    [['scan', log, '--export', 'block-list', '--json'], 2, /--export and --json are exclusive/],
    [['scan', join(dir, 'missing.log')], 3, /no such file/],
    [['frobnicate'], 2, /unknown command/],
  ])('%j exits %i with a clear message', async (args, code, message) => {
    const r = await runCli(args as string[]);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
  });

  it('a configuration file with a typo is reported, not ignored', async () => {
    const cfg = join(dir, 'bad.json');
    writeFileSync(cfg, JSON.stringify({ rules: { brust: { threshold: 3 } } }));
    const r = await runCli(['scan', log, '--config', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/brust/);
  });

  it('a configuration file can lower a threshold', async () => {
    const cfg = join(dir, 'low.json');
    writeFileSync(cfg, JSON.stringify({ rules: { burst: { threshold: 50 } } }));
    const r = await runCli(['scan', log, '--json', '-q', '--config', cfg]);
    expect(r.stdout).not.toContain('"rule":"burst"');
  });
});

describe('api-shield generate', () => {
  it('writes the log and its truth file, reproducibly', async () => {
    const a = join(dir, 'a.log');
    const b = join(dir, 'b.log');
    expect((await runCli(['generate', '--lines', '3000', '--seed', '5', '--out', a, '-q'])).code).toBe(0);
    await runCli(['generate', '--lines', '3000', '--seed', '5', '--out', b, '-q']);
    expect(readFileSync(a)).toEqual(readFileSync(b));
    expect(readFileSync(a, 'utf8').trimEnd().split('\n')).toHaveLength(3000);
    expect(readFileSync(join(dir, 'a.truth.csv'), 'utf8').split('\n')[0]).toBe('ip,attack_type,first_seen,last_seen,requests');
  });
});
