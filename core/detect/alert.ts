/** Alerts are episodes: one per (key, rule) while the activity lasts, not one per log row. */
export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** Suggested mitigations, strongest first (the prototype's ladder). */
export type Action = 'block-and-revoke' | 'throttle-and-step-up' | 'rate-limit-and-monitor' | 'allow';

/** What the alert is keyed on: the client IP by default, consumer identities where the log has them. */
export type KeyKind = 'ip' | 'application' | 'user' | 'api-key' | 'target';

export interface EvidenceRef {
  source: number;
  line: number;
  offset: number;
}

export interface Alert {
  /** Stable within a run: `${rule}:${keyKind}:${key}:${n}`. */
  id: string;
  key: string;
  keyKind: KeyKind;
  rule: string;
  /** Rule family for charts and filters: burst, scan, enumeration, auth, content, model. */
  category: string;
  severity: Severity;
  /** 0..100 */
  risk: number;
  action: Action;
  /** Events that matched the rule during the episode. */
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** One sentence with the numbers that tripped the rule. */
  reason: string;
  /** Line references of evidence (bounded: the first and the latest matches). */
  evidence: EvidenceRef[];
  /**
   * For alerts keyed on a target (distributed credential stuffing): every client IP that failed against the
   * target during the episode (bounded), so the analyst can block them — after review, since a legitimate
   * user who mistyped a password during the attack is listed too. Absent for per-client alerts.
   */
  clients?: string[];
  /** Model probability (0..1) where a model scored this alert; -1 if none. */
  modelScore: number;
}

export type AlertChange = 'opened' | 'updated' | 'closed';

export interface AlertSink {
  alert(a: Alert, change: AlertChange): void;
}
