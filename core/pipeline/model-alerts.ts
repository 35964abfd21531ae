import type { Alert, AlertChange, AlertSink, EvidenceRef, Severity } from '../detect/alert';
import type { AccessEvent } from '../events/event';
import { FEATURE_NAMES } from '../model/features';
import type { ForestModel } from '../model/model-file';
import { actionFor, WindowScorer, type FeatureDriver, type WindowScore } from '../model/scoring';
import { ScoredWindows } from './scored-windows';

/** Windows kept per model episode to decide, at the end of a scan, whether a rule covered all of them. */
const WINDOWS_PER_EPISODE = 64;
/** Live use: log time between sweeps that close quiet model episodes and forget old windows. */
const SWEEP_MS = 1_000;
const FORGET_MS = 3_600_000;
/**
 * A model episode resting only on thin windows (see thin) waits this long (log time) for its client to show
 * it is a person: one failed login, or one POST from a client never seen before, looks the same from a
 * stuffing bot and from a user who mistyped a password or just opened the app; but the user then goes on to
 * use the API (see ModelAlerter.push) and the bot does not.
 */
export const CONFIRM_MS = 60_000;
const I_REQUESTS = FEATURE_NAMES.indexOf('requests');
/** Content signals: a window showing any of these is evidence in itself, never thin. */
const I_CONTENT = (['ratioTraversal', 'ratioSqli', 'ratioXss', 'ratioSensitiveFile', 'ratioExploitProbe', 'ratioAdminPath', 'ratioScannerUserAgent'] as const).map(
  (n) => FEATURE_NAMES.indexOf(n),
);

/** A window of at most three requests with no content signal: the model judges it by context alone. */
function thin(f: number[]): boolean {
  if (f[I_REQUESTS]! > 3) return false;
  for (const i of I_CONTENT) if (f[i]! > 0) return false;
  return true;
}

/** An alert the model has scored: its probability in modelScore, and the features that drove it. */
export interface ModelScoredAlert extends Alert {
  modelFeatures?: FeatureDriver[];
}

interface Span {
  first: number;
  last: number;
  /** Live: the rule episode is still open, so it covers the client's windows until it closes. */
  open: boolean;
}

interface ModelEpisode {
  alert: ModelScoredAlert;
  windows: number;
  starts: number[];
  ends: number[];
  /** Resting on thin windows: not reported until this log time (0 = confirmed). */
  confirmAt: number;
  /** Closed while unconfirmed: reported opened and closed at once when confirmed. */
  closedEarly: boolean;
}

export interface ModelAlerterOptions {
  /** Default: the model's own threshold. */
  threshold?: number;
  /**
   * Live use (the engine): model alerts are reported as they open, grow and close (an episode closes once
   * log time passes its last window by quietGapMs), and flagged windows a rule alert already covers (see
   * ruleAlert) raise none. Without a sink (scan) they are returned by finish().
   */
  sink?: AlertSink;
  /** Episode numbers continue from here (alert ids must stay unique when a new model takes over mid-run). */
  episodeBase?: number;
  /**
   * Live: whether an open rule alert names the client though it has not reported it yet (Detector.namesClient:
   * a distributed-stuffing alert reports its growing list of bots only in steps). Such a client's flagged
   * windows raise no model alert of their own: the bots are in the rule alert already.
   */
  namedByRule?: (client: string) => boolean;
}

/**
 * Runs the model beside the rules: every (client, 10 s window) is scored; windows at or above the model's
 * threshold where no rule fired become alerts of their own (rule 'model', one episode per client while
 * flagged windows keep coming), and rule alerts on a client get the best probability of that client's
 * windows they overlap, with the features that drove it.
 */
