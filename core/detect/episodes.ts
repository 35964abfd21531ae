/**
 * Alert episodes: one per (key, rule) while the activity lasts.
 *
 * A rule calls `hit` for every event while its condition holds. The first hit opens an episode (its count and
 * first-seen come from the window that tripped, and that window's events become the first evidence); later
 * hits extend it; `sweep` closes it once `quietGapMs` of log time pass with no hit, and a later hit opens a
 * new episode with a new id. The sink hears 'opened', then 'updated' only when the count has doubled or the
 * risk/severity changed, then 'closed' — so a million-event flood costs about twenty callbacks, not a million.
 * Risk is the key's current risk while open; the 'closed' record carries the highest risk the episode reached.
 */
import type { AccessEvent } from '../events/event';
import type { Alert, AlertSink, EvidenceRef, Severity } from './alert';
import type { DetectionConfig } from './config';
import type { KeyState } from './key-state';
import { actionFor, capRisk, maxSeverity, severityForRisk } from './risk';
import { RULES } from './rules/catalog';
import { detach } from './strings';
import { packRef, type RefVisitor } from './window';
import { crawlerName } from './content/classify';

/** Where an opening episode can read the events of its window from. */
export interface EvidenceSource {
  visit(fn: RefVisitor, max: number): void;
  oldest(): number;
}

/** A target alert names at most this many attacking clients (enough for a block list, bounded in memory). */
export const MAX_ALERT_CLIENTS = 1000;

const TWO32 = 4294967296;

export class Episode {
  count = 0;
  firstSeen = 0;
  lastSeen = 0;
  peak = 0;
  saturated = false;
  /** Evidence as packed refs: first N in order, then a ring of the latest N. */
  firstRefs: number[] = [];
  firstOffs: number[] = [];
  lastRefs: number[] = [];
  lastOffs: number[] = [];
  lastPos = 0;
  nextReport = 2;
  reportedRisk = -1;
  reportedSeverity: Severity | '' = '';
  /** Highest key risk seen while open: a closed alert reports the risk it reached, not what remained. */
  peakRisk = 0;
  /**
   * Target alerts only: the clients that took part, each with its IP key's state when it took part (kept:
   * the key may be dropped from its table before the episode closes), to tell bots from users (Episode.named).
   */
  clients: Map<string, KeyState | null> | null = null;
  /** Size the client list must reach before it is swept for users again (EpisodeBook.dropUsers). */
  nextClientSweep = 0;
  /** Size of the client list when the episode was last reported (a growing list is reported again). */
  reportedClients = 0;

  constructor(
    readonly id: string,
    readonly rule: number,
    readonly ks: KeyState,
    readonly weight: number,
    readonly minSeverity: Severity,
    readonly threshold: number,
    readonly windowMs: number,
    public detail: string,
  ) {}
}

/** Finds the tracked state of a client IP (the detector's IP table). */
export type ClientLookup = (ip: string) => KeyState | undefined;

export class EpisodeBook {
  private readonly openSet = new Set<Episode>();
  /** The open episodes that name clients (target rules): few, and asked about per flagged model window. */
  private readonly openNaming = new Set<Episode>();
  /** Set by the detector: resolves the clients of target alerts to their IP keys. */
  clientLookup: ClientLookup = () => undefined;
  private seq = 0;
  private readonly collect: RefVisitor;
  private collecting: Episode | null = null;

  constructor(
    private readonly cfg: DetectionConfig,
    private readonly sink: AlertSink,
  ) {
    this.collect = (_t, ref, off) => this.addRef(this.collecting!, ref, off);
  }

