/**
 * The detector: events in, alert episodes out.
 *
 * Time is LOG time only (event.time): replaying a file and tailing it live feed the same events in the same
 * order and so produce the same alerts. Events a little out of order are counted at the newest time seen
 * (the watermark); a jump back by more than `maxBackwardJumpMs` starts a new timeline.
 *
 * `push` is the hot path (≥1M events/s): per event it does one character scan of the path (no raw-path
 * cache: see path-info.ts), one Map lookup per key, a few window updates on small arrays, and a character
 * scan of the query; regexes only run once per distinct template / user agent or when the query contains
 * suspicious characters.
 */
import type { AccessEvent } from '../events/event';
import type { Alert, AlertSink, KeyKind } from './alert';
import { Allowlist } from './allowlist';
import { BoundedCache } from './bounded-cache';
import type { DetectionConfig } from './config';
import * as classify from './content/classify';
import * as content from './content/rules';
import * as signatures from './content/signatures';
import { EpisodeBook } from './episodes';
import type { KeyState } from './key-state';
import { KeyTable } from './key-table';
import { PathInfos, type PathFacts } from './path-info';
import * as record from './record';
import { RecordSource } from './record-windows';
import type { RuleContext } from './rules/context';
import * as dos from './rules/dos';
import * as enumerationRule from './rules/enumeration';
import * as scan from './rules/scan';
import * as target from './rules/target';
import * as volume from './rules/volume';
import { detach } from './strings';
import * as win from './window';

// Imported values are bound to module constants once: under Vite's module transform (vitest) every
// read of an imported binding is a getter call, which the per-event code would pay on each use.
const { classifyQuery, classifyUserAgent, F_BAD_VERSION, F_PROTOCOL, F_PROXY, F_WP_LOGIN, isProtocolProbe } = classify;
const { contentRules } = content;
const { VALID_PROTOCOLS } = signatures;
const { FIRST_HASH, FIRST_ID_NUM, FIRST_OFF, FIRST_REF, FIRST_T, LAST_OFF, LAST_REF, LAST_SEEN } = record;
const { cacheBypass, uaSwitching } = dos;
const { enumeration } = enumerationRule;
const { isCrawlMethod, scanRules } = scan;
const { attemptSucceeded, distributedStuffing, wordpressBotnet } = target;
const { assetFlood, authFailure, burst } = volume;
const { packRef } = win;

/** Maintenance (closing quiet episodes, rotating key generations) runs once per second of log time. */
const TICK_MS = 1000;
/** Rules whose windows outlive a key generation; their state is kept through `keepUntil`. */
const LONG_RULES = new Set(['slow-scan', 'low-slow-stuffing', 'distributed-stuffing', 'wordpress-botnet']);

/**
 * Reads one value from the record of a client and from those of its identity keys, and the identity keys'
 * text (compared next). Called ahead of the rules so that these cache misses overlap with the client's
 * rules instead of stalling the identity rules after them (see push).
 */
function warm(ks: KeyState): number {
  let v = ks[LAST_SEEN]!;
  const a = ks.appKs;
  if (a !== null) v += a[LAST_SEEN]! + a.key.length;
  const u = ks.userKs;
  if (u !== null) v += u[LAST_SEEN]! + u.key.length;
  return v;
}

interface UaInfo {
  /** A flat copy shared by every client with this user agent: compares against it stay in cache. */
  ua: string;
  flags: number;
}

export class Detector {
  private readonly cfg: DetectionConfig;
  private readonly book: EpisodeBook;
  private readonly ctx: RuleContext;
  private readonly allow: Allowlist;
  private readonly paths = new PathInfos();
  private readonly uaCache = new BoundedCache<UaInfo>(20_000);
  private readonly ips: KeyTable;
  private readonly apps: KeyTable;
  private readonly users: KeyTable;
  private readonly targets: KeyTable;
  /** WordPress login endpoints under a botnet's attempts (see wordpressBotnet). */
  private readonly wpLogins: KeyTable;
  private readonly ignoredIds: Set<string>;
  private watermark = -Infinity;
  private nextTick = -Infinity;
  /** Sink for warm(): the loads must have a use. */
  private warm = 0;