export class ModelAlerter {
  readonly scorer: WindowScorer;
  readonly threshold: number;
  private readonly sink: AlertSink | null;
  private readonly namedByRule: (client: string) => boolean;
  private readonly remembered = new ScoredWindows();
  private readonly open = new Map<string, ModelEpisode>();
  private readonly done: ModelEpisode[] = [];
  /** Unconfirmed episodes by client (see CONFIRM_MS). */
  private readonly pending = new Map<string, ModelEpisode>();
  /** client -> time spans of the rule alerts naming it (shared records, grown as the alerts update). */
  private readonly ruleCover = new Map<string, Span[]>();
  /** Rule alert id -> its span, how many of its `clients` are registered, when it was last annotated (log time). */
  private readonly ruleSeen = new Map<string, { span: Span; named: number; annotatedAt: number }>();
  private episodes = 0;

  /** Model episodes opened so far (plus episodeBase). */
  get episodeCount(): number {
    return this.episodes;
  }
  private watermark = -Infinity;
  private nextSweep = -Infinity;
  private nextForget = -Infinity;

  constructor(
    private readonly model: ForestModel,
    private readonly quietGapMs: number,
    opts: ModelAlerterOptions | number = {},
  ) {
    const o = typeof opts === 'number' ? { threshold: opts } : opts;
    this.threshold = o.threshold ?? model.threshold;
    this.sink = o.sink ?? null;
    this.namedByRule = o.namedByRule ?? (() => false);
    this.episodes = o.episodeBase ?? 0;
    this.scorer = new WindowScorer(model, (s) => this.onScore(s));
  }

  push(e: AccessEvent): void {
    this.scorer.push(e); // may close the client's previous window, and so make its episode pending
    if (this.pending.size > 0) {
      const ep = this.pending.get(e.client);
      // A successful request other than a login attempt: a person using the API, not a bot.
      if (ep !== undefined && e.status > 0 && e.status < 400 && e.method !== 'POST') this.discard(ep);
    }
    if (e.time > this.watermark) this.tick(e.time);
  }

  /** Log time moved on without an event (live idle): closes windows and quiet episodes. */
  advance(time: number): void {
    this.scorer.advance(time);
    if (time > this.watermark) this.tick(time);
  }

  private tick(time: number): void {
    this.watermark = time;
    if (time < this.nextSweep) return;
    this.nextSweep = time + SWEEP_MS;
    for (const ep of this.pending.values()) if (ep.confirmAt <= time) this.confirm(ep);
    if (this.sink === null) return;
    for (const ep of this.open.values()) if (ep.alert.lastSeen + this.quietGapMs < time) this.close(ep);
    if (time < this.nextForget) return;
    this.nextForget = time + FORGET_MS / 4;
    const horizon = time - FORGET_MS;
    this.remembered.forget(horizon);
    for (const [client, list] of this.ruleCover) {
      const keep = list.filter((span) => span.open || span.last >= horizon);
      if (keep.length === 0) this.ruleCover.delete(client);
      else if (keep.length < list.length) this.ruleCover.set(client, keep);
    }
    for (const [id, seen] of this.ruleSeen) if (seen.annotatedAt < horizon) this.ruleSeen.delete(id);
  }

  /**
   * A rule alert opened, grew or closed (live): remembers which clients it covers, so their flagged windows
   * raise no model alert of their own, and annotates it with the model's probability and drivers (at most
   * once per window length of log time while it grows).
   */
  ruleAlert(a: Alert, change: AlertChange): void {
    if (a.category === 'model') return;
    // Detectors may hand over a fresh object per change: the span is kept here, not read from the object later.
    let s = this.ruleSeen.get(a.id);
    const named = a.clients?.length ?? 0;
    if (!s) {
      s = { span: { first: a.firstSeen, last: a.lastSeen, open: change !== 'closed' }, named, annotatedAt: -Infinity };
      this.ruleSeen.set(a.id, s);
      if (a.keyKind === 'ip') this.cover(a.key, s.span);
      for (let i = 0; i < named; i++) this.cover(a.clients![i]!, s.span);
    } else {
      s.span.first = Math.min(s.span.first, a.firstSeen);
      s.span.last = Math.max(s.span.last, a.lastSeen);
      if (change === 'closed') s.span.open = false;
      for (let i = s.named; i < named; i++) this.cover(a.clients![i]!, s.span);
      s.named = Math.max(s.named, named);
    }
    if (change !== 'updated' || a.lastSeen - s.annotatedAt >= this.model.windowMs) {
      s.annotatedAt = a.lastSeen;
      this.annotate(a, true);
    }
    if (change === 'closed') this.ruleSeen.delete(a.id);
  }

