/**
 * Discovery rules: endpoint scans (fast and slow), HTTP probing, aggressive crawling, 404 floods and a high
 * share of 404 answers. Endpoint counts use path TEMPLATES so reading many objects is not scanning.
 * The scan and crawl windows are created at a client's second request (see KeyState: one-shot clients).
 */
import type { AccessEvent } from '../../events/event';
import type { KeyState } from '../key-state';
import type { PathFacts } from '../path-info';
import * as record from '../record';
import * as windows from '../record-windows';
import * as catalog from './catalog';
import type { RuleContext } from './context';
import * as context from './context';

// Imported values are bound to module constants once: under Vite's module transform (vitest) every
// read of an imported binding is a getter call, which the per-event code would pay on each use.
const { exists, FIRST_HASH, FIRST_OFF, FIRST_REF, FIRST_T, TQ, VW, W_CRAWL, W_NOT_FOUND, W_NOT_FOUND_TEMPLATES, W_PROBE, W_RATIO, W_TEMPLATES } = record;
const { ringFlagged, ringOldest, ringPush, ringSize, saturated, tqPush, vwAdd } = windows;
const { RI } = catalog;
const { PEAK_CAP } = context;

export function isCrawlMethod(m: string): boolean {
  return m === 'GET' || m === 'HEAD' || m === '';
}

function isProbeStatus(s: number): boolean {
  return s === 404 || s === 403 || s === 400 || s === 410;
}

export function scanRules(ctx: RuleContext, ks: KeyState, e: AccessEvent, t: number, ref: number, pf: PathFacts): void {
  const rules = ctx.cfg.rules;
  const book = ctx.book;
  const status = e.status;
  const notFound = status === 404;
  const tmpl = pf.tmpl;

  // Static assets are not endpoints: one page load fetches a dozen of them.
  if (!tmpl.isStatic) {
    const sc = rules.scan;
    const scLimit = Math.max(4 * sc.threshold, 16);
    if (sc.enabled && !exists(ks, W_TEMPLATES) && ks.reqCount > 1) {
      const f = ks.firstTmpl;
      if (f !== null && !f.isStatic) vwAdd(ks, W_TEMPLATES, f.id, ks[FIRST_T]!, ks[FIRST_REF]!, ks[FIRST_OFF]!, sc.windowMs, scLimit);
    }
    if (sc.enabled && (exists(ks, W_TEMPLATES) || ks.reqCount > 1 || sc.threshold <= 1)) {
      const n = vwAdd(ks, W_TEMPLATES, tmpl.id, t, ref, e.offset, sc.windowMs, scLimit);
      if (n >= sc.threshold) {
        book.hit(ks, RI.scan, t, e, n, saturated(ks, W_TEMPLATES, VW), sc.threshold, sc.windowMs, tmpl.template, ctx.src.of(ks, W_TEMPLATES, VW));
      }
    }
    const cr = rules.crawl;
    if (cr.enabled && isCrawlMethod(e.method)) {
      const limit = 2 * cr.threshold;
      if (!exists(ks, W_CRAWL) && ks.reqCount > 1 && ks.firstCrawl) {
        const f = ks.firstTmpl;
        if (f !== null && !f.isStatic) vwAdd(ks, W_CRAWL, ks[FIRST_HASH]!, ks[FIRST_T]!, ks[FIRST_REF]!, ks[FIRST_OFF]!, cr.windowMs, limit);
      }
      if (exists(ks, W_CRAWL) || ks.reqCount > 1 || cr.threshold <= 1) {
        const n = vwAdd(ks, W_CRAWL, pf.hash, t, ref, e.offset, cr.windowMs, limit);
        if (n >= cr.threshold) {
          book.hit(ks, RI.crawl, t, e, n, saturated(ks, W_CRAWL, VW), cr.threshold, cr.windowMs, e.path, ctx.src.of(ks, W_CRAWL, VW));
        }
      }
    }
    const hp = rules['http-probing'];
    if (hp.enabled && isProbeStatus(status)) {
      const n = vwAdd(ks, W_PROBE, pf.hash, t, ref, e.offset, hp.windowMs, 4 * hp.threshold);
      if (n >= hp.threshold) {
        book.hit(ks, RI['http-probing'], t, e, n, saturated(ks, W_PROBE, VW), hp.threshold, hp.windowMs, e.path, ctx.src.of(ks, W_PROBE, VW));
      }
    }
  }

  if (notFound) {
    const ss = rules['slow-scan'];
    if (ss.enabled) {
      const n = vwAdd(ks, W_NOT_FOUND_TEMPLATES, tmpl.id, t, ref, e.offset, ss.windowMs, 2 * ss.threshold);
      ks.keep(t + ss.windowMs);
      if (n >= ss.threshold) {
        const src = ctx.src.of(ks, W_NOT_FOUND_TEMPLATES, VW);
        book.hit(ks, RI['slow-scan'], t, e, n, saturated(ks, W_NOT_FOUND_TEMPLATES, VW), ss.threshold, ss.windowMs, tmpl.template, src);
      }
    }
    const dr = rules['dos-random-uri'];
    if (dr.enabled) {
      const n = tqPush(ks, W_NOT_FOUND, t, ref, e.offset, dr.windowMs, 4, Math.max(PEAK_CAP, dr.threshold));
      if (n >= dr.threshold) {
        book.hit(ks, RI['dos-random-uri'], t, e, n, saturated(ks, W_NOT_FOUND, TQ), dr.threshold, dr.windowMs, e.path, ctx.src.of(ks, W_NOT_FOUND, TQ));
      }
    }
  }

  const nr = rules['not-found-ratio'];
  if (nr.enabled && (notFound || exists(ks, W_RATIO))) {
    // Created at the first 404: before that the ratio is 0, and the ring only judges once it holds N requests.
    ringPush(ks, W_RATIO, t, notFound, nr.minRequests);
    const flagged = ringFlagged(ks, W_RATIO);
    if (notFound && ringSize(ks, W_RATIO) === nr.minRequests && t - ringOldest(ks, W_RATIO) < nr.windowMs && flagged >= nr.ratio * nr.minRequests) {
      book.hit(ks, RI['not-found-ratio'], t, e, flagged, false, nr.minRequests, nr.windowMs, e.path, null);
    }
  }
}
