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

function countIp(ctx: RuleContext, ks: KeyState, e: AccessEvent, t: number, ref: number, threshold: number): void {
  const r = ctx.cfg.rules['distributed-stuffing'];
  let w = ks.extra().targetIps;
  if (w === null) w = ks.extra().targetIps = new DistinctWindow(Math.max(4 * threshold, 64));
  const n = w.add(e.client, t, ref, e.offset, r.windowMs);
  ks[LAST_SEEN] = t;
  ks.keep(t + r.windowMs);
  if (n >= threshold) ctx.book.hit(ks, RI['distributed-stuffing'], t, e, n, w.saturated, threshold, r.windowMs, e.client, w);
}

export function distributedStuffing(
  ctx: RuleContext,
  targets: KeyTable,
  e: AccessEvent,
  t: number,
  ref: number,
  pf: PathFacts,
  user: string,
): void {
  const r = ctx.cfg.rules['distributed-stuffing'];
  if (e.client === '') return;
  if (user !== '') countIp(ctx, targets.get('user:' + user, t), e, t, ref, r.userThreshold);
  const tmpl = pf.tmpl;
  if (tmpl.endpointMethod !== e.method) {
    tmpl.endpointMethod = e.method;
    tmpl.endpointKey = 'endpoint:' + (e.method === '' ? tmpl.template : e.method + ' ' + tmpl.template);
  }
  countIp(ctx, targets.get(tmpl.endpointKey, t), e, t, ref, r.endpointThreshold);
}
