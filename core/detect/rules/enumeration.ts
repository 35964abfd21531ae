/**
 * Object-id enumeration: one client walking many ids under one template (/users/1, /users/2 …). Tracks a few
 * templates per client (a client walks one or two collections at a time), each a record window of distinct
 * raw paths (path hashes) plus the state of the current sequential run.
 */
import type { AccessEvent } from '../../events/event';
import type { KeyState } from '../key-state';
import type { PathFacts } from '../path-info';
import * as record from '../record';
import * as windows from '../record-windows';
import * as catalog from './catalog';
import type { RuleContext } from './context';

// Imported values are bound to module constants once: under Vite's module transform (vitest) every
// read of an imported binding is a getter call, which the per-event code would pay on each use.
const { desc, ENUM, ENUM_DATA, ENUM_TRACKS, exists, FIRST_HASH, FIRST_ID_NUM, FIRST_OFF, FIRST_REF, FIRST_T, LAST_NUM, LAST_TIME, LAST_USE, RUN, SAT_V, SIZE_V, TAG, enumTrack } = record;
const { vwAdd, vwClear } = windows;
const { RI } = catalog;

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
      track(ks, f.id, ks[FIRST_HASH]!, ks[FIRST_ID_NUM]!, ks[FIRST_T]!, ks[FIRST_REF]!, ks[FIRST_OFF]!, r.windowMs);
    }
  }
  const w = track(ks, pf.tmpl.id, pf.hash, pf.idNum, t, ref, e.offset, r.windowMs);
  const d = desc(ks, w);
  const count = ks[d + SIZE_V]!;
  const run = ks[d + RUN]!;
  if (count >= r.threshold || run >= r.sequentialRun) {
    const saturated = ks[d + SAT_V] === 1;
    ctx.book.hit(ks, RI.enumeration, t, e, count, saturated, r.threshold, r.windowMs, pf.tmpl.template, ctx.src.of(ks, w, ENUM));
  }
}

/** Adds the path to its template's track (replacing the least recently used of full tracks); returns the track's window. */
function track(ks: KeyState, tmplId: number, pathHash: number, num: number, t: number, ref: number, off: number, windowMs: number): number {
  let w = -1;
  let used = 0;
  for (let i = 0; i < ENUM_TRACKS && exists(ks, enumTrack(i)); i++) {
    used++;
    if (ks[desc(ks, enumTrack(i)) + TAG] === tmplId) {
      w = enumTrack(i);
      break;
    }
  }
  if (w < 0) {
    if (used < ENUM_TRACKS) w = enumTrack(used);
    else {
      w = enumTrack(0);
      for (let i = 1; i < ENUM_TRACKS; i++) if (ks[desc(ks, enumTrack(i)) + LAST_USE]! < ks[desc(ks, w) + LAST_USE]!) w = enumTrack(i);
      vwClear(ks, w);
    }
    vwAdd(ks, w, pathHash, t, ref, off, windowMs, TRACK_CAP, ENUM_DATA); // creates the window on first use
    const d = desc(ks, w);
    ks[d + TAG] = tmplId;
    ks[d + LAST_NUM] = NaN;
    ks[d + LAST_TIME] = 0;
    ks[d + RUN] = 0;
  } else vwAdd(ks, w, pathHash, t, ref, off, windowMs, TRACK_CAP, ENUM_DATA);
  const d = desc(ks, w);
  ks[d + LAST_USE] = t;
  if (num === num) {
    // Sequential walk: each id one more (or one less) than the previous, without long pauses.
    if (t - ks[d + LAST_TIME]! < windowMs && (num === ks[d + LAST_NUM]! + 1 || num === ks[d + LAST_NUM]! - 1)) ks[d + RUN]++;
    else if (num !== ks[d + LAST_NUM]) ks[d + RUN] = 1;
    ks[d + LAST_NUM] = num;
    ks[d + LAST_TIME] = t;
  }
  return w;
}