  constructor(config: DetectionConfig, sink: AlertSink) {
    this.cfg = config;
    this.book = new EpisodeBook(config, sink);
    this.ctx = { cfg: config, book: this.book, src: new RecordSource() };
    this.allow = new Allowlist(config.allowlist);
    let genMs = 10_000;
    for (const [id, r] of Object.entries(config.rules)) {
      if (!LONG_RULES.has(id) && r.windowMs > genMs) genMs = r.windowMs;
    }
    const table = (kind: KeyKind) => new KeyTable(kind, genMs, config.maxTrackedKeys);
    this.ips = table('ip');
    this.apps = table('application');
    this.users = table('user');
    this.targets = table('target');
    this.wpLogins = table('target');
    this.book.clientLookup = (ip) => this.ips.peek(ip);
    this.ignoredIds = new Set(['']);
    for (const v of config.identityKeys.ignoredValues) {
      this.ignoredIds.add(v).add(v.toLowerCase()).add(v.toUpperCase());
    }
  }

  push(e: AccessEvent): void {
    let t = e.time;
    if (t >= this.watermark) this.watermark = t;
    else if (t === t && this.watermark - t > this.cfg.maxBackwardJumpMs) this.newTimeline(t);
    else t = this.watermark;
    if (t >= this.nextTick) this.tick(t);
    if (this.allow.active && this.allow.matches(e)) return;

    const ref = packRef(e.source, e.line);
    const status = e.status;
    const authFail = e.kind === 'auth-failure' || status === 401 || status === 403;
    const rules = this.cfg.rules;

    // The key lookup comes first and the path scan (pure computation) second, so that the scan runs while
    // the key's state is still on its way from memory; `warm` starts the loads of this client's identity keys
    // for the same reason (detection is memory-bound: see record.ts).
    const ks = e.client !== '' ? this.ips.get(e.client, t) : null;
    if (ks !== null) this.warm = warm(ks);
    const pf = this.paths.describe(e.path);
    if (ks !== null) {
      this.ipRules(ks, e, t, ref, pf, authFail);
      ks[LAST_SEEN] = t;
      ks[LAST_REF] = ref;
      ks[LAST_OFF] = e.offset;
    }
    const ids = this.cfg.identityKeys;
    const app = e.application;
    if (ids.application && app !== '') {
      let aks = ks !== null ? ks.appKs : null;
      if (aks === null || aks.key !== app || !this.apps.isCurrent(aks)) {
        aks = this.ignoredIds.has(app) ? null : this.apps.get(app, t);
        if (ks !== null) ks.appKs = aks;
      }
      if (aks !== null) this.identityRules(aks, e, t, ref, authFail);
    }
    let user = e.user;
    if (user !== '') {
      let uks = ks !== null ? ks.userKs : null;
      if (uks === null || uks.key !== user || !this.users.isCurrent(uks)) {
        // The user is also the target of distributed stuffing, which runs even when user keys are off.
        if (this.ignoredIds.has(user)) user = '';
        uks = ids.user && user !== '' ? this.users.get(user, t) : null;
        if (ks !== null) ks.userKs = uks;
      }
      if (uks !== null) this.identityRules(uks, e, t, ref, authFail);
    }
    if (rules['distributed-stuffing'].enabled) {
      if (authFail) distributedStuffing(this.ctx, this.targets, e, t, ref, pf, user, ks);
      else if (pf.tmpl.target !== null && e.kind === 'request') attemptSucceeded(this.ctx, e, t, ref, pf, ks);
    }
    if ((pf.tmpl.flags & F_WP_LOGIN) !== 0 && e.method === 'POST' && rules['wordpress-botnet'].enabled) {
      wordpressBotnet(this.ctx, this.wpLogins, e, t, ref, pf, ks);
    }
  }

  /** Closes every open episode (end of input). The detector stays usable. */
  finish(): void {
    this.book.closeAll();
  }

  openAlerts(): Alert[] {
    return this.book.openAlerts();
  }

  /** Whether an open distributed-stuffing episode names this client among its attackers (reported or not yet). */
  namesClient(client: string): boolean {
    return this.book.names(client);
  }

  /** Tracked keys per kind (for memory checks and diagnostics). */
  trackedKeys(): Record<'ip' | 'application' | 'user' | 'target', number> {
    return { ip: this.ips.size, application: this.apps.size, user: this.users.size, target: this.targets.size + this.wpLogins.size };
  }

