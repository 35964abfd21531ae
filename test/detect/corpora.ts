/**
 * Readers for the two request corpora in ../shared/datasets that have no access-log form: the OWASP CRS
 * regression tests and the CSIC 2010 normal traffic. Each request becomes what an access log would keep of
 * it (method, path, query, user agent), so the content classifiers see exactly what they see in production.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { forEachLine } from '../../core/io/line-reader';
import { SHARED } from '../parse/helpers';

export const CRS_FILE = join(SHARED, 'datasets/owasp-crs-regression/crs_requests.jsonl');
export const CSIC_FILE = join(SHARED, 'datasets/csic2010/normalTrafficTraining.txt.gz');

export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  userAgent: string;
}

export interface CrsStage extends LoggedRequest {
  ruleId: number;
  /** Rules the stage must trigger (an attack) … */
  expect: number[];
  /** … or must not trigger (mostly benign look-alikes; some are attacks meant for a sibling rule). */
  noExpect: number[];
  /**
   * Everything the attack carries is in what an access log keeps: no body and no header other than the
   * ordinary ones (the user agent is logged). A payload in a cookie or a POST body is invisible to a log
   * reader, so those stages do not count for or against it.
   */
  visible: boolean;
}

/** Headers whose content carries no payload in the CRS tests, or (User-Agent) is logged. */
const ORDINARY_HEADERS = new Set([
  'user-agent', 'host', 'accept', 'connection', 'content-type', 'content-length', 'accept-encoding',
  'accept-language', 'accept-charset', 'cache-control', 'pragma', 'keep-alive', 'proxy-connection',
]);

/** `GET http://host:8080/a?b` as logged by the server: the path and query, without scheme and host. */
export function splitTarget(target: string): { path: string; query: string } {
  const t = target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?]*/i, '');
  const q = t.indexOf('?');
  return q < 0 ? { path: t || '/', query: '' } : { path: t.slice(0, q) || '/', query: t.slice(q + 1) };
}

interface CrsRecord {
  rule_id: number;
  method?: string | null;
  uri?: string | null;
  headers?: Record<string, unknown> | null;
  data?: unknown;
  encoded_request?: string | null;
  expect_ids?: number[] | null;
  no_expect_ids?: number[] | null;
}

/** The CRS stages with a request line (raw pre-encoded requests are left out). */
export function crsStages(): CrsStage[] {
  if (!existsSync(CRS_FILE)) return [];
  const out: CrsStage[] = [];
  for (const line of readFileSync(CRS_FILE, 'utf8').split('\n')) {
    if (line === '') continue;
    const r = JSON.parse(line) as CrsRecord;
    if (r.encoded_request || !r.uri) continue;
    const headers = new Map(Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
    const ua = headers.get('user-agent') ?? '';
    out.push({
      ruleId: r.rule_id,
      method: r.method ?? 'GET',
      ...splitTarget(r.uri),
      userAgent: ua === 'OWASP CRS test agent' ? 'Mozilla/5.0' : ua,
      expect: r.expect_ids ?? [],
      noExpect: r.no_expect_ids ?? [],
      visible: !r.data && [...headers.keys()].every((h) => ORDINARY_HEADERS.has(h)),
    });
  }
  return out;
}

/** The CSIC 2010 normal requests: a request line, then headers (User-Agent first), a blank line, a body. */
export async function csicNormal(): Promise<LoggedRequest[]> {
  if (!existsSync(CSIC_FILE)) return [];
  const out: LoggedRequest[] = [];
  let pending: LoggedRequest | null = null;
  await forEachLine(CSIC_FILE, (text) => {
    const m = /^([A-Z]+) (\S+) HTTP\/\d\.\d\r?$/.exec(text);
    if (m) {
      pending = { method: m[1]!, ...splitTarget(m[2]!), userAgent: '' };
      out.push(pending);
    } else if (pending && text.startsWith('User-Agent: ')) {
      pending.userAgent = text.slice(12).replace(/\r$/, '');
      pending = null;
    }
  });
  return out;
}
