/**
 * Volume rules: request bursts, static-asset floods and authentication failures. Bursts and auth failures
 * run on client IPs and, with their own thresholds, on application and user keys.
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
const { exists, FIRST_OFF, FIRST_REF, FIRST_T, TQ, W_ASSETS, W_AUTH, W_AUTH_SLOW, W_BURST } = record;
const { saturated, tqPush } = windows;
const { RI } = catalog;
const { PEAK_CAP } = context;

/** What a request window counts: every request, pages and API calls only, or static files only. */
const EVERY = 0;
const PAGES = 1;
const STATIC = 2;

/**
 * Request burst on `ks`. On IP keys static-asset requests go to `assetFlood` instead (unless the burst rule
 * counts them), so `pages` says which requests this window holds; identity keys count every request.
 */
export function burst(ctx: RuleContext, ks: KeyState, e: AccessEvent, t: number, ref: number, threshold: number, pages: boolean): void {
  const r = ctx.cfg.rules.burst;
  countRequests(ctx, ks, e, t, ref, W_BURST, RI.burst, threshold, r.windowMs, pages ? PAGES : EVERY);
}

/** Static-asset flood: requests for static files from one IP. */
export function assetFlood(ctx: RuleContext, ks: KeyState, e: AccessEvent, t: number, ref: number): void {
  const r = ctx.cfg.rules['asset-flood'];
  countRequests(ctx, ks, e, t, ref, W_ASSETS, RI['asset-flood'], r.threshold, r.windowMs, STATIC);
}

/**
 * Counts the request in time queue `w`. The window is created at the key's second request, seeded with the
 * first one (see KeyState) when that belongs here, by `kind`.
 */
function countRequests(
  ctx: RuleContext,
  ks: KeyState,
  e: AccessEvent,
  t: number,
  ref: number,
  w: number,
  rule: number,
  threshold: number,
  windowMs: number,
  kind: number,
): void {
  const maxCap = Math.max(PEAK_CAP, threshold);
  if (!exists(ks, w)) {
    if (ks.reqCount === 1 && threshold > 1) return; // a first request is only remembered (KeyState)
    const first = ks.firstTmpl;
    if (ks.reqCount > 1 && (kind === EVERY || (first !== null && first.isStatic === (kind === STATIC)))) {
      tqPush(ks, w, ks[FIRST_T]!, ks[FIRST_REF]!, ks[FIRST_OFF]!, windowMs, 4, maxCap);
    }
  }
  const n = tqPush(ks, w, t, ref, e.offset, windowMs, 4, maxCap);
  if (n >= threshold) {
    ctx.book.hit(ks, rule, t, e, n, saturated(ks, w, TQ), threshold, windowMs, '', ctx.src.of(ks, w, TQ));
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