  /**
   * The rule's condition holds for event e of key ks. `windowCount` is the rule's current count (or distinct
   * count); `src` holds the window's events for the evidence of a new episode (null for single hits).
   * Target rules pass the client's IP key as `clientKs` (see Episode.clients).
   */
  hit(
    ks: KeyState,
    rule: number,
    t: number,
    e: AccessEvent,
    windowCount: number,
    saturated: boolean,
    threshold: number,
    windowMs: number,
    detail: string,
    src: EvidenceSource | null,
    clientKs: KeyState | null = null,
  ): void {
    const open = ks.open;
    if (open !== null) {
      for (let i = 0; i < open.length; i++) {
        const ep = open[i]!;
        if (ep.rule !== rule) continue;
        if (t - ep.lastSeen > quietGap(this.cfg, ep)) {
          this.close(ep);
          break;
        }
        ep.count++;
        ep.lastSeen = t;
        if (windowCount > ep.peak) ep.peak = windowCount;
        if (saturated) ep.saturated = true;
        this.addRef(ep, packRef(e.source, e.line), e.offset);
        if (ep.clients !== null) this.addClient(ep, e.client, clientKs ?? undefined);
        // The list is what the analyst blocks: report it again once it has grown by a quarter.
        if (ep.count >= ep.nextReport || (ep.clients !== null && ep.clients.size >= ep.reportedClients * 1.25 + 4)) {
          if (ep.count >= ep.nextReport) ep.nextReport = ep.count * 2;
          this.report(ep, 'updated');
        }
        return;
      }
    }
    this.openEpisode(ks, rule, t, e, windowCount, saturated, threshold, windowMs, detail, src, clientKs);
  }

  private openEpisode(
    ks: KeyState,
    rule: number,
    t: number,
    e: AccessEvent,
    windowCount: number,
    saturated: boolean,
    threshold: number,
    windowMs: number,
    detail: string,
    src: EvidenceSource | null,
    clientKs: KeyState | null,
  ): void {
    const spec = RULES[rule]!;
    const rc = this.cfg.rules[spec.id];
    const id = `${spec.id}:${ks.kind}:${ks.key}:${++this.seq}`;
    // Alerts outlive the input (the CLI prints them at the end): nothing in them may be a slice of a slab.
    const ep = new Episode(id, rule, ks, rc.weight, rc.minSeverity, threshold, windowMs, detach(detail));
    ep.count = windowCount > 0 ? windowCount : 1;
    ep.peak = windowCount;
    ep.saturated = saturated;
    ep.lastSeen = t;
    ep.firstSeen = src !== null ? Math.min(src.oldest(), t) : t;
    if (src !== null) {
      this.collecting = ep;
      src.visit(this.collect, 1 << 30);
      this.collecting = null;
    } else this.addRef(ep, packRef(e.source, e.line), e.offset);
    if (ks.kind === 'target') {
      ep.clients = new Map();
      this.addClient(ep, e.client, clientKs ?? undefined);
      this.addWindowClients(ep, ks);
    }
    if (ep.nextReport <= ep.count) ep.nextReport = ep.count * 2;
    (ks.open ??= []).push(ep);
    ks.riskSum += ep.weight;
    this.openSet.add(ep);
    if (ep.clients !== null) this.openNaming.add(ep);
    this.report(ep, 'opened');
    this.refreshKey(ks, ep);
  }

  /**
   * A client whose attempt against target key `ks` did not fail (e.g. a stuffing bot that found a valid
   * password) at time t takes part in the target's open `rule` episode, if there is one.
   */
  participate(ks: KeyState, rule: number, t: number, client: string, clientKs: KeyState | null): void {
    const open = ks.open;
    if (open === null) return;
    for (let i = 0; i < open.length; i++) {
      const ep = open[i]!;
      // Amid the failures only: a login long after them is not the attack's, and one just before the episode
      // closes could not show yet that its client goes on to use the API.
      if (ep.rule === rule && t - ep.lastSeen <= this.cfg.quietGapMs) this.addClient(ep, client, clientKs ?? undefined);
    }
  }

