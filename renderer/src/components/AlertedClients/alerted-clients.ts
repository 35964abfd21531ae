import type { AlertRow, Severity } from '../../../../electron/contract/types';

const RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 };
const SHOWN = 20;

export interface AlertedClient {
  client: string;
  severity: Severity;
  alerts: number;
  lastSeen: number;
}

/** The client IPs of these alerts (newest first), each with its worst severity and alert count. */
export function alertedClients(rows: readonly AlertRow[], limit = SHOWN): AlertedClient[] {
  const by = new Map<string, AlertedClient>();
  for (const a of rows) {
    if (a.keyKind !== 'ip') continue;
    const c = by.get(a.key);
    if (!c) by.set(a.key, { client: a.key, severity: a.severity, alerts: 1, lastSeen: a.lastSeen });
    else {
      c.alerts++;
      if (RANK[a.severity] > RANK[c.severity]) c.severity = a.severity;
      if (a.lastSeen > c.lastSeen) c.lastSeen = a.lastSeen;
    }
  }
  return [...by.values()].sort((x, y) => y.lastSeen - x.lastSeen).slice(0, limit);
}
