/**
 * Volume rules: request bursts and authentication failures. They run on client IPs and, with their own
 * thresholds, on application and user keys.
 */
import type { AccessEvent } from '../../events/event';
import type { KeyState } from '../key-state';
import * as record from '../record';
import * as windows from '../record-windows';
import * as catalog from './catalog';
import type { RuleContext } from './context';
import * as context from './context';

// Imported values are bound to module constants once: under Vite's module transform (vitest) every
// read of an imported binding is a getter call, which the per-event code would pay on each use.
const { exists, FIRST_OFF, FIRST_REF, FIRST_T, TQ, W_AUTH, W_AUTH_SLOW, W_BURST } = record;
const { saturated, tqPush } = windows;
const { RI } = catalog;
const { PEAK_CAP } = context;

export function burst(ctx: RuleContext, ks: KeyState, e: AccessEvent, t: number, ref: number, threshold: number): void {
  const r = ctx.cfg.rules.burst;
  const maxCap = Math.max(PEAK_CAP, threshold);
  if (!exists(ks, W_BURST)) {
    if (ks.reqCount === 1 && threshold > 1) return; // a first request is only remembered (KeyState)
    if (ks.reqCount > 1) tqPush(ks, W_BURST, ks[FIRST_T]!, ks[FIRST_REF]!, ks[FIRST_OFF]!, r.windowMs, 4, maxCap);
  }
  const n = tqPush(ks, W_BURST, t, ref, e.offset, r.windowMs, 4, maxCap);
  if (n >= threshold) {
    ctx.book.hit(ks, RI.burst, t, e, n, saturated(ks, W_BURST, TQ), threshold, r.windowMs, '', ctx.src.of(ks, W_BURST, TQ));
  }
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
    const n = tqPush(ks, W_AUTH, t, ref, e.offset, r.windowMs, 4, Math.max(PEAK_CAP, threshold));
    if (n >= threshold) {
      ctx.book.hit(ks, RI['auth-abuse'], t, e, n, saturated(ks, W_AUTH, TQ), threshold, r.windowMs, e.path, ctx.src.of(ks, W_AUTH, TQ));
    }
  }
  const s = ctx.cfg.rules['low-slow-stuffing'];
  if (withSlow && s.enabled) {
    const n = tqPush(ks, W_AUTH_SLOW, t, ref, e.offset, s.windowMs, 4, Math.max(4 * s.threshold, 64));
    ks.keep(t + s.windowMs);
    if (n >= s.threshold) {
      const src = ctx.src.of(ks, W_AUTH_SLOW, TQ);
      ctx.book.hit(ks, RI['low-slow-stuffing'], t, e, n, saturated(ks, W_AUTH_SLOW, TQ), s.threshold, s.windowMs, e.path, src);
    }
  }
}
