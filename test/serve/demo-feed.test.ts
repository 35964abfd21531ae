import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/detect/config';
import { scanFiles } from '../../core/pipeline/scan-files';
import { DemoFeed, isAttackerAddress, readdress, rewriteLine } from '../../electron/serve/demo-feed';

const dir = mkdtempSync(join(tmpdir(), 'api-shield-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('demo feed', () => {
  it('rewrites time to the wall clock and re-addresses benign clients only', () => {
    const wall = Date.UTC(2026, 0, 2, 3, 4, 5);
    const benign = '24.1.2.3 - - [03/Jun/2024:00:00:02 +0000] "GET /health HTTP/1.1" 200 49 "-" "x"';
    const attacker = '45.6.7.8 - - [03/Jun/2024:00:00:02 +0000] "GET /.env HTTP/1.1" 404 9 "-" "x"';
    expect(rewriteLine(benign, wall)).toMatch(/^\d+\.\d+\.\d+\.\d+ - - \[02\/Jan\/2026:03:04:05 \+0000\] "GET \/health/);
    expect(rewriteLine(benign, wall).startsWith('24.1.2.3 ')).toBe(false);
    expect(rewriteLine(attacker, wall).startsWith('45.6.7.8 - - [02/Jan/2026:03:04:05 +0000]')).toBe(true);
    expect(isAttackerAddress(readdress('24.1.2.3', 7))).toBe(false);
    expect(readdress('24.1.2.3', 7)).toBe(readdress('24.1.2.3', 7));
  });

  it('appends at the configured rate, with attacks alerted and benign clients (almost) never', async () => {
    let now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const file = join(dir, 'demo', 'demo-access.log');
    const feed = new DemoFeed({ file, linesPerSecond: 200, seed: 5, now: () => now });
    for (let i = 0; i < 4 * 90; i++) {
      now += 250;
      feed.pump(now);
    }
    expect(feed.written).toBe(200 * 90);
    const lines = readFileSync(file, 'latin1').trimEnd().split('\n');
    expect(lines).toHaveLength(200 * 90);
    const { alerts, stats } = await scanFiles({ paths: [file], config: defaultConfig() });
    expect(stats.parse_errors).toBe(0);
    const ipAlerts = alerts.filter((a) => a.keyKind === 'ip');
    const attackerAlerts = ipAlerts.filter((a) => isAttackerAddress(a.key));
    const benignAlerts = ipAlerts.filter((a) => !isAttackerAddress(a.key));
    expect(attackerAlerts.length).toBeGreaterThan(5);
    expect(benignAlerts.length).toBeLessThanOrEqual(Math.max(2, attackerAlerts.length / 10));
  });
});
