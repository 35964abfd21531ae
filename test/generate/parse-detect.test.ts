/**
 * Generated logs through the project's real parsers (core/parse) and detector (core/detect) with default
 * settings: zero parse errors, and the acceptance criterion of the demo data — every injected attacker is
 * alerted and no benign client is.
 */
import { describe, expect, it } from 'vitest';
import type { Alert } from '@core/detect/alert';
import { defaultConfig } from '@core/detect/config';
import { Detector } from '@core/detect/detector';
import type { AccessEvent } from '@core/events/event';
import type { ParseError } from '@core/events/parse-error';
import { GENERATE_FORMATS, type AttackType, type GenerateFormat } from '@core/generate/index';
import { createParser } from '@core/parse/index';
import { generate } from './helpers';

interface Parsed {
  events: AccessEvent[];
  errors: ParseError[];
  ignored: number;
}

function parse(format: GenerateFormat, lines: string[]): Parsed {
  const out: Parsed = { events: [], errors: [], ignored: 0 };
  const parser = createParser(format);
  const sink = { event: (e: AccessEvent) => out.events.push(e), error: (e: ParseError) => out.errors.push(e), ignored: () => out.ignored++ };
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    parser.line(lines[i]!, i + 1, offset, sink);
    offset += lines[i]!.length + 1;
  }
  parser.end(sink);
  return out;
}

/** Attack types a format cannot show with the client IP and content: `apim_metrics.log` logs resource templates, not paths. */
const UNDETECTABLE: Record<GenerateFormat, AttackType[]> = {
  combined: [],
  haproxy: [],
  'aws-alb': [],
  w3c: [],
  'wso2-access': [],
  'wso2-metrics': ['content_probing', 'endpoint_scan'],
};

describe('generate → parse → detect', () => {
  for (const format of GENERATE_FORMATS) {
    const options = { lines: 100_000, seed: 77, format };

    it(`${format}: parses with zero errors, one event per client request, attackers' counts as in the truth file`, () => {
      const { lines, summary } = generate(options);
      const p = parse(format, lines);
      expect(p.errors.slice(0, 5)).toEqual([]);
      expect(p.events.length + p.ignored).toBeLessThanOrEqual(lines.length);
      expect(p.events.length).toBe(summary.requests);
      const perIp = new Map<string, number>();
      for (const e of p.events) perIp.set(e.client, (perIp.get(e.client) ?? 0) + 1);
      for (const r of summary.truth) expect(perIp.get(r.ip), `${r.ip} ${r.attackType}`).toBe(r.requests);
    });

    it(`${format}: default detection alerts every injected attacker and no benign client`, () => {
      const { lines, summary } = generate(options);
      const alerts = new Map<string, Alert>();
      const det = new Detector(defaultConfig(), { alert: (a) => void alerts.set(a.id, a) });
      for (const e of parse(format, lines).events) det.push(e);
      det.finish();
      const attackers = new Map(summary.truth.map((r) => [r.ip, r]));
      const alertedIps = new Set<string>();
      const falseAlarms: string[] = [];
      const targets: Alert[] = [];
      // Identities (application / user) that attackers used: only attackers' own requests carry them.
      const attackerIds = new Set<string>();
      for (const e of parse(format, lines).events) if (attackers.has(e.client)) attackerIds.add(e.application).add(e.user);
      for (const a of alerts.values()) {
        if (a.keyKind === 'ip') {
          if (attackers.has(a.key)) alertedIps.add(a.key);
          else falseAlarms.push(`${a.key} ${a.rule}: ${a.reason}`);
        } else if (a.keyKind === 'target') targets.push(a);
        else if (!attackerIds.has(a.key)) falseAlarms.push(`${a.keyKind} ${a.key} ${a.rule}: ${a.reason}`);
      }
      expect(falseAlarms.slice(0, 10)).toEqual([]);
      const missed = summary.truth.filter(
        (r) => r.attackType !== 'credential_stuffing_distributed' && !UNDETECTABLE[format].includes(r.attackType) && !alertedIps.has(r.ip),
      );
      expect(missed.map((r) => `${r.ip} ${r.attackType}`)).toEqual([]);
      // Distributed stuffing: each IP stays under the per-IP rules; the target rule must fire during every episode.
      const dist = summary.truth.filter((r) => r.attackType === 'credential_stuffing_distributed');
      for (const r of dist) {
        const covered = targets.some((a) => a.rule === 'distributed-stuffing' && a.firstSeen <= r.lastSeen + 60_000 && a.lastSeen >= r.firstSeen - 60_000);
        expect(covered, `${r.ip} distributed episode at ${new Date(r.firstSeen).toISOString()}`).toBe(true);
      }
      for (const a of targets) {
        const near = dist.some((r) => a.firstSeen <= r.lastSeen + 60_000 && a.lastSeen >= r.firstSeen - 60_000);
        expect(near, `target alert without an attack: ${a.key} ${a.reason}`).toBe(true);
      }
    });
  }
});
