/**
 * The acceptance check of the detection pipeline: on a generated log, `scan` alerts every injected attacker
 * and no benign client, in every format the generator writes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/detect/config';
import { generateToFiles } from '../../core/generate/write-files';
import type { GenerateFormat } from '../../core/generate/types';
import { scanFiles } from '../../core/pipeline/scan-files';

const dir = mkdtempSync(join(tmpdir(), 'api-shield-accept-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CASES: Array<{ format: GenerateFormat; lines: number; seed: number }> = [
  { format: 'combined', lines: 200_000, seed: 11 },
  { format: 'haproxy', lines: 120_000, seed: 14 },
  { format: 'aws-alb', lines: 120_000, seed: 15 },
  { format: 'w3c', lines: 120_000, seed: 16 },
  { format: 'wso2-access', lines: 120_000, seed: 12 },
  { format: 'wso2-metrics', lines: 100_000, seed: 13 },
];

describe.each(CASES)('scan of a generated $format log ($lines lines, seed $seed)', ({ format, lines, seed }) => {
  it('alerts every injected attacker and no benign client', async () => {
    const out = join(dir, `gen-${format}.log`);
    const gen = await generateToFiles({ out, lines, seed, format });
    const { alerts, stats } = await scanFiles({ paths: [out], config: defaultConfig() });

    expect(stats.lines).toBe(lines);
    expect(stats.parse_errors).toBe(0);

    const attackers = new Map<string, Set<string>>();
    for (const row of gen.truth) {
      if (!attackers.has(row.ip)) attackers.set(row.ip, new Set());
      attackers.get(row.ip)!.add(row.attackType);
    }
    const alertedIps = new Set(alerts.filter((a) => a.keyKind === 'ip').map((a) => a.key));
    const falsePositives = [...alertedIps].filter((ip) => !attackers.has(ip));

    // Distributed stuffing stays under every per-IP threshold by design: it is caught on its target, and
    // the target alert must name the attacking IPs so they can be blocked.
    const targetAlerts = alerts.filter((a) => a.keyKind === 'target');
    const covered = (ip: string, types: Set<string>) =>
      alertedIps.has(ip) ||
      (types.has('credential_stuffing_distributed') && targetAlerts.some((a) => (a.clients ?? []).includes(ip)));
    const missed = [...attackers].filter(([ip, types]) => !covered(ip, types)).map(([ip, t]) => `${ip} (${[...t]})`);
    // A target alert's client list is a block list: a user who merely mistyped a password must not be on it.
    const benignNamed = [...new Set(targetAlerts.flatMap((a) => a.clients ?? []))].filter((ip) => !attackers.has(ip));

    console.log(
      `${format}: ${lines} lines, ${attackers.size} attacker IPs, ${alertedIps.size} IPs alerted, ` +
        `${targetAlerts.length} target alerts, missed ${missed.length}, false positives ${falsePositives.length}, ` +
        `benign IPs named by target alerts ${benignNamed.length}`,
    );
    expect(falsePositives).toEqual([]);
    expect(benignNamed).toEqual([]);
    // Known gaps, kept visible rather than hidden. apim_metrics.log carries neither the paths of unknown
    // endpoints nor payloads, so scans and content probes are barely visible in that format. And a bot of a
    // distributed attack whose only attempt succeeded before the attack built up (fewer than a tenth of the
    // endpoint threshold of other attacking IPs had started within the window) looks exactly like a user
    // logging in: successes are remembered from the build-up on, since remembering every successful login
    // cost scans a fifth of their speed. Everything else must be found, including distributed-stuffing IPs
    // whose only attempt succeeded once the attack was under way.
    const rule = defaultConfig().rules['distributed-stuffing'];
    const distributed = gen.truth.filter((r) => r.attackType === 'credential_stuffing_distributed');
    const beforeBuildUp = (ip: string) => {
      const row = distributed.find((r) => r.ip === ip);
      if (!row || row.requests !== 1) return false;
      const earlier = distributed.filter((r) => r.ip !== ip && r.firstSeen < row.firstSeen && r.firstSeen >= row.firstSeen - rule.windowMs);
      return earlier.length * 10 < rule.endpointThreshold;
    };
    const tolerated = (entry: string) =>
      (format === 'wso2-metrics' && /\((endpoint_scan|content_probing)\)$/.test(entry)) ||
      (/\(credential_stuffing_distributed\)$/.test(entry) && beforeBuildUp(entry.split(' ')[0]!));
    expect(missed.filter((m) => !tolerated(m))).toEqual([]);
    expect(missed.length).toBeLessThanOrEqual(Math.ceil(attackers.size * 0.01));
  });
});
