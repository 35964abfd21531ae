/**
 * Credential stuffing spread over many IPs: each IP stays under the per-client thresholds, so the rule keys
 * on the TARGET instead — one account (event.user) or one endpoint template — and counts distinct IPs
 * failing against it. Alerts carry keyKind 'target' and keys "user:<name>" / "endpoint:<METHOD> <template>".
 */
import type { AccessEvent } from '../../events/event';
import type { KeyState } from '../key-state';
import type { KeyTable } from '../key-table';
import type { PathFacts } from '../path-info';
import * as record from '../record';
import { DistinctWindow } from '../window';
import * as catalog from './catalog';
import type { RuleContext } from './context';

// Imported values are bound to module constants once: under Vite's module transform (vitest) every
// read of an imported binding is a getter call, which the per-event code would pay on each use.
const { LAST_SEEN } = record;
const { RI } = catalog;

type TargetRuleId = 'distributed-stuffing' | 'wordpress-botnet';

/**
 * Counts the attempt's client among the distinct IPs against target `ks`. `cks`: the client's IP key, kept
 * with its IP so the alert can tell bots from users.
 */
function countIp(
  ctx: RuleContext,
  rule: TargetRuleId,
  ks: KeyState,
  cks: KeyState | null,
  e: AccessEvent,
  t: number,
  ref: number,
  threshold: number,
  windowMs: number,
): void {
  let w = ks.extra().targetIps;
  if (w === null) w = ks.extra().targetIps = new DistinctWindow(Math.max(4 * threshold, 64));
  const n = w.add(e.client, t, ref, e.offset, windowMs, cks ?? undefined);
  ks[LAST_SEEN] = t;
  ks.keep(t + windowMs);
  const x = ks.x!;
  if (n >= threshold) {
    ctx.book.hit(ks, RI[rule], t, e, n, w.saturated, threshold, windowMs, e.client, w, cks);
    // Back over the threshold within one episode: the clients that brought it there are part of it too.
    if (x.targetBelow) ctx.book.participateAll(ks, RI[rule]);
    x.targetBelow = false;
  } else x.targetBelow = true;
}

export function distributedStuffing(
  ctx: RuleContext,
  targets: KeyTable,
  e: AccessEvent,
  t: number,
  ref: number,
  pf: PathFacts,
  user: string,
  cks: KeyState | null,
): void {
  const r = ctx.cfg.rules['distributed-stuffing'];
  if (e.client === '') return;
  if (user !== '') countIp(ctx, 'distributed-stuffing', targets.get('user:' + user, t), cks, e, t, ref, r.userThreshold, r.windowMs);
  const tmpl = pf.tmpl;
  if (tmpl.endpointMethod !== e.method) {
    tmpl.endpointMethod = e.method;
    tmpl.endpointKey = 'endpoint:' + (e.method === '' ? tmpl.template : e.method + ' ' + tmpl.template);
  }
  const tk = targets.get(tmpl.endpointKey, t);
  tmpl.target = tk;
  countIp(ctx, 'distributed-stuffing', tk, cks, e, t, ref, r.endpointThreshold, r.windowMs);
}

/**
 * A POST to a WordPress login endpoint (`pf` is flagged as one) that only a bot sends: without a Referer (a
 * browser submitting the login form names the form's page) from a client that has requested nothing else.
 * A botnet spreading its guesses over hundreds of IPs, a few a day each, trips no per-client rule; counted
 * per endpoint, in a table of their own (`endpoints`) so that the key can be the same `endpoint:POST …` as
 * distributed stuffing's without sharing its window.
 */
export function wordpressBotnet(ctx: RuleContext, endpoints: KeyTable, e: AccessEvent, t: number, ref: number, pf: PathFacts, cks: KeyState | null): void {
  if (e.client === '' || (cks !== null && cks.mixed) || (e.referer !== '' && e.referer !== '-')) return;
  const r = ctx.cfg.rules['wordpress-botnet'];
  countIp(ctx, 'wordpress-botnet', endpoints.get('endpoint:POST ' + pf.tmpl.template, t), cks, e, t, ref, r.threshold, r.windowMs);
}

/**
 * A request that did not fail, of the method and endpoint that attempts recently failed against: a bot of a
 * distributed attack that found a valid password looks exactly like this, so it is remembered for the
 * target's alert (which names only clients that did nothing else: see EpisodeBook.named).
 */
export function attemptSucceeded(ctx: RuleContext, e: AccessEvent, t: number, ref: number, pf: PathFacts, cks: KeyState | null): void {
  const tmpl = pf.tmpl;
  const tk = tmpl.target;
  // A client that has done something else already (KeyState.mixed, which stays set) is a user the alert would
  // never name (EpisodeBook.named): remembering it would only cost time and room in the list.
  if (tk === null || tmpl.endpointMethod !== e.method || e.client === '' || (cks !== null && cks.mixed)) return;
  const r = ctx.cfg.rules['distributed-stuffing'];
  const x = tk.extra();
  // Only while an attack is on or building up: successes against an endpoint that merely saw a few failures
  // are ordinary traffic, and this runs for every one of them.
  if (tk.open === null && (x.targetIps === null || x.targetIps.size * 10 < r.endpointThreshold)) return;
  const w = (x.targetTried ??= new DistinctWindow(Math.max(4 * r.endpointThreshold, 64)));
  w.add(e.client, t, ref, e.offset, r.windowMs, cks ?? undefined);
  ctx.book.participate(tk, RI['distributed-stuffing'], t, e.client, cks);
}
