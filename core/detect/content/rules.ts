/**
 * Content rules: each content flag of an event feeds its rule's per-key window. Single-hit rules have
 * threshold 1; probing rules need a few hits in their window (like CrowdSec's bucket capacities). Some only
 * count failed requests (status ≥ 400): a real admin opening /administrator/ gets 200, a prober gets 404.
 */
import type { AccessEvent } from '../../events/event';
import type { RuleId, WindowRule } from '../config';
import type { KeyState } from '../key-state';
import * as catalog from '../rules/catalog';
import type { RuleContext } from '../rules/context';
import * as record from '../record';
import * as windows from '../record-windows';
import { DistinctWindow } from '../window';
import {
  authorParam,
  F_ADMIN,
  F_BAD_UA,
  F_BAD_VERSION,
  F_CVE,
  F_PROXY,
  F_RCE,
  F_SENSITIVE,
  F_SQLI,
  F_PROTOCOL,
  F_SSRF,
  F_TECH,
  F_TRAVERSAL,
  F_W00T,
  F_WEBSHELL,
  F_WP,
  F_WP_AUTHOR,
  F_WP_LOGIN,
  F_WP_USERS,
  F_XSS,
} from './classify';

// Imported values are bound to module constants once: under Vite's module transform (vitest) every
// read of an imported binding is a getter call, which the per-event code would pay on each use.
const { RI, RULES } = catalog;
const { CONTENT_WINDOWS, TQ, W_CONTENT } = record;
const { saturated, tqPush } = windows;

/** Flag → rule, and whether the rule only counts requests the server refused or could not find. */
const MAP: [flag: number, rule: RuleId, failedOnly: boolean][] = [
  [F_SENSITIVE, 'sensitive-files', false],
  [F_TRAVERSAL, 'path-traversal', false],
  [F_SQLI, 'sqli-probing', false],
  [F_XSS, 'xss-probing', false],
  [F_BAD_UA, 'bad-user-agent', false],
  [F_WEBSHELL, 'webshell-probe', false],
  [F_ADMIN, 'admin-probe', true],
  [F_CVE, 'cve-probe', false],
  [F_PROXY, 'open-proxy', false],
  [F_WP, 'wordpress-scan', true],
  [F_TECH, 'technology-probe', true],
  [F_W00T, 'w00tw00t', false],
  [F_BAD_VERSION, 'invalid-http-version', false],
  [F_RCE, 'rce-probing', false],
  [F_SSRF, 'ssrf-probing', false],
  [F_PROTOCOL, 'protocol-probe', false],
];

function detailOf(rule: RuleId, e: AccessEvent): string {
  if (rule === 'bad-user-agent') return e.userAgent;
  if (rule === 'invalid-http-version') return e.protocol;
  if (rule === 'open-proxy') return `${e.method} ${e.path}`;
  if (rule === 'protocol-probe') return e.method === '' ? e.path : `${e.method} ${e.path}`;
  return e.query === '' ? e.path : `${e.path}?${e.query}`;
}

/**
 * Content windows live in the key's record, one per counted rule, from W_CONTENT on: the window of each rule
 * by its catalogue index. Assigned here rather than derived from catalogue positions, so that a rule added
 * anywhere in the catalogue cannot move another rule's window past the record's end.
 */
const WINDOW_OF = new Int32Array(RULES.length).fill(-1);
let nextWindow = W_CONTENT;
for (const rule of [...MAP.map((m) => m[1]), 'wordpress-bruteforce' as const]) {
  if (nextWindow >= W_CONTENT + CONTENT_WINDOWS) throw new Error(`record.ts has CONTENT_WINDOWS = ${CONTENT_WINDOWS}: too few for ${rule}`);
  WINDOW_OF[RI[rule]] = nextWindow++;
}

function count(ctx: RuleContext, ks: KeyState, e: AccessEvent, t: number, ref: number, rule: RuleId, r: WindowRule): void {
  const idx = RI[rule];
  const w = WINDOW_OF[idx]!;
  const n = tqPush(ks, w, t, ref, e.offset, r.windowMs, 2, Math.max(64, 2 * r.threshold));
  if (n >= r.threshold) {
    ctx.book.hit(ks, idx, t, e, n, saturated(ks, w, TQ), r.threshold, r.windowMs, detailOf(rule, e), ctx.src.of(ks, w, TQ));
  }
}

export function contentRules(ctx: RuleContext, ks: KeyState, e: AccessEvent, t: number, ref: number, flags: number): void {
  const rules = ctx.cfg.rules;
  const failed = e.status >= 400;
  for (let i = 0; i < MAP.length; i++) {
    const m = MAP[i]!;
    if ((flags & m[0]) === 0 || (m[2] && !failed)) continue;
    const r = rules[m[1]] as WindowRule;
    if (r.enabled) count(ctx, ks, e, t, ref, m[1], r);
  }
  if ((flags & F_WP_LOGIN) !== 0 && e.method === 'POST' && rules['wordpress-bruteforce'].enabled) {
    count(ctx, ks, e, t, ref, 'wordpress-bruteforce', rules['wordpress-bruteforce']);
  }
  if ((flags & (F_WP_AUTHOR | F_WP_USERS)) !== 0 && rules['wordpress-user-enum'].enabled) userEnum(ctx, ks, e, t, ref, flags);
}

/** Distinct ?author= values (or distinct /wp-json/wp/v2/users URLs): asking for author 1 six times is not enumeration. */
function userEnum(ctx: RuleContext, ks: KeyState, e: AccessEvent, t: number, ref: number, flags: number): void {
  const r = ctx.cfg.rules['wordpress-user-enum'];
  const value = (flags & F_WP_AUTHOR) !== 0 ? authorParam(e.query) : `${e.path}?${e.query}`;
  if (value === '') return;
  let w = ks.extra().authors;
  if (w === null) w = ks.extra().authors = new DistinctWindow(2 * r.threshold);
  const n = w.add(value, t, ref, e.offset, r.windowMs);
  if (n >= r.threshold) {
    ctx.book.hit(ks, RI['wordpress-user-enum'], t, e, n, w.saturated, r.threshold, r.windowMs, `${e.path}?${e.query}`, w);
  }
}