  /**
   * Every client in target key `ks`'s windows takes part in its open `rule` episode: called when the count
   * climbs back over the threshold while the episode is still open (a second wave of the same attack).
   */
  participateAll(ks: KeyState, rule: number): void {
    const open = ks.open;
    if (open === null) return;
    for (let i = 0; i < open.length; i++) if (open[i]!.rule === rule) this.addWindowClients(open[i]!, ks);
  }

  private addWindowClients(ep: Episode, ks: KeyState): void {
    const add = (ip: string, tag: unknown) => this.addClient(ep, ip, tag as KeyState | undefined);
    ks.x?.targetIps?.forEach(add);
    ks.x?.targetTried?.forEach(add);
  }

  /** `clientKs`: the client's IP key when it took part, if known (else looked up now). */
  private addClient(ep: Episode, client: string, clientKs?: KeyState): void {
    const m = ep.clients!;
    if (m.get(client) != null) return;
    if (m.size >= MAX_ALERT_CLIENTS && !m.has(client) && !this.dropUsers(ep)) return;
    m.set(m.has(client) ? client : detach(client), clientKs ?? this.clientLookup(client) ?? null);
  }

  /**
   * Makes room in a full client list by dropping the clients that turned out to be users (see named): during
   * a long attack on a busy login endpoint, users logging in would otherwise fill the list before the bots.
   * Returns whether there is room now.
   */
  private dropUsers(ep: Episode): boolean {
    if (ep.clients!.size < ep.nextClientSweep) return false; // the last sweep freed little: not again yet
    for (const [ip, then] of ep.clients!) {
      if (then?.mixed === true || this.clientLookup(ip)?.mixed === true) ep.clients!.delete(ip);
    }
    ep.nextClientSweep = ep.clients!.size + MAX_ALERT_CLIENTS / 10;
    return ep.clients!.size < MAX_ALERT_CLIENTS;
  }

  /** The clients a target alert names: those that did nothing but attempt the target (see KeyState.mixed). */
  private named(ep: Episode): string[] {
    const out: string[] = [];
    for (const [ip, then] of ep.clients!) {
      if (then?.mixed === true || this.clientLookup(ip)?.mixed === true) continue;
      out.push(ip);
    }
    return out;
  }

  /** Closes episodes quiet for longer than the gap. Called on the detector's maintenance tick. */
  sweep(now: number): void {
    for (const ep of this.openSet) if (now - ep.lastSeen > quietGap(this.cfg, ep)) this.close(ep);
  }

  /** End of input: every episode closes at once, so no 'updated' for risk that drops as the others close. */
  closeAll(): void {
    for (const ep of this.openSet) this.close(ep, false);
  }

  openAlerts(): Alert[] {
    return [...this.openSet].map((ep) => this.snapshot(ep));
  }

  /**
   * Whether an open target episode names `client` among its attackers (as its alert will, see named), before
   * the alert has reported it: the list is reported again only as it grows by a quarter.
   */
  names(client: string): boolean {
    for (const ep of this.openNaming) {
      const clients = ep.clients!;
      if (!clients.has(client)) continue;
      if (clients.get(client)?.mixed !== true && this.clientLookup(client)?.mixed !== true) return true;
    }
    return false;
  }

  get openCount(): number {
    return this.openSet.size;
  }

  private close(ep: Episode, refresh = true): void {
    const ks = ep.ks;
    this.openSet.delete(ep);
    this.openNaming.delete(ep);
    const open = ks.open!;
    open.splice(open.indexOf(ep), 1);
    if (open.length === 0) ks.open = null;
    this.sink.alert(this.snapshot(ep, true), 'closed');
    ks.riskSum -= ep.weight;
    if (refresh) this.refreshKey(ks, null);
  }

  /** Risk is per key: when an episode opens or closes, the key's other open alerts change risk too. */
  private refreshKey(ks: KeyState, except: Episode | null): void {
    if (ks.open === null) return;
    for (const other of ks.open) {
      if (other === except) continue;
      if (this.riskOf(other) !== other.reportedRisk || this.severityOf(other) !== other.reportedSeverity) {
        this.report(other, 'updated');
      }
    }
  }

