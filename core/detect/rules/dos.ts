/** Layer-7 DoS shapes beyond raw volume: cache-busting query floods and user-agent rotation. */
import type { AccessEvent } from '../../events/event';
import type { KeyState } from '../key-state';
import type { PathInfo } from '../path-info';
import { DistinctWindow } from '../window';
import { RI } from './catalog';
import type { RuleContext } from './context';

/** Distinct query strings on the client's current endpoint (/?123, /?456 … all miss the cache). */
export function cacheBypass(ctx: RuleContext, ks: KeyState, e: AccessEvent, t: number, ref: number, pi: PathInfo): void {
  const r = ctx.cfg.rules['dos-cache-bypass'];
  if (pi.tmpl.isStatic) return;
  const x = ks.extra();
  let w = x.bust;
  if (w === null) w = x.bust = new DistinctWindow(2 * r.threshold);
  if (x.bustTmpl !== pi.tmpl) {
    w.clear();
    x.bustTmpl = pi.tmpl;
  }
  const n = w.add(e.query, t, ref, e.offset, r.windowMs);
  if (n >= r.threshold) {
    ctx.book.hit(ks, RI['dos-cache-bypass'], t, e, n, w.saturated, r.threshold, r.windowMs, `${e.path}?${e.query}`, w);
  }
}

/** Called only when the client's user agent differs from its previous one. */
export function uaSwitching(ctx: RuleContext, ks: KeyState, e: AccessEvent, t: number, ref: number, previous: string): void {
  const r = ctx.cfg.rules['dos-ua-switching'];
  const x = ks.extra();
  let w = x.uas;
  if (w === null) {
    w = x.uas = new DistinctWindow(2 * r.threshold);
    if (previous !== '\u0000') w.add(previous, ks.lastSeen, ks.lastRef, ks.lastOff, r.windowMs);
  }
  const n = w.add(e.userAgent, t, ref, e.offset, r.windowMs);
  if (n >= r.threshold) ctx.book.hit(ks, RI['dos-ua-switching'], t, e, n, w.saturated, r.threshold, r.windowMs, e.userAgent, w);
}
