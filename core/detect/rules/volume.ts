/**
 * Volume rules: request bursts and authentication failures. They run on client IPs and, with their own
 * thresholds, on application and user keys.
 */
import type { AccessEvent } from '../../events/event';
import type { KeyState } from '../key-state';
import { TimeQueue } from '../window';
import { RI } from './catalog';
import { PEAK_CAP, type RuleContext } from './context';

export function burst(ctx: RuleContext, ks: KeyState, e: AccessEvent, t: number, ref: number, threshold: number): void {
  const r = ctx.cfg.rules.burst;
  let q = ks.req;
  if (q === null) {
    if (ks.reqCount === 1 && threshold > 1) return; // a first request is only remembered (KeyState)
    q = ks.req = new TimeQueue(4, Math.max(PEAK_CAP, threshold));
    if (ks.reqCount > 1) q.push(ks.firstT, ks.firstRef, ks.firstOff, r.windowMs);
  }
  const n = q.push(t, ref, e.offset, r.windowMs);
  if (n >= threshold) ctx.book.hit(ks, RI.burst, t, e, n, q.saturated, threshold, r.windowMs, '', q);
}

/** Short-window auth abuse; on IP keys also the long low-and-slow window. */
export function authFailure(
  ctx: RuleContext,
  ks: KeyState,
  e: AccessEvent,
  t: number,
  ref: number,
  threshold: number,
  withSlow: boolean,
): void {
  const r = ctx.cfg.rules['auth-abuse'];
  if (r.enabled) {
    let q = ks.extra().auth;
    if (q === null) q = ks.extra().auth = new TimeQueue(4, Math.max(PEAK_CAP, threshold));
    const n = q.push(t, ref, e.offset, r.windowMs);
    if (n >= threshold) ctx.book.hit(ks, RI['auth-abuse'], t, e, n, q.saturated, threshold, r.windowMs, e.path, q);
  }
  const s = ctx.cfg.rules['low-slow-stuffing'];
  if (withSlow && s.enabled) {
    let q = ks.extra().authSlow;
    if (q === null) q = ks.extra().authSlow = new TimeQueue(4, Math.max(4 * s.threshold, 64));
    const n = q.push(t, ref, e.offset, s.windowMs);
    if (t + s.windowMs > ks.keepUntil) ks.keepUntil = t + s.windowMs;
    if (n >= s.threshold) ctx.book.hit(ks, RI['low-slow-stuffing'], t, e, n, q.saturated, s.threshold, s.windowMs, e.path, q);
  }
}
