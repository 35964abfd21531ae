/**
 * Object-id enumeration: one client walking many ids under one template (/users/1, /users/2 …). Tracks a few
 * templates per client (a client walks one or two collections at a time); ids are compared as path-info
 * identities, so the check is pointer compares.
 */
import type { AccessEvent } from '../../events/event';
import type { EnumTrack, KeyState } from '../key-state';
import type { PathInfo } from '../path-info';
import { DistinctWindow } from '../window';
import { RI } from './catalog';
import type { RuleContext } from './context';

const TRACKS = 4;
/** Distinct ids kept per template: enough to report a walk's real size in its reason. */
const TRACK_CAP = 64;

export function enumeration(ctx: RuleContext, ks: KeyState, e: AccessEvent, t: number, ref: number, pi: PathInfo): void {
  const r = ctx.cfg.rules.enumeration;
  if (ks.enums === null) {
    if (ks.reqCount === 1 && r.threshold > 1 && r.sequentialRun > 1) return; // first request: remembered only
    ks.enums = [];
    const f = ks.firstPi;
    if (ks.reqCount > 1 && f !== null && f.id !== '') track(ks, f, ks.firstT, ks.firstRef, ks.firstOff, r.windowMs);
  }
  const tr = track(ks, pi, t, ref, e.offset, r.windowMs);
  if (tr.count >= r.threshold || tr.run >= r.sequentialRun) {
    ctx.book.hit(ks, RI.enumeration, t, e, tr.count, tr.ids.saturated, r.threshold, r.windowMs, pi.tmpl.template, tr.ids);
  }
}

function track(ks: KeyState, pi: PathInfo, t: number, ref: number, off: number, windowMs: number): EnumTrack {
  const tracks = ks.enums!;
  let tr: EnumTrack | undefined;
  for (let i = 0; i < tracks.length; i++) {
    if (tracks[i]!.tmpl === pi.tmpl) {
      tr = tracks[i];
      break;
    }
  }
  if (tr === undefined) {
    tr = { tmpl: pi.tmpl, ids: new DistinctWindow(TRACK_CAP), lastNum: NaN, lastTime: 0, run: 0, lastUse: t, count: 0 };
    if (tracks.length < TRACKS) tracks.push(tr);
    else {
      let lru = 0;
      for (let i = 1; i < tracks.length; i++) if (tracks[i]!.lastUse < tracks[lru]!.lastUse) lru = i;
      tracks[lru] = tr;
    }
  }
  tr.lastUse = t;
  tr.count = tr.ids.add(pi, t, ref, off, windowMs);
  const num = pi.idNum;
  if (num === num) {
    // Sequential walk: each id one more (or one less) than the previous, without long pauses.
    if (t - tr.lastTime < windowMs && (num === tr.lastNum + 1 || num === tr.lastNum - 1)) tr.run++;
    else if (num !== tr.lastNum) tr.run = 1;
    tr.lastNum = num;
    tr.lastTime = t;
  }
  return tr;
}
