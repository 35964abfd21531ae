import { describe, expect, it } from 'vitest';
import { ATTACK_TYPES, GENERATE_FORMATS, parseTruthCsv, truthCsv, TRUTH_HEADER } from '@core/generate/index';
import { generate, groupBy, readRequests } from './helpers';

describe('generate: ground truth matches the log', () => {
  for (const format of GENERATE_FORMATS) {
    it(`${format}: every truth row is exactly the IP's requests in the log, in its time range`, () => {
      const { lines, summary } = generate({ lines: 60_000, seed: 21, format });
      const byIp = groupBy(readRequests(format, lines), (r) => r.ip);
      expect(summary.truth.length).toBeGreaterThan(0);
      const seen = new Set<string>();
      for (const row of summary.truth) {
        expect(seen.has(row.ip), `${row.ip} listed twice`).toBe(false);
        seen.add(row.ip);
        const reqs = byIp.get(row.ip) ?? [];
        expect(reqs.length, `${row.ip} ${row.attackType}`).toBe(row.requests);
        const times = reqs.map((r) => r.time);
        expect(Math.min(...times)).toBe(row.firstSeen);
        expect(Math.max(...times)).toBe(row.lastSeen);
        expect(row.lastSeen).toBeGreaterThanOrEqual(row.firstSeen);
      }
      const perType: Record<string, number> = {};
      for (const r of summary.truth) perType[r.attackType] = (perType[r.attackType] ?? 0) + 1;
      expect(summary.attackersByType).toEqual(perType);
      expect(summary.lines).toBe(60_000);
    });
  }

  it('the CSV has the documented header, ISO-8601 UTC times, and round-trips', () => {
    const { summary } = generate({ lines: 60_000, seed: 21, format: 'combined' });
    const csv = truthCsv(summary.truth);
    const rows = csv.trimEnd().split('\n');
    expect(rows[0]).toBe(TRUTH_HEADER);
    expect(TRUTH_HEADER).toBe('ip,attack_type,first_seen,last_seen,requests');
    for (const r of rows.slice(1)) {
      expect(r).toMatch(/^[0-9a-f.:]+,[a-z_]+,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z,\d+$/);
      expect(ATTACK_TYPES).toContain(r.split(',')[1]);
    }
    expect(parseTruthCsv(csv)).toEqual(summary.truth);
    // One row per attacker IP per episode, in order of first appearance.
    for (let i = 1; i < summary.truth.length; i++) expect(summary.truth[i]!.firstSeen).toBeGreaterThanOrEqual(summary.truth[i - 1]!.firstSeen);
  });

  it('attacker addresses never appear as benign clients (an IP in the truth file sends only attack requests)', () => {
    const { lines, summary } = generate({ lines: 60_000, seed: 21, format: 'combined' });
    const attackers = new Map(summary.truth.map((r) => [r.ip, r]));
    let attackLines = 0;
    for (const r of readRequests('combined', lines)) if (attackers.has(r.ip)) attackLines++;
    expect(attackLines).toBe(summary.truth.reduce((n, r) => n + r.requests, 0));
    expect(attackLines).toBe(summary.attackRequests);
  });
});
