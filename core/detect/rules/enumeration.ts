/**
 * Object-id enumeration: one client walking many ids under one template (/users/1, /users/2 …). Tracks a few
 * templates per client (a client walks one or two collections at a time), each a record window of distinct
 * raw paths (path hashes) plus the state of the current sequential run.
 */
import type { AccessEvent } from '../../events/event';
import type { KeyState } from '../key-state';
import type { PathFacts } from '../path-info';
import {
  desc,
  ENUM,
  ENUM_TRACKS,
  exists,
  FIRST_HASH,
  FIRST_ID_NUM,
  FIRST_OFF,
  FIRST_REF,
  FIRST_T,
  LAST_NUM,
  LAST_TIME,
  LAST_USE,
  RUN,
  SAT_V,
  SIZE_V,
  TAG,
  enumTrack,
} from '../record';
import { vwAdd, vwClear } from '../record-windows';
import { RI } from './catalog';
import type { RuleContext } from './context';

/** Distinct ids kept per template: enough to report a walk's real size in its reason. */
const TRACK_CAP = 64;

/** Called for requests whose path has an id placeholder (pf.hasId). */
export function enumeration(ctx: RuleContext, ks: KeyState, e: AccessEvent, t: number, ref: number, pf: PathFacts): void {
  const r = ctx.cfg.rules.enumeration;
  if (!ks.enumsOn) {
    if (ks.reqCount === 1 && r.threshold > 1 && r.sequentialRun > 1) return; // first request: remembered only
    ks.enumsOn = true;
    const f = ks.firstTmpl;
    if (ks.reqCount > 1 && f !== null && ks.firstHasId) {
      const rec = ks.r;
      track(ks, f.id, rec[FIRST_HASH]!, rec[FIRST_ID_NUM]!, rec[FIRST_T]!, rec[FIRST_REF]!, rec[FIRST_OFF]!, r.windowMs);
    }
  }
  const w = track(ks, pf.tmpl.id, pf.hash, pf.idNum, t, ref, e.offset, r.windowMs);
  const d = desc(w);
  const count = ks.r[d + SIZE_V]!;
  const run = ks.r[d + RUN]!;
  if (count >= r.threshold || run >= r.sequentialRun) {
    const saturated = ks.r[d + SAT_V] === 1;
    ctx.book.hit(ks, RI.enumeration, t, e, count, saturated, r.threshold, r.windowMs, pf.tmpl.template, ctx.src.of(ks, w, ENUM));
  }
}

/** Adds the path to its template's track (replacing the least recently used of full tracks); returns the track's window. */
function track(ks: KeyState, tmplId: number, pathHash: number, num: number, t: number, ref: number, off: number, windowMs: number): number {
  let w = -1;
  let used = 0;
  for (let i = 0; i < ENUM_TRACKS && exists(ks.r, enumTrack(i)); i++) {
    used++;
    if (ks.r[desc(enumTrack(i)) + TAG] === tmplId) {
      w = enumTrack(i);
      break;
    }
  }
  if (w < 0) {
    if (used < ENUM_TRACKS) w = enumTrack(used);
    else {
      w = enumTrack(0);
      for (let i = 1; i < ENUM_TRACKS; i++) if (ks.r[desc(enumTrack(i)) + LAST_USE]! < ks.r[desc(w) + LAST_USE]!) w = enumTrack(i);
      vwClear(ks.r, w);
    }
    vwAdd(ks, w, pathHash, t, ref, off, windowMs, TRACK_CAP); // creates the window on first use
    const rec = ks.r;
    const d = desc(w);
    rec[d + TAG] = tmplId;
    rec[d + LAST_NUM] = NaN;
    rec[d + LAST_TIME] = 0;
    rec[d + RUN] = 0;
  } else vwAdd(ks, w, pathHash, t, ref, off, windowMs, TRACK_CAP);
  const rec = ks.r;
  const d = desc(w);
  rec[d + LAST_USE] = t;
  if (num === num) {
    // Sequential walk: each id one more (or one less) than the previous, without long pauses.
    if (t - rec[d + LAST_TIME]! < windowMs && (num === rec[d + LAST_NUM]! + 1 || num === rec[d + LAST_NUM]! - 1)) rec[d + RUN]++;
    else if (num !== rec[d + LAST_NUM]) rec[d + RUN] = 1;
    rec[d + LAST_NUM] = num;
    rec[d + LAST_TIME] = t;
  }
  return w;
}
