/**
 * The rule catalogue: stable numeric indexes for the hot path, the category shown in charts, and the
 * one-sentence reason of each rule (with the numbers that tripped it).
 */
import type { KeyKind } from '../alert';
import type { RuleId } from '../config';

/** What a reason sentence may quote. */
export interface ReasonFacts {
  key: string;
  keyKind: KeyKind;
  /** Highest window count seen during the episode (distinct values for distinct-count rules). */
  peak: number;
  /** The window hit its memory cap: the true peak is higher than `peak`. */
  saturated: boolean;
  count: number;
  threshold: number;
  windowMs: number;
  /** Rule-specific detail: an example path, the template, the user agent … */
  detail: string;
}

interface RuleSpec {
  id: RuleId;
  category: string;
  reason(f: ReasonFacts): string;
}

/** A window as reasons say it: "10 s", "15 min" (the Rules page shows defaults the same way). */
export function dur(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

function n(f: ReasonFacts): string {
  return f.saturated ? `over ${f.peak}` : String(f.peak);
}

function who(f: ReasonFacts): string {
  return f.keyKind === 'ip' ? f.key : `${f.keyKind} ${f.key}`;
}

function eg(f: ReasonFacts): string {
  return f.detail ? `, e.g. ${f.detail.length > 80 ? f.detail.slice(0, 80) + '…' : f.detail}` : '';
}

/** A window rule: "<peak> <what> in <window> from <key> (threshold <t>)". */
function windowed(id: RuleId, category: string, what: string): RuleSpec {
  return {
    id,
    category,
    reason: (f) => `${n(f)} ${what} in ${dur(f.windowMs)} from ${who(f)} (threshold ${f.threshold})${eg(f)}`,
  };
}

/** A signature rule: single hits say what matched; counted ones say how many. */
function signature(id: RuleId, what: string): RuleSpec {
  return {
    id,
    category: 'content',
    reason: (f) =>
      f.threshold <= 1
        ? `${what} from ${who(f)}${eg(f)} (${f.count} ${f.count === 1 ? 'request' : 'requests'})`
        : `${n(f)} ${what} requests in ${dur(f.windowMs)} from ${who(f)} (threshold ${f.threshold})${eg(f)}`,
  };
}

export const RULES: readonly RuleSpec[] = [
  windowed('burst', 'burst', 'requests'),
  windowed('scan', 'scan', 'distinct endpoints'),
  windowed('auth-abuse', 'auth', 'auth failures (401/403)'),
  windowed('slow-scan', 'scan', 'distinct endpoints answered 404'),
  windowed('low-slow-stuffing', 'auth', 'auth failures (401/403)'),
  {
    id: 'not-found-ratio',
    category: 'scan',
    reason: (f) =>
      `${f.peak} of the last ${f.threshold} requests from ${who(f)} were answered 404, within ${dur(f.windowMs)}${eg(f)}`,
  },
  {
    id: 'enumeration',
    category: 'enumeration',
    reason: (f) =>
      `${n(f)} distinct ids under ${f.detail} in ${dur(f.windowMs)} from ${who(f)} (threshold ${f.threshold} distinct or a sequential run)`,
  },
  {
    id: 'distributed-stuffing',
    category: 'auth',
    reason: (f) =>
      `auth failures against ${f.key} from ${n(f)} distinct IPs in ${dur(f.windowMs)} (threshold ${f.threshold})${eg(f)}`,
  },
  {
    id: 'wordpress-botnet',
    category: 'auth',
    reason: (f) =>
      `WordPress login POSTs to ${f.key} from ${n(f)} distinct IPs that requested nothing else, in ${dur(f.windowMs)} (threshold ${f.threshold})${eg(f)}`,
  },
  windowed('http-probing', 'scan', 'distinct paths answered 400/403/404/410'),
  windowed('crawl', 'scan', 'distinct non-static pages'),
  windowed('dos-random-uri', 'burst', 'requests for non-existent URIs (404)'),
  windowed('dos-cache-bypass', 'burst', 'distinct cache-busting query strings on one endpoint'),
  windowed('dos-ua-switching', 'burst', 'distinct user agents'),
  windowed('asset-flood', 'burst', 'requests for static files'),
  signature('sensitive-files', 'sensitive-file probe'),
  signature('path-traversal', 'path traversal attempt'),
  signature('sqli-probing', 'SQL injection probe'),
  signature('xss-probing', 'XSS probe'),
  signature('bad-user-agent', 'offensive-tool user agent'),
  signature('webshell-probe', 'webshell/backdoor probe'),
  signature('admin-probe', 'admin-interface probe'),
  signature('cve-probe', 'known-exploit (CVE) probe'),
  signature('open-proxy', 'open-proxy attempt'),
  signature('wordpress-scan', 'WordPress scan'),
  {
    id: 'wordpress-user-enum',
    category: 'enumeration',
    reason: (f) =>
      `${n(f)} distinct WordPress authors/users requested in ${dur(f.windowMs)} from ${who(f)} (threshold ${f.threshold})${eg(f)}`,
  },
  {
    id: 'wordpress-bruteforce',
    category: 'auth',
    reason: (f) =>
      `${n(f)} WordPress login POSTs in ${dur(f.windowMs)} from ${who(f)} (threshold ${f.threshold})${eg(f)}`,
  },
  signature('technology-probe', 'technology fingerprinting probe'),
  signature('w00tw00t', 'w00tw00t scanner probe'),
  signature('invalid-http-version', 'request with a non-existent HTTP version'),
  signature('rce-probing', 'remote code execution probe'),
  signature('ssrf-probing', 'server-side request forgery probe'),
  signature('protocol-probe', 'request that is not HTTP'),
];

/** Rule index by id, for the hot path. */
export const RI = Object.fromEntries(RULES.map((r, i) => [r.id, i])) as Record<RuleId, number>;
