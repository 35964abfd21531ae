/**
 * Discovery rules: endpoint scans (fast and slow), HTTP probing, aggressive crawling, 404 floods and a high
 * share of 404 answers. Endpoint counts use path TEMPLATES so reading many objects is not scanning.
 * The scan and crawl windows are created at a client's second request (see KeyState: one-shot clients).
 */
import type { AccessEvent } from '../../events/event';
import type { KeyState } from '../key-state';
import type { PathInfo } from '../path-info';
import { DistinctWindow, FlagRing, TimeQueue } from '../window';
import { RI } from './catalog';
import { PEAK_CAP, type RuleContext } from './context';

export function isCrawlMethod(m: string): boolean {
  return m === 'GET' || m === 'HEAD' || m === '';
}

function isProbeStatus(s: number): boolean {
  return s === 404 || s === 403 || s === 400 || s === 410;
}

export function scanRules(ctx: RuleContext, ks: KeyState, e: AccessEvent, t: number, ref: number, pi: PathInfo): void {
  const rules = ctx.cfg.rules;
  const book = ctx.book;
  const status = e.status;
  const notFound = status === 404;

  // Static assets are not endpoints: one page load fetches a dozen of them.
  if (!pi.tmpl.isStatic) {
    const sc = rules.scan;
    let w = ks.templates;
    if (sc.enabled && w === null && (ks.reqCount > 1 || sc.threshold <= 1)) {
      w = ks.templates = new DistinctWindow(Math.max(4 * sc.threshold, 16));
      const f = ks.firstPi;
      if (ks.reqCount > 1 && f !== null && !f.tmpl.isStatic) w.add(f.tmpl, ks.firstT, ks.firstRef, ks.firstOff, sc.windowMs);
    }
    if (sc.enabled && w !== null) {
      const n = w.add(pi.tmpl, t, ref, e.offset, sc.windowMs);
      if (n >= sc.threshold) book.hit(ks, RI.scan, t, e, n, w.saturated, sc.threshold, sc.windowMs, pi.tmpl.template, w);
    }
    const cr = rules.crawl;
    if (cr.enabled && isCrawlMethod(e.method)) {
      let w = ks.crawlPaths;
      if (w === null && (ks.reqCount > 1 || cr.threshold <= 1)) {
        w = ks.crawlPaths = new DistinctWindow(2 * cr.threshold);
        const f = ks.firstPi;
        if (ks.reqCount > 1 && f !== null && ks.firstCrawl && !f.tmpl.isStatic) w.add(f, ks.firstT, ks.firstRef, ks.firstOff, cr.windowMs);
      }
      if (w !== null) {
        const n = w.add(pi, t, ref, e.offset, cr.windowMs);
        if (n >= cr.threshold) book.hit(ks, RI.crawl, t, e, n, w.saturated, cr.threshold, cr.windowMs, e.path, w);
      }
    }
    const hp = rules['http-probing'];
    if (hp.enabled && isProbeStatus(status)) {
      let w = ks.extra().probePaths;
      if (w === null) w = ks.extra().probePaths = new DistinctWindow(4 * hp.threshold);
      const n = w.add(pi, t, ref, e.offset, hp.windowMs);
      if (n >= hp.threshold) book.hit(ks, RI['http-probing'], t, e, n, w.saturated, hp.threshold, hp.windowMs, e.path, w);
    }
  }

  if (notFound) {
    const ss = rules['slow-scan'];
    if (ss.enabled) {
      let w = ks.extra().notFoundTemplates;
      if (w === null) w = ks.extra().notFoundTemplates = new DistinctWindow(2 * ss.threshold);
      const n = w.add(pi.tmpl, t, ref, e.offset, ss.windowMs);
      if (t + ss.windowMs > ks.keepUntil) ks.keepUntil = t + ss.windowMs;
      if (n >= ss.threshold) book.hit(ks, RI['slow-scan'], t, e, n, w.saturated, ss.threshold, ss.windowMs, pi.tmpl.template, w);
    }
    const dr = rules['dos-random-uri'];
    if (dr.enabled) {
      let q = ks.extra().notFound;
      if (q === null) q = ks.extra().notFound = new TimeQueue(4, Math.max(PEAK_CAP, dr.threshold));
      const n = q.push(t, ref, e.offset, dr.windowMs);
      if (n >= dr.threshold) book.hit(ks, RI['dos-random-uri'], t, e, n, q.saturated, dr.threshold, dr.windowMs, e.path, q);
    }
  }

  const nr = rules['not-found-ratio'];
  if (nr.enabled && (notFound || (ks.x !== null && ks.x.ratio !== null))) {
    // Allocated at the first 404: before that the ratio is 0, and the ring only judges once it holds N requests.
    let ring = ks.extra().ratio;
    if (ring === null) ring = ks.extra().ratio = new FlagRing(nr.minRequests);
    ring.push(t, notFound);
    if (notFound && ring.size === nr.minRequests && t - ring.oldest() < nr.windowMs && ring.flagged >= nr.ratio * nr.minRequests) {
      book.hit(ks, RI['not-found-ratio'], t, e, ring.flagged, false, nr.minRequests, nr.windowMs, e.path, null);
    }
  }
}
