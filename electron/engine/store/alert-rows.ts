import type { EvidenceRef } from '../../../core/detect/alert';
import type { Action, AlertRow, FeatureDriver, KeyKind, Severity, TriageStatus } from '../../contract/types';

/** An `alerts` row as SQLite returns it. */
export interface AlertDbRow {
  uid: number;
  run_id: number;
  alert_id: string;
  key: string;
  key_kind: string;
  rule: string;
  category: string;
  severity: string;
  severity_rank: number;
  risk: number;
  action: string;
  count: number;
  first_seen: number;
  last_seen: number;
  reason: string;
  evidence: string;
  model_score: number;
  model_features: string;
  clients: string;
  status: string;
  active: number;
  updated_at: number;
}

/** The columns are only ever written from typed values, so the narrowing casts below are sound. */
export function alertRowFrom(r: AlertDbRow): AlertRow {
  return {
    uid: r.uid,
    alertId: r.alert_id,
    key: r.key,
    keyKind: r.key_kind as KeyKind,
    rule: r.rule,
    category: r.category,
    severity: r.severity as Severity,
    risk: r.risk,
    action: r.action as Action,
    count: r.count,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    reason: r.reason,
    modelScore: r.model_score,
    modelFeatures: driversFrom(r.model_features),
    clients: clientsFrom(r.clients),
    status: r.status as TriageStatus,
    active: r.active === 1,
    updatedAt: r.updated_at,
  };
}

function driversFrom(text: string | undefined): FeatureDriver[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? (v as FeatureDriver[]) : [];
  } catch {
    return [];
  }
}

function clientsFrom(text: string | undefined): string[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function evidenceFrom(r: AlertDbRow): EvidenceRef[] {
  try {
    const v: unknown = JSON.parse(r.evidence);
    if (!Array.isArray(v)) return [];
    return v.filter(
      (x): x is EvidenceRef =>
        typeof x === 'object' && x !== null && typeof x.source === 'number' && typeof x.line === 'number' && typeof x.offset === 'number',
    );
  } catch {
    return [];
  }
}