  private cover(client: string, span: Span): void {
    const list = this.ruleCover.get(client);
    if (!list) this.ruleCover.set(client, [span]);
    else if (!list.includes(span)) list.push(span);
  }

  private covered(client: string, start: number, end: number): boolean {
    const list = this.ruleCover.get(client);
    if (!list) return false;
    for (const s of list) if (s.first <= end && (s.last >= start || s.open)) return true;
    return false;
  }

  private onScore(s: WindowScore): void {
    this.remembered.add(s);
    if (s.probability < this.threshold) return;
    if (this.sink && (this.covered(s.client, s.start, s.end) || this.namedByRule(s.client))) return;
    const ep = this.open.get(s.client);
    if (ep && s.start - ep.alert.lastSeen <= this.quietGapMs) {
      this.extend(ep, s);
      if (ep.confirmAt !== 0) {
        // More thin windows: wait on; anything more than that confirms the episode.
        if (thin(s.features)) ep.confirmAt = s.end + CONFIRM_MS;
        else this.confirm(ep);
      } else this.sink?.alert(ep.alert, 'updated');
      return;
    }
    if (ep) this.close(ep);
    const waits = thin(s.features);
    const fresh: ModelEpisode = {
      alert: this.newAlert(s),
      windows: 1,
      starts: [s.start],
      ends: [s.end],
      confirmAt: waits ? s.end + CONFIRM_MS : 0,
      closedEarly: false,
    };
    this.open.set(s.client, fresh);
    if (waits) this.pending.set(s.client, fresh);
    else this.sink?.alert(fresh.alert, 'opened');
  }

  private close(ep: ModelEpisode): void {
    if (this.open.get(ep.alert.key) === ep) this.open.delete(ep.alert.key);
    if (ep.confirmAt !== 0) ep.closedEarly = true;
    else if (this.sink) this.sink.alert(ep.alert, 'closed');
    else this.done.push(ep);
  }

  /** The client did nothing to show it is a person in time (or showed more than failed logins): report it. */
  private confirm(ep: ModelEpisode): void {
    const c = ep.alert.key;
    // Live, a rule may have fired on the client while the episode waited: then it raises no model alert.
    const covered = ep.starts.length === ep.windows && ep.starts.every((st, i) => this.covered(c, st, ep.ends[i]!));
    if (this.sink && (covered || this.namedByRule(c))) {
      this.discard(ep);
      return;
    }
    this.pending.delete(c);
    ep.confirmAt = 0;
    this.sink?.alert(ep.alert, 'opened');
    if (ep.closedEarly) this.close(ep);
  }

  /** The client turned out to be a person: its unconfirmed episode is dropped unreported. */
  private discard(ep: ModelEpisode): void {
    this.pending.delete(ep.alert.key);
    if (this.open.get(ep.alert.key) === ep) this.open.delete(ep.alert.key);
  }

  private newAlert(s: WindowScore): ModelScoredAlert {
    const a: ModelScoredAlert = {
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
      evidence: windowEvidence(s), // copies: the scorer reuses its objects
      modelScore: s.probability,
    };
    this.describe(a, s);
    return a;
  }

  private extend(ep: ModelEpisode, s: WindowScore): void {
    const a = ep.alert;
    ep.windows++;
    if (ep.starts.length < WINDOWS_PER_EPISODE) {
      ep.starts.push(s.start);
      ep.ends.push(s.end);
    }
    a.count += s.requests;
    a.lastSeen = Math.max(a.lastSeen, s.end);
    if (a.evidence.length < 20) a.evidence.push(...windowEvidence(s));
    else a.evidence[a.evidence.length - 1] = { ...s.last };
    if (s.probability > a.modelScore) {
      a.modelScore = s.probability;
      this.describe(a, s);
    }
  }

