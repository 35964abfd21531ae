import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/detect/config';
import { ATTACKER_FIRST_OCTETS } from '../../core/generate/ip-space';
import { scanFiles } from '../../core/pipeline/scan-files';
import { parseClfTime } from '../../core/parse/clf-time';
import { DemoFeed, shiftLineTime } from '../../electron/serve/demo-feed';

const dir = mkdtempSync(join(tmpdir(), 'api-shield-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const attacker = (ip: string) => ATTACKER_FIRST_OCTETS.includes(Number(ip.split('.')[0]));
const timeOf = (line: string) => {
  const b = line.indexOf('[');
  return parseClfTime(line, b + 1, line.indexOf(']', b));
};

describe('demo feed', () => {
  it('moves a line to another time and leaves the rest of it alone', () => {
    const line = '24.1.2.3 - - [03/Jun/2024:14:00:02 +0000] "GET /health HTTP/1.1" 200 49 "-" "x"';
    expect(shiftLineTime(line, 86_400_000 + 3_000)).toBe('24.1.2.3 - - [04/Jun/2024:14:00:05 +0000] "GET /health HTTP/1.1" 200 49 "-" "x"');
  });

  it('writes in real time: each line once the clock reaches it, at about the asked rate, attacks alerted, no benign client', async () => {
    const start = Date.UTC(2026, 0, 1, 3, 0, 0); // night on the wall clock: the feed still runs at its busy hour
    let now = start;
    const file = join(dir, 'demo', 'demo-access.log');
    const feed = new DemoFeed({ file, linesPerSecond: 20, seed: 5, now: () => now });
    let late = 0;
    for (let i = 0; i < 4 * 600; i++) {
      now += 250;
      feed.pump(now);
    }
    const lines = readFileSync(file, 'latin1').trimEnd().split('\n');
    expect(lines).toHaveLength(feed.written);
    expect(feed.written / 600).toBeGreaterThan(10);
    expect(feed.written / 600).toBeLessThan(40);
    let prev = start - 1000;
    for (const l of lines) {
      const t = timeOf(l);
      if (t < prev) late++;
      prev = t;
      expect(t).toBeGreaterThanOrEqual(start - 1000);
      expect(t).toBeLessThanOrEqual(now);
    }
    expect(late).toBe(0);

    const { alerts, stats } = await scanFiles({ paths: [file], config: defaultConfig() });
    expect(stats.parse_errors).toBe(0);
    const ipAlerts = alerts.filter((a) => a.keyKind === 'ip');
    expect(ipAlerts.filter((a) => attacker(a.key)).length).toBeGreaterThan(3);
    expect(ipAlerts.filter((a) => !attacker(a.key)).map((a) => `${a.key} ${a.rule}`)).toEqual([]);
  });

  it('starts afresh at the wall clock after a long pause instead of catching up', () => {
    let now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const feed = new DemoFeed({ file: join(dir, 'pause.log'), linesPerSecond: 20, seed: 6, now: () => now });
    for (let i = 0; i < 40; i++) feed.pump((now += 250));
    const before = feed.written;
    now += 3_600_000; // the laptop slept for an hour
    feed.pump(now);
    expect(feed.written - before).toBeLessThan(200);
  });
});
