/** Alerts read back from the data directory (`api-shield alerts`): JSON records, the list table, one alert in full. */
import type { AlertDetail, AlertRow } from '../../electron/contract/types';
import { isoTime, utcSeconds } from './alert-records';
import { renderTable, type Column } from './table';

/** One stored alert in `alerts --json`: snake_case, ISO times (the documented record). */
export function storedAlertRecord(a: AlertRow): Record<string, unknown> {
  return {
    uid: a.uid, client: a.key, key_kind: a.keyKind, rule: a.rule, category: a.category, severity: a.severity,
    risk: a.risk, action: a.action, count: a.count, first_seen: isoTime(a.firstSeen), last_seen: isoTime(a.lastSeen),
    reason: a.reason, status: a.status, active: a.active, model_score: a.modelScore >= 0 ? a.modelScore : null,
    // Target alerts: the IPs they name, their block list (as `scan --json` writes it).
    ...(a.keyKind === 'target' ? { clients: a.clients } : {}),
  };
}

/** `alerts --show UID --json`: the alert, its evidence lines, its triage history and notes. */
export function alertDetailRecord(d: AlertDetail): Record<string, unknown> {
  return {
    ...storedAlertRecord(d.alert),
    evidence: d.evidence.map((l) => ({ source: l.path, line: l.line, offset: l.offset, raw: l.raw, origin: l.origin })),
    history: d.history.map((h) => ({ at: isoTime(h.at), who: h.who, from: h.from, to: h.to, reason: h.reason })),
    notes: d.notes.map((n) => ({ at: isoTime(n.at), who: n.who, text: n.text })),
  };
}


const COLUMNS: Column<AlertRow>[] = [
  { title: 'UID', get: (a) => String(a.uid), right: true },
  { title: 'SEVERITY', get: (a) => a.severity.toUpperCase() },
  { title: 'RISK', get: (a) => String(a.risk), right: true },
  { title: 'CLIENT', get: (a) => (a.keyKind === 'ip' ? a.key : `${a.keyKind}:${a.key}`), max: 40 },
  { title: 'RULE', get: (a) => a.rule, max: 28 },
  { title: 'EVENTS', get: (a) => String(a.count), right: true },
  { title: 'LAST SEEN (UTC)', get: (a) => utcSeconds(a.lastSeen) },
  { title: 'STATUS', get: (a) => a.status },
  { title: 'REASON', get: (a) => a.reason },
];

/** The list in the order given (the query's: most recent first), with the uid that `--show` takes. */
export function renderStoredAlerts(rows: readonly AlertRow[], width = 0): string {
  return rows.length ? renderTable(COLUMNS, rows, width) : 'No alerts.\n';
}

/** `alerts --show UID`: what the Alerts page's drawer shows, as text. */
export function renderAlertDetail(d: AlertDetail): string {
  const a = d.alert;
  const out: string[] = [
    `${a.severity.toUpperCase()} ${a.risk}  ${a.rule}  ${a.keyKind === 'ip' ? a.key : `${a.keyKind}:${a.key}`}  (alert ${a.uid}, ${a.status}${a.active ? ', active' : ''})`,
    a.reason,
    `${a.count.toLocaleString('en-US')} event(s), ${utcSeconds(a.firstSeen)} to ${utcSeconds(a.lastSeen)} UTC; suggested action: ${a.action}` +
      (a.modelScore >= 0 ? `; model probability ${a.modelScore.toFixed(2)}` : ''),
  ];
  if (a.clients.length) out.push(`Clients named (${a.clients.length}): ${a.clients.join(' ')}`);
  if (d.history.length) {
    out.push('', 'Triage:');
    for (const h of d.history) out.push(`  ${utcSeconds(h.at)}  ${h.who}: ${h.from} -> ${h.to}${h.reason ? ` (${h.reason})` : ''}`);
  }
  if (d.notes.length) {
    out.push('', 'Notes:');
    for (const n of d.notes) out.push(`  ${utcSeconds(n.at)}  ${n.who}: ${n.text}`);
  }
  out.push('', `Evidence (${d.evidence.length} line${d.evidence.length === 1 ? '' : 's'}):`);
  for (const l of d.evidence) {
    const where = `${l.path}:${l.line}`;
    if (l.raw === null) out.push(`  ${where}  (the line is gone: its file rotated away and no event was stored)`);
    else out.push(`  ${where}  ${l.raw}${l.origin === 'stored' ? '  [rebuilt from the stored event]' : ''}`);
  }
  return out.join('\n') + '\n';
}