  /** Risk and action follow the prototype's probability ladder; the reason names the window's telling figures. */
  private describe(a: ModelScoredAlert, s: WindowScore): void {
    a.risk = Math.round(s.probability * 100);
    a.action = actionFor(s.probability);
    if (a.action === 'allow') a.action = 'rate-limit-and-monitor';
    a.severity = severityOf(s.probability);
    a.modelFeatures = this.scorer.explain(s.features);
    const drivers = a.modelFeatures.slice(0, 3).map((d) => d.feature);
    a.reason =
      `model probability ${s.probability.toFixed(2)} for a 10 s window from ${s.client}: ${telling(s.features)}` +
      (drivers.length ? `; driven by ${drivers.join(', ')}` : '');
  }

  /**
   * Sets a rule alert's modelScore (and modelFeatures) to the best probability of the client's windows it
   * overlaps; live, the client's still-open window counts too.
   */
  private annotate(a: ModelScoredAlert, withOpen: boolean): void {
    if (a.keyKind !== 'ip') return;
    let { best, features } = this.remembered.best(a.key, a.firstSeen, a.lastSeen);
    if (withOpen) {
      const f = this.scorer.openFeatures(a.key);
      const p = f ? this.scorer.peek(a.key) : -1;
      if (f && p > best) {
        best = p;
        features = f;
      }
    }
    a.modelScore = best;
    a.modelFeatures = features ? this.scorer.explain(features) : [];
  }

  /**
   * End of input. Scan (no sink): closes open episodes, drops model episodes whose every window a rule alert
   * on the same client covers, annotates the rule alerts in place and returns the model alerts. Live: flushes
   * the windows and reports the remaining episodes closed; returns [].
   */
  finish(ruleAlerts: readonly Alert[] = []): ModelScoredAlert[] {
    this.scorer.flush();
    // End of input: episodes still waiting for their client to show it is a person are confirmed.
    for (const ep of [...this.pending.values()]) this.confirm(ep);
    for (const ep of [...this.open.values()]) this.close(ep);
    if (this.sink) return [];
    for (const a of ruleAlerts) {
      if (a.category === 'model') continue;
      const span = { first: a.firstSeen, last: a.lastSeen, open: false };
      if (a.keyKind === 'ip') this.cover(a.key, span);
      for (const c of a.clients ?? []) this.cover(c, span);
    }
    const out: ModelScoredAlert[] = [];
    for (const ep of this.done) {
      const c = ep.alert.key;
      const allCovered = ep.starts.length === ep.windows && ep.starts.every((s, i) => this.covered(c, s, ep.ends[i]!));
      if (!allCovered) out.push(ep.alert);
    }
    for (const a of ruleAlerts) this.annotate(a, false);
    return out;
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
  ['endpointFailingClients', 'clients failing on the endpoint', (v) => String(v)],
];

function pctOf(v: number): string {
  return `${Math.round(v * 100)}%`;
}

function telling(features: number[]): string {
  const parts: string[] = [];
  for (const [name, label, fmt] of SHOWN) {
    const v = features[FEATURE_NAMES.indexOf(name as (typeof FEATURE_NAMES)[number])]!;
    if (v > 0 || name === 'requests') parts.push(`${label} ${fmt(v)}`);
  }
  return parts.join(', ');
}

export type { EvidenceRef, FeatureDriver };

/** A window's first and last lines as evidence: one line when the window has one request. */
function windowEvidence(s: WindowScore): EvidenceRef[] {
  const same = s.first.source === s.last.source && s.first.offset === s.last.offset;
  return same ? [{ ...s.first }] : [{ ...s.first }, { ...s.last }];
}
