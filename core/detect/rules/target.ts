/**
 * Credential stuffing spread over many IPs: each IP stays under the per-client thresholds, so the rule keys
 * on the TARGET instead — one account (event.user) or one endpoint template — and counts distinct IPs
 * failing against it. Alerts carry keyKind 'target' and keys "user:<name>" / "endpoint:<METHOD> <template>".
 */
import type { AccessEvent } from '../../events/event';
import type { KeyState } from '../key-state';
import type { KeyTable } from '../key-table';
import type { PathInfo } from '../path-info';
import { DistinctWindow } from '../window';
import { RI } from './catalog';
import type { RuleContext } from './context';

function countIp(ctx: RuleContext, ks: KeyState, e: AccessEvent, t: number, ref: number, threshold: number): void {
  const r = ctx.cfg.rules['distributed-stuffing'];
  let w = ks.extra().targetIps;
  if (w === null) w = ks.extra().targetIps = new DistinctWindow(Math.max(4 * threshold, 64));
  const n = w.add(e.client, t, ref, e.offset, r.windowMs);
  ks.lastSeen = t;
  if (t + r.windowMs > ks.keepUntil) ks.keepUntil = t + r.windowMs;
  if (n >= threshold) ctx.book.hit(ks, RI['distributed-stuffing'], t, e, n, w.saturated, threshold, r.windowMs, e.client, w);
}

export function distributedStuffing(
  ctx: RuleContext,
  targets: KeyTable,
  e: AccessEvent,
  t: number,
  ref: number,
  pi: PathInfo,
  user: string,
): void {
  const r = ctx.cfg.rules['distributed-stuffing'];
  if (e.client === '') return;
  if (user !== '') countIp(ctx, targets.get('user:' + user, t), e, t, ref, r.userThreshold);
  const endpoint = e.method === '' ? pi.tmpl.template : e.method + ' ' + pi.tmpl.template;
  countIp(ctx, targets.get('endpoint:' + endpoint, t), e, t, ref, r.endpointThreshold);
}
