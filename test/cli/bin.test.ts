import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'api-shield-bin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin/api-shield.js'), ...args], { encoding: 'utf8' });

describe('the installed api-shield command (built bundle, as npx runs it)', () => {
  it('is built', () => {
    expect(existsSync(join(root, 'out/cli/index.js')), 'run `npm run build:cli` (npm test does)').toBe(true);
  });

  it('generates, then scans with the worker-free pipeline, end to end in a real process', () => {
    const log = join(dir, 'demo.log');
    expect(cli('generate', '--lines', '20000', '--seed', '3', '--out', log, '-q').status).toBe(0);
    const r = cli('scan', log, '--json', '-q');
    expect(r.status).toBe(0);
    const alerts = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(alerts.length).toBeGreaterThan(0);
    expect(new Set(alerts.map((a) => a.rule)).has('burst')).toBe(true);
  });

  it('scans standard input (-), plain or gzip-compressed, with the same alerts as the file', () => {
    const log = join(dir, 'piped.log');
    expect(cli('generate', '--lines', '20000', '--seed', '4', '--format', 'haproxy', '--out', log, '-q').status).toBe(0);
    const fromFile = cli('scan', log, '--json', '-q');
    const alerts = fromFile.stdout.trim().split('\n').sort();
    expect(alerts.length).toBeGreaterThan(10);
    const piped = spawnSync(process.execPath, [join(root, 'bin/api-shield.js'), 'scan', '-', '--json', '-q'], { input: readFileSync(log), encoding: 'utf8' });
    expect(piped.status).toBe(0);
    expect(piped.stdout.trim().split('\n').sort()).toEqual(alerts);
    const gz = spawnSync(process.execPath, [join(root, 'bin/api-shield.js'), 'scan', '-', '--stats', join(dir, 'gz.json')], {
      input: gzipSync(readFileSync(log)),
      encoding: 'utf8',
    });
    expect(gz.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'gz.json'), 'utf8'))).toMatchObject({ lines: 20_000, events: 20_000, alerts: alerts.length });
    expect(cli('scan', '-', '-').status).toBe(2);
    // A gzip pipe cut short: the lines before the cut are scanned and the cut is reported, no crash.
    const whole = gzipSync(readFileSync(log));
    const cut = spawnSync(process.execPath, [join(root, 'bin/api-shield.js'), 'scan', '-', '--stats', join(dir, 'cut.json'), '-q'], {
      input: whole.subarray(0, whole.length >> 1),
      encoding: 'utf8',
    });
    expect([cut.status, cut.stderr]).toEqual([0, '']);
    const stats = JSON.parse(readFileSync(join(dir, 'cut.json'), 'utf8'));
    expect(stats.events).toBeGreaterThan(1000);
    expect(stats.parse_errors_by_code['damaged-file']).toMatchObject({ count: 1, examples: [{ line: stats.events + 1 }] });
    // Cut within its first lines (before the format is even known): the same, at line 1.
    const early = spawnSync(process.execPath, [join(root, 'bin/api-shield.js'), 'scan', '-', '--stats', join(dir, 'early.json'), '-q'], {
      input: whole.subarray(0, 20),
      encoding: 'utf8',
    });
    expect([early.status, early.stderr]).toEqual([0, '']);
    expect(JSON.parse(readFileSync(join(dir, 'early.json'), 'utf8')).parse_errors_by_code['damaged-file'].examples[0]).toMatchObject({ line: 1, offset: 0 });
  });

  it('stops quietly when the reader of its output goes away (| head)', async () => {
    const log = join(dir, 'head.log');
    expect(cli('generate', '--lines', '100000', '--seed', '5', '--out', log, '-q').status).toBe(0);
    const child = spawn(process.execPath, [join(root, 'bin/api-shield.js'), 'scan', log, '--json', '-q'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Read the first alert, then close the pipe as `head -1` does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('prints help listing every command', () => {
    const r = cli('--help');
    for (const c of ['scan', 'generate', 'watch', 'import', 'alerts', 'events', 'stats', 'train', 'evaluate']) expect(r.stdout).toContain(`  ${c}`);
  });

  it("prints each command's help with its values filled in and every format listed", () => {
    const r = cli('scan', '--help');
    expect(r.stdout).toContain('the 500 most severe alerts');
    expect(r.stdout).toContain('haproxy');
    expect(r.stdout).not.toContain('${');
  });
});
