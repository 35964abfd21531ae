/**
 * Risk, severity and suggested action.
 *
 * Risk of a key = sum of the weights of the rules with an open episode for that key, capped at 100
 * (burst 40 + scan 35 + auth-abuse 25 = 100, as in the prototype). Severity bands on risk (defaults):
 * ≥80 critical, ≥50 high, ≥30 medium, else low — so one behaviour rule alone is medium (burst 40, scan 35)
 * or low (auth-abuse 25), and two together are high. A rule's `minSeverity` raises its own alerts (webshell
 * and CVE probes are at least high). Action follows severity: critical → block-and-revoke,
 * high → throttle-and-step-up, medium and low → rate-limit-and-monitor.
 */
import type { Action, Severity } from './alert';
import type { DetectionConfig } from './config';

export const RISK_CAP = 100;

const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export function capRisk(sum: number): number {
  return sum > RISK_CAP ? RISK_CAP : sum < 0 ? 0 : sum;
}

export function severityForRisk(risk: number, bands: DetectionConfig['severityBands']): Severity {
  if (risk >= bands.critical) return 'critical';
  if (risk >= bands.high) return 'high';
  if (risk >= bands.medium) return 'medium';
  return 'low';
}

export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

/** Whether `s` is `floor` or worse. */
export function atLeast(s: Severity, floor: Severity): boolean {
  return RANK[s] >= RANK[floor];
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return RANK[a] >= RANK[b] ? a : b;
}

export function actionFor(severity: Severity): Action {
  switch (severity) {
    case 'critical':
      return 'block-and-revoke';
    case 'high':
      return 'throttle-and-step-up';
    default:
      return 'rate-limit-and-monitor';
  }
}
