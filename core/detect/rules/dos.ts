/** Layer-7 DoS shapes beyond raw volume: cache-busting query floods and user-agent rotation. */
import type { AccessEvent } from '../../events/event';
import type { KeyState } from '../key-state';
import type { PathFacts } from '../path-info';
import * as pathScan from '../path-scan';
import * as record from '../record';
import * as windows from '../record-windows';
import { DistinctWindow } from '../window';
import * as catalog from './catalog';
import type { RuleContext } from './context';

// Imported values are bound to module constants once: under Vite's module transform (vitest) every
// read of an imported binding is a getter call, which the per-event code would pay on each use.
const { hashText } = pathScan;
const { desc, exists, LAST_OFF, LAST_REF, LAST_SEEN, TAG, VW, W_BUST } = record;
const { saturated, vwAdd, vwClear } = windows;
const { RI } = catalog;

/** Distinct query strings (as hashes) on the client's current endpoint (/?123, /?456 … all miss the cache). */
export function cacheBypass(ctx: RuleContext, ks: KeyState, e: AccessEvent, t: number, ref: number, pf: PathFacts): void {
  const r = ctx.cfg.rules['dos-cache-bypass'];
  if (pf.tmpl.isStatic) return;
  const limit = 2 * r.threshold;
  if (exists(ks, W_BUST) && ks[desc(ks, W_BUST) + TAG] !== pf.tmpl.id) vwClear(ks, W_BUST);
  const n = vwAdd(ks, W_BUST, hashText(e.query), t, ref, e.offset, r.windowMs, limit);
  ks[desc(ks, W_BUST) + TAG] = pf.tmpl.id;
  if (n >= r.threshold) {
    const src = ctx.src.of(ks, W_BUST, VW);
    ctx.book.hit(ks, RI['dos-cache-bypass'], t, e, n, saturated(ks, W_BUST, VW), r.threshold, r.windowMs, `${e.path}?${e.query}`, src);
  }
}

/**
 * Called only when the client's user agent differs from its previous one. `previous` and `ks.ua` are the
 * canonical copies (equal text to the events' strings).
 */
export function uaSwitching(ctx: RuleContext, ks: KeyState, e: AccessEvent, t: number, ref: number, previous: string): void {
  const r = ctx.cfg.rules['dos-ua-switching'];
  const x = ks.extra();
  let w = x.uas;
  if (w === null) {
    w = x.uas = new DistinctWindow(2 * r.threshold);
    if (previous !== '\u0000') w.add(previous, ks[LAST_SEEN]!, ks[LAST_REF]!, ks[LAST_OFF]!, r.windowMs);
  }
  const n = w.add(ks.ua, t, ref, e.offset, r.windowMs);
  if (n >= r.threshold) ctx.book.hit(ks, RI['dos-ua-switching'], t, e, n, w.saturated, r.threshold, r.windowMs, e.userAgent, w);
}
