import type { Alert, EvidenceRef, Severity } from '../detect/alert';
import type { AccessEvent } from '../events/event';
import { FEATURE_NAMES } from '../model/features';
import type { ForestModel } from '../model/model-file';
import { actionFor, WindowScorer, type WindowScore } from '../model/scoring';

/** Scored windows remembered per client to annotate rule alerts: only those worth showing, and a bounded few. */
const REMEMBER_FLOOR = 0.1;
const REMEMBER_PER_CLIENT = 32;

interface Remembered {
  start: number[];
  end: number[];
  p: number[];
}

interface ModelEpisode {
  alert: Alert;
  windows: number;
}

/**
 * Runs the model beside the rules during a scan: every (client, 10 s window) is scored; windows at or above
 * the model's threshold become alerts of their own (rule 'model', one episode per client while flagged
 * windows keep coming), and rule alerts get the best probability of that client's windows they overlap.
 */
export class ModelAlerter {
  private readonly scorer: WindowScorer;
  private readonly remembered = new Map<string, Remembered>();
  private readonly open = new Map<string, ModelEpisode>();
  private readonly done: Alert[] = [];
  private episodes = 0;

  constructor(
    private readonly model: ForestModel,
    private readonly quietGapMs: number,
    private readonly threshold = model.threshold,
  ) {
    this.scorer = new WindowScorer(model, (s) => this.onScore(s));
  }

  push(e: AccessEvent): void {
    this.scorer.push(e);
  }

  private onScore(s: WindowScore): void {
    if (s.probability >= REMEMBER_FLOOR) this.remember(s);
    if (s.probability < this.threshold) return;
    const ep = this.open.get(s.client);
    if (ep && s.start - ep.alert.lastSeen <= this.quietGapMs) {
      this.extend(ep, s);
      return;
    }
    if (ep) this.done.push(ep.alert);
    this.open.set(s.client, { alert: this.newAlert(s), windows: 1 });
  }

  private remember(s: WindowScore): void {
    let r = this.remembered.get(s.client);
    if (!r) this.remembered.set(s.client, (r = { start: [], end: [], p: [] }));
    if (r.p.length >= REMEMBER_PER_CLIENT) {
      // Keep the strongest windows: drop the weakest one if this is stronger.
      let weakest = 0;
      for (let i = 1; i < r.p.length; i++) if (r.p[i] < r.p[weakest]) weakest = i;
      if (r.p[weakest] >= s.probability) return;
      r.start.splice(weakest, 1);
      r.end.splice(weakest, 1);
      r.p.splice(weakest, 1);
    }
    r.start.push(s.start);
    r.end.push(s.end);
    r.p.push(s.probability);
  }

  private newAlert(s: WindowScore): Alert {
    const a: Alert = {
      id: `model:ip:${s.client}:${++this.episodes}`,
      key: s.client,
      keyKind: 'ip',
      rule: 'model',
      category: 'model',
      severity: 'low',
      risk: 0,
      action: 'allow',
      count: s.requests,
      firstSeen: s.start,
      lastSeen: s.end,
      reason: '',
      evidence: [s.first, s.last],
      modelScore: s.probability,
    };
    this.describe(a, s);
    return a;
  }

  private extend(ep: ModelEpisode, s: WindowScore): void {
    const a = ep.alert;
    ep.windows++;
    a.count += s.requests;
    a.lastSeen = Math.max(a.lastSeen, s.end);
    if (a.evidence.length < 20) a.evidence.push(s.first, s.last);
    else a.evidence[a.evidence.length - 1] = s.last;
    if (s.probability > a.modelScore) {
      a.modelScore = s.probability;
      this.describe(a, s);
    }
  }

  /** Risk and action follow the prototype's probability ladder; the reason names the window's telling figures. */
  private describe(a: Alert, s: WindowScore): void {
    a.risk = Math.round(s.probability * 100);
    a.action = actionFor(s.probability);
    if (a.action === 'allow') a.action = 'rate-limit-and-monitor';
    a.severity = severityOf(s.probability);
    a.reason = `model probability ${s.probability.toFixed(2)} for a 10 s window from ${s.client}: ${telling(s.features)}`;
  }

  /** Closes open episodes and returns every model alert; then annotates rule alerts in place. */
  finish(ruleAlerts: Alert[]): Alert[] {
    this.scorer.flush();
    for (const ep of this.open.values()) this.done.push(ep.alert);
    this.open.clear();
    for (const a of ruleAlerts) {
      if (a.keyKind !== 'ip') continue;
      a.modelScore = Math.max(0, this.bestOverlap(a.key, a.firstSeen, a.lastSeen));
    }
    return this.done;
  }

  private bestOverlap(client: string, from: number, to: number): number {
    const r = this.remembered.get(client);
    let best = 0;
    if (!r) return best;
    for (let i = 0; i < r.p.length; i++) if (r.start[i] <= to && r.end[i] >= from && r.p[i] > best) best = r.p[i];
    return best;
  }
}

function severityOf(p: number): Severity {
  return p >= 0.95 ? 'high' : p >= 0.85 ? 'medium' : 'low';
}

const SHOWN: Array<[string, string, (v: number) => string]> = [
  ['requests', 'requests', (v) => String(v)],
  ['distinctTemplates', 'endpoints', (v) => String(v)],
  ['ratio404', '404', pctOf],
  ['ratioAuthFailure', 'auth failures', pctOf],
  ['ratioScannerUserAgent', 'scanner UA', pctOf],
  ['ratioSqli', 'SQLi', pctOf],
  ['ratioTraversal', 'traversal', pctOf],
];

function pctOf(v: number): string {
  return `${Math.round(v * 100)}%`;
}

function telling(features: number[]): string {
  const parts: string[] = [];
  for (const [name, label, fmt] of SHOWN) {
    const v = features[FEATURE_NAMES.indexOf(name as (typeof FEATURE_NAMES)[number])];
    if (v > 0 || name === 'requests') parts.push(`${label} ${fmt(v)}`);
  }
  return parts.join(', ');
}

export type { EvidenceRef };
