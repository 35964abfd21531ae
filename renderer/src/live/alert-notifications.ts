/**
 * Which desktop notifications a batch of newly opened alerts deserves. Pure (no DOM): the hook in
 * useAlertNotifications.ts shows them. An analyst watching a gateway from the desk wants to hear about a
 * serious alert while the window is behind another, but not a hundred notifications when an import opens a
 * hundred alerts at once: beyond a few, one summary.
 */
import type { AlertRow, Severity } from '../../../electron/contract/types';

export type NotifyLevel = 'off' | 'high' | 'critical';
export const NOTIFY_LEVELS: readonly NotifyLevel[] = ['off', 'high', 'critical'];

export interface AlertNotice {
  title: string;
  body: string;
  /** The alert to open when the notice is clicked (null: a summary; the Alerts page opens). */
  uid: number | null;
  /** Replaces an earlier notice with the same tag rather than stacking another. */
  tag: string;
}

/** At most this many notices per batch; more alerts make one summary. */
export const MAX_SINGLE_NOTICES = 3;

const RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 };

export function noticesFor(opened: readonly AlertRow[], level: NotifyLevel): AlertNotice[] {
  if (level === 'off') return [];
  const min = level === 'critical' ? RANK.critical : RANK.high;
  const worthy = opened.filter((a) => RANK[a.severity] >= min).sort((a, b) => RANK[b.severity] - RANK[a.severity] || b.risk - a.risk);
  if (worthy.length === 0) return [];
  if (worthy.length <= MAX_SINGLE_NOTICES) {
    return worthy.map((a) => ({
      title: `${a.severity.toUpperCase()} · ${a.rule} · ${a.key}`,
      body: a.reason,
      uid: a.uid,
      tag: `alert-${a.uid}`,
    }));
  }
  const critical = worthy.filter((a) => a.severity === 'critical').length;
  const parts = [critical > 0 ? `${critical} critical` : '', worthy.length - critical > 0 ? `${worthy.length - critical} high` : ''];
  // One attacker tripping several rules at once is the common burst: name it rather than repeat it.
  const oneKey = worthy.every((a) => a.key === worthy[0]!.key) ? worthy[0]!.key : null;
  const shown = worthy.slice(0, MAX_SINGLE_NOTICES).map((a) => (oneKey === null ? `${a.rule} · ${a.key}` : a.rule));
  return [
    {
      title: `${worthy.length} new alerts${oneKey === null ? '' : ` on ${oneKey}`} (${parts.filter(Boolean).join(', ')})`,
      body: shown.concat(worthy.length > MAX_SINGLE_NOTICES ? ['…'] : []).join('\n'),
      uid: null,
      tag: 'alerts-summary',
    },
  ];
}