  private ipRules(ks: KeyState, e: AccessEvent, t: number, ref: number, pf: PathFacts, authFail: boolean): void {
    const ctx = this.ctx;
    const rules = this.cfg.rules;
    if (e.kind === 'request') {
      if (++ks.reqCount === 1) {
        ks[FIRST_T] = t;
        ks[FIRST_REF] = ref;
        ks[FIRST_OFF] = e.offset;
        ks[FIRST_HASH] = pf.hash;
        ks[FIRST_ID_NUM] = pf.idNum;
        ks.firstTmpl = pf.tmpl;
        ks.firstHasId = pf.hasId;
        ks.firstCrawl = isCrawlMethod(e.method);
      } else if (pf.tmpl !== ks.firstTmpl && !ks.mixed && pf.tmpl.template !== ks.firstTmpl?.template) ks.mixed = true;
      const b = rules.burst;
      if (!pf.tmpl.isStatic || b.countStaticAssets) {
        if (b.enabled) burst(ctx, ks, e, t, ref, b.threshold, !b.countStaticAssets);
      } else if (rules['asset-flood'].enabled) assetFlood(ctx, ks, e, t, ref);
      scanRules(ctx, ks, e, t, ref, pf);
      if (pf.hasId && rules.enumeration.enabled) enumeration(ctx, ks, e, t, ref, pf);
      if (e.query !== '' && rules['dos-cache-bypass'].enabled) cacheBypass(ctx, ks, e, t, ref, pf);
    }

    const ua = e.userAgent;
    if (ua !== ks.ua) {
      const info = this.uaInfo(ua);
      const previous = ks.ua;
      ks.ua = info.ua;
      ks.uaFlags = info.flags;
      if (previous !== '\u0000' && ua !== '' && ua !== '-' && rules['dos-ua-switching'].enabled) {
        uaSwitching(ctx, ks, e, t, ref, previous);
      }
    }

    let flags = pf.tmpl.flags | ks.uaFlags;
    if (e.query !== '') flags |= classifyQuery(e.query);
    if (e.method === 'CONNECT') flags |= F_PROXY;
    else if (isProtocolProbe(e.method, e.path)) flags |= F_PROTOCOL;
    const proto = e.protocol;
    if (proto !== '' && proto !== 'HTTP/1.1' && proto !== 'HTTP/2.0' && !VALID_PROTOCOLS.has(proto)) flags |= F_BAD_VERSION;
    if (flags !== 0) contentRules(ctx, ks, e, t, ref, flags);

    if (authFail) authFailure(ctx, ks, e, t, ref, rules['auth-abuse'].threshold, true);
  }

  /** The canonical copy of a user agent and its content flags, classified once per distinct string. */
  private uaInfo(ua: string): UaInfo {
    let info = this.uaCache.get(ua);
    if (info === undefined) {
      info = { ua: detach(ua), flags: classifyUserAgent(ua) };
      this.uaCache.set(info.ua, info);
    }
    return info;
  }

  private identityRules(ks: KeyState, e: AccessEvent, t: number, ref: number, authFail: boolean): void {
    const rules = this.cfg.rules;
    if (e.kind === 'request') {
      if (++ks.reqCount === 1) {
        ks[FIRST_T] = t;
        ks[FIRST_REF] = ref;
        ks[FIRST_OFF] = e.offset;
      }
      if (rules.burst.enabled) burst(this.ctx, ks, e, t, ref, rules.burst.identityThreshold, false);
    }
    if (authFail) authFailure(this.ctx, ks, e, t, ref, rules['auth-abuse'].identityThreshold, false);
    ks[LAST_SEEN] = t;
  }

  private tick(now: number): void {
    this.book.sweep(now);
    this.ips.tick(now);
    this.apps.tick(now);
    this.users.tick(now);
    this.targets.tick(now);
    this.wpLogins.tick(now);
    this.nextTick = now + TICK_MS;
  }

  /** A big jump back in time (another file, a clock reset): windows from the old timeline mean nothing here. */
  private newTimeline(t: number): void {
    this.book.closeAll();
    this.ips.clear();
    this.apps.clear();
    this.users.clear();
    this.targets.clear();
    this.wpLogins.clear();
    this.watermark = t;
    this.nextTick = -Infinity;
  }
}