  private riskOf(ep: Episode): number {
    return capRisk(ep.ks.riskSum);
  }

  private severityOf(ep: Episode): Severity {
    return maxSeverity(severityForRisk(this.riskOf(ep), this.cfg.severityBands), ep.minSeverity);
  }

  private report(ep: Episode, change: 'opened' | 'updated'): void {
    if (ep.clients !== null) ep.reportedClients = ep.clients.size;
    this.sink.alert(this.snapshot(ep), change);
  }

  private addRef(ep: Episode, ref: number, off: number): void {
    if (ep.firstRefs.length < this.cfg.evidenceFirst) {
      ep.firstRefs.push(ref);
      ep.firstOffs.push(off);
      return;
    }
    const n = this.cfg.evidenceLatest;
    if (n === 0) return;
    if (ep.lastRefs.length < n) {
      ep.lastRefs.push(ref);
      ep.lastOffs.push(off);
    } else {
      ep.lastRefs[ep.lastPos] = ref;
      ep.lastOffs[ep.lastPos] = off;
      ep.lastPos = ep.lastPos + 1 === n ? 0 : ep.lastPos + 1;
    }
  }

  private snapshot(ep: Episode, closing = false): Alert {
    const spec = RULES[ep.rule]!;
    const current = this.riskOf(ep);
    if (current > ep.peakRisk) ep.peakRisk = current;
    const risk = closing ? ep.peakRisk : current;
    const severity = maxSeverity(severityForRisk(risk, this.cfg.severityBands), ep.minSeverity);
    ep.reportedRisk = current;
    ep.reportedSeverity = this.severityOf(ep);
    const evidence: EvidenceRef[] = [];
    const push = (ref: number, offset: number) =>
      evidence.push({ source: Math.floor(ref / TWO32), line: ref % TWO32, offset });
    for (let i = 0; i < ep.firstRefs.length; i++) push(ep.firstRefs[i]!, ep.firstOffs[i]!);
    const n = ep.lastRefs.length;
    for (let k = 0; k < n; k++) {
      const i = n < this.cfg.evidenceLatest ? k : (ep.lastPos + k) % n;
      push(ep.lastRefs[i]!, ep.lastOffs[i]!);
    }
    return {
      id: ep.id,
      key: ep.ks.key,
      keyKind: ep.ks.kind,
      rule: spec.id,
      category: spec.category,
      severity,
      risk,
      action: actionFor(severity),
      count: ep.count,
      firstSeen: ep.firstSeen,
      lastSeen: ep.lastSeen,
      reason:
        spec.reason({
          key: ep.ks.key,
          keyKind: ep.ks.kind,
          peak: ep.peak,
          saturated: ep.saturated,
          count: ep.count,
          threshold: ep.threshold,
          windowMs: ep.windowMs,
          detail: ep.detail,
        }) + agentNote(ep.ks),
      evidence,
      ...(ep.clients !== null ? { clients: this.named(ep) } : {}),
      modelScore: -1,
    };
  }
}

/**
 * A client whose user agent names a well-known crawler: a fast crawl of a site trips scan and burst, and the
 * analyst's first question is whether it is Googlebot. Said, not vouched for (see CRAWLER).
 */
function agentNote(ks: KeyState): string {
  if (ks.kind !== 'ip') return '';
  const name = crawlerName(ks.ua);
  return name === '' ? '' : `; its user agent claims to be ${name} (not verified)`;
}

/**
 * An episode lasts while its rule's window can still hold matching activity: a 10 s rule closes after the
 * configured quiet gap, a 15-minute low-and-slow rule only after 15 quiet minutes (otherwise each slow attempt
 * would reopen an overlapping alert).
 */
function quietGap(cfg: DetectionConfig, ep: Episode): number {
  return Math.max(cfg.quietGapMs, ep.windowMs);
}
