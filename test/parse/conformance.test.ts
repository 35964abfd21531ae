import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AccessEvent } from '../../core/events/event';
import type { ParseError, ParseErrorCode } from '../../core/events/parse-error';
import { forEachLine } from '../../core/io/line-reader';
import { createParser, detectFormat, joinClients } from '../../core/parse/index';
import type { FormatId, IgnoreReason } from '../../core/parse/parser';
import { SHARED } from './helpers';

/**
 * Every access log under ../shared (datasets, CrowdSec hub fixtures, WSO2 samples, gzip too) goes through
 * format detection and its parser. Prints a table and holds each file to what was measured: its format,
 * a minimum parse rate (lines that are neither an unexpected error), and exact counts where they are
 * known from the data's own documentation. Server error-log lines are expected errors: they must be
 * classified 'error-log-line' and are counted apart.
 */

interface FileResult {
  file: string;
  format: FormatId | null;
  confidence: number;
  lines: number;
  events: AccessEvent[];
  errors: Map<ParseErrorCode, ParseError[]>;
  ignored: Map<IgnoreReason, number>;
}

interface Expectation {
  format: FormatId | null;
  /** Share of lines that must not be an error other than 'error-log-line'. */
  minRate: number;
  events?: number;
  errorLogLines?: number;
}

// Files that are not access logs of any kind are left out: CSIC raw requests, OWASP CRS test records.
/** Measured: 129 of the 131 WARNs find their gateway call (status, time within 2 s). */
const MIN_JOINED = 129;

const ROOTS = ['datasets', 'crowdsec-hub-tests', 'wso2-samples'];
const SKIP = /(^|\/)(csic2010|owasp-crs-regression)\/|\.(md|txt|assert)$|\/(README|SOURCE|LICENSE)[^/]*$/;

function listLogs(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!SKIP.test(relative(SHARED, p))) out.push(p);
    }
  };
  for (const r of ROOTS) walk(join(SHARED, r));
  return out.sort();
}

// Measured on these files; a regression anywhere shows up as a changed count or rate.
const d = 'datasets/';
const c = 'crowdsec-hub-tests/';
const w3 = 'wso2-samples/apim-3.0.0-rgmatute/';
const w4 = 'wso2-samples/apim-4.5.0-usmanfarooq317/';
const EXPECT: Record<string, Expectation> = {
  [`${d}chuvakin-honeynet-httpd/honeynet_httpd_access.log`]: { format: 'combined', minRate: 1, events: 38_487 },
  [`${d}elastic-apache-logs/apache_logs`]: { format: 'combined', minRate: 1, events: 10_000 },
  [`${d}ployt0-nginx-internet/access.log`]: { format: 'combined', minRate: 1, events: 16_912 },
  [`${d}secrepo-web-logs/secrepo_2018-12-15_16.log`]: { format: 'combined', minRate: 1, events: 4_961 },
  [`${d}secrepo-web-logs/secrepo_2021-10_slice.log`]: { format: 'combined', minRate: 1, events: 5_854 },
  [`${d}secrepo-web-logs/access.log.2022-12-22`]: { format: 'combined', minRate: 1, events: 1_262 },
  // fail2ban fixtures: '# failJSON' comments, and mostly error logs (expected 'error-log-line').
  [`${d}fail2ban-test-logs/apache-auth.log`]: { format: 'combined', minRate: 1, events: 0, errorLogLines: 45 },
  [`${d}fail2ban-test-logs/apache-badbots.log`]: { format: 'combined', minRate: 1, events: 4 },
  [`${d}fail2ban-test-logs/apache-botsearch.log`]: { format: 'combined', minRate: 1, events: 0, errorLogLines: 19 },
  [`${d}fail2ban-test-logs/apache-fakegooglebot.log`]: { format: 'combined', minRate: 1, events: 3 },
  [`${d}fail2ban-test-logs/apache-modsecurity.log`]: { format: 'combined', minRate: 1, events: 0, errorLogLines: 4 },
  [`${d}fail2ban-test-logs/apache-nohome.log`]: { format: 'combined', minRate: 1, events: 0, errorLogLines: 2 },
  [`${d}fail2ban-test-logs/apache-noscript.log`]: { format: 'combined', minRate: 1, events: 0, errorLogLines: 13 },
  [`${d}fail2ban-test-logs/apache-overflows.log`]: { format: 'combined', minRate: 1, events: 0, errorLogLines: 11 },
  [`${d}fail2ban-test-logs/apache-pass.log`]: { format: 'combined', minRate: 1, events: 1 },
  [`${d}fail2ban-test-logs/apache-shellshock.log`]: { format: 'combined', minRate: 1, events: 0, errorLogLines: 2 },
  // Drupal watchdog and HAProxy lines are formats API Shield does not read.
  [`${d}fail2ban-test-logs/drupal-auth.log`]: { format: null, minRate: 0 },
  [`${d}fail2ban-test-logs/haproxy-http-auth.log`]: { format: 'haproxy', minRate: 1, events: 4 },
  [`${d}fail2ban-test-logs/lighttpd-auth.log`]: { format: 'combined', minRate: 1, events: 0, errorLogLines: 8 },
  [`${d}fail2ban-test-logs/nginx-bad-request.log`]: { format: 'combined', minRate: 1, events: 8 },
  [`${d}fail2ban-test-logs/nginx-botsearch.log`]: { format: 'combined', minRate: 1, events: 8, errorLogLines: 6 },
  [`${d}fail2ban-test-logs/nginx-forbidden.log`]: { format: 'combined', minRate: 1, events: 0, errorLogLines: 2 },
  [`${d}fail2ban-test-logs/nginx-http-auth.log`]: { format: 'combined', minRate: 1, events: 0, errorLogLines: 18 },
  [`${d}fail2ban-test-logs/nginx-limit-req.log`]: { format: 'combined', minRate: 1, events: 0, errorLogLines: 9 },
  [`${d}fail2ban-test-logs/php-url-fopen.log`]: { format: 'combined', minRate: 1, events: 1 },
  [`${d}fail2ban-test-logs/traefik-auth.log`]: { format: 'combined', minRate: 1, events: 6 },
  [`${c}apache-http-probing/apache-http-probing.log`]: { format: 'combined', minRate: 1, events: 77 },
  [`${c}apache2-http-sensitive-files/apache2-http-sensitive-files.log`]: { format: 'combined', minRate: 1, events: 13 },
  [`${c}apache2-logs/apache2-logs.log`]: { format: 'combined', minRate: 1, events: 7, errorLogLines: 2 },
  [`${c}envoy-http-crawl-non_statics/envoy-http-crawl-non_statics.log`]: { format: 'json', minRate: 1, events: 41 },
  [`${c}http-admin-interface-probing/http-admin-interface-probing.log`]: { format: 'combined', minRate: 1, events: 3 },
  [`${c}http-bf-wordpress-bf/http-bf-wordpress-bf.log`]: { format: 'combined', minRate: 1, events: 9 },
  [`${c}http-cve-probing/http-cve-probing.log`]: { format: 'combined', minRate: 1, events: 3 },
  [`${c}http-dos-bypass-cache/http_dos_bypass_cache.log`]: { format: 'combined', minRate: 1, events: 356 },
  [`${c}http-dos-invalid-http-versions/http-dos-invalid-http-versions.log`]: { format: 'combined', minRate: 1, events: 6 },
  [`${c}http-dos-random-uri/http_dos_random_uri.log`]: { format: 'combined', minRate: 1, events: 66 },
  [`${c}http-dos-switching-ua/http-dos-switching-ua.log`]: { format: 'combined', minRate: 1, events: 15 },
  [`${c}http-technology-probing/http-technology-probing.log`]: { format: 'combined', minRate: 1, events: 5 },
  [`${c}http-wordpress-scan/http-wordpress-scan.log`]: { format: 'combined', minRate: 1, events: 8 },
  [`${c}http-wordpress_user-enum/http-wordpress_user-enum.log`]: { format: 'combined', minRate: 1, events: 12 },
  [`${c}nginx-bad-user-agent/nginx-bad-user-agent.log`]: { format: 'combined', minRate: 1, events: 3 },
  [`${c}nginx-http-backdoor/nginx-http-backdoor.log`]: { format: 'combined', minRate: 1, events: 2 },
  [`${c}nginx-http-generic-bf/nginx-http-generic-bf.log`]: { format: 'combined', minRate: 1, events: 6, errorLogLines: 16 },
  [`${c}nginx-http-open-proxy/nginx-http-open-proxy.log`]: { format: 'combined', minRate: 1, events: 2 },
  [`${c}nginx-http-path-traversal/nginx-http-path-traversal.log`]: { format: 'combined', minRate: 1, events: 9 },
  [`${c}nginx-http-sensitive-files/nginx-http-sensitive-files.log`]: { format: 'combined', minRate: 1, events: 9 },
  [`${c}nginx-http-sqli-probing/nginx-http-sqli-probing.log`]: { format: 'combined', minRate: 1, events: 16 },
  [`${c}nginx-http-w00twoot/nginx-http-w00twoot.log`]: { format: 'combined', minRate: 1, events: 2 },
  [`${c}nginx-http-xss-probing/nginx-http-xss-probing.log`]: { format: 'combined', minRate: 1, events: 26 },
  [`${c}nginx_http-logs/nginx_http-logs.log`]: { format: 'combined', minRate: 1, events: 8, errorLogLines: 1 },
  [`${c}nginx_req_limit_exceeded/nginx_req_limit_exceeded.log`]: { format: 'combined', minRate: 1, events: 0, errorLogLines: 9 },
  // WSO2 3.0.0 gateway log: 8,498 inbound client requests (README) → 8,495 pairs + 3 never answered,
  // plus one 400 response whose request was never logged; backend calls ignored.
  [`${w3}http_access_.log.gz`]: { format: 'wso2-access', minRate: 1, events: 8_499 },
  // 131 auth-failure WARNs over the carbon files, repeated in the error log (SOURCE.md).
  [`${w3}wso2-apigw-errors.log.gz`]: { format: 'wso2-carbon', minRate: 1, events: 131 },
  [`${w3}wso2carbon-02-23-2020.log.gz`]: { format: 'wso2-carbon', minRate: 1, events: 51 },
  [`${w3}wso2carbon-02-24-2020.log.gz`]: { format: 'wso2-carbon', minRate: 1, events: 13 },
  [`${w3}wso2carbon-02-25-2020.log.gz`]: { format: 'wso2-carbon', minRate: 1, events: 49 },
  [`${w3}wso2carbon-02-26-2020.log.gz`]: { format: 'wso2-carbon', minRate: 1, events: 2 },
  [`${w3}wso2carbon-02-27-2020.log.gz`]: { format: 'wso2-carbon', minRate: 1, events: 3 },
  [`${w3}wso2carbon-02-28-2020.log.gz`]: { format: 'wso2-carbon', minRate: 1, events: 1 },
  [`${w3}wso2carbon-02-29-2020.log.gz`]: { format: 'wso2-carbon', minRate: 1, events: 6 },
  [`${w3}wso2carbon.log.gz`]: { format: 'wso2-carbon', minRate: 1, events: 6 },
  [`${w4}http_access.log`]: { format: 'wso2-access', minRate: 1, events: 12 },
  [`${w4}http_access_04-17-2026-1.log`]: { format: 'wso2-access', minRate: 1, events: 16 },
  [`${w4}http_access_.2026-04-17.log`]: { format: 'wso2-access', minRate: 1, events: 1_089 },
  [`${w4}wso2-apigw-errors.log`]: { format: 'wso2-carbon', minRate: 1, events: 2 },
  [`${w4}wso2carbon-04-17-2026.log`]: { format: 'wso2-carbon', minRate: 1, events: 2 },
  [`${w4}wso2carbon.log`]: { format: 'wso2-carbon', minRate: 1, events: 2 },
};

async function run(path: string): Promise<FileResult> {
  const head: string[] = [];
  const ac = new AbortController();
  await forEachLine(path, (t) => void (head.length < 50 ? head.push(t) : ac.abort()), { signal: ac.signal }).catch((e) => {
    if (!ac.signal.aborted) throw e;
  });
  const det = detectFormat(head);
  const r: FileResult = {
    file: relative(SHARED, path),
    format: det?.format ?? null,
    confidence: det?.confidence ?? 0,
    lines: 0,
    events: [],
    errors: new Map(),
    ignored: new Map(),
  };
  if (!det) {
    r.lines = (await forEachLine(path, () => {})).lines;
    return r;
  }
  const parser = createParser(det.format, { utcOffsetMinutes: 0 });
  const sink = {
    event: (e: AccessEvent) => void r.events.push(e),
    error: (e: ParseError) => {
      const list = r.errors.get(e.code) ?? [];
      list.push(e);
      r.errors.set(e.code, list);
    },
    ignored: (_l: number, reason: IgnoreReason) => void r.ignored.set(reason, (r.ignored.get(reason) ?? 0) + 1),
  };
  const { lines } = await forEachLine(path, (t, n, o) => parser.line(t, n, o, sink), {
    onLongLine: (n, o, len, h) => sink.error({ code: 'line-too-long', message: `${len}`, line: n, offset: o, source: 0, sample: h }),
  });
  parser.end(sink);
  r.lines = lines;
  return r;
}

const count = (r: FileResult, code: ParseErrorCode) => r.errors.get(code)?.length ?? 0;
const outcomes = (r: FileResult) =>
  r.events.length + [...r.errors.values()].reduce((s, l) => s + l.length, 0) + [...r.ignored.values()].reduce((s, n) => s + n, 0);
const unexpected = (r: FileResult) => outcomes(r) - r.events.length - [...r.ignored.values()].reduce((s, n) => s + n, 0) - count(r, 'error-log-line');
const rate = (r: FileResult) => (r.lines === 0 ? 1 : (r.lines - unexpected(r)) / r.lines);

function printTable(rows: FileResult[]): void {
  const fmt = (r: FileResult) => {
    const errs = [...r.errors].map(([k, v]) => `${k}:${v.length}`).join(' ') || '-';
    const ign = [...r.ignored].map(([k, v]) => `${k}:${v}`).join(' ') || '-';
    return [
      r.file.padEnd(78),
      `${r.format ?? '(none)'}${r.format ? ` ${r.confidence.toFixed(2)}` : ''}`.padEnd(18),
      String(r.lines).padStart(6),
      String(r.events.length).padStart(6),
      `${(rate(r) * 100).toFixed(1)}%`.padStart(7),
      `  errors ${errs}  ignored ${ign}`,
    ].join(' ');
  };
  console.log(['file'.padEnd(78), 'format conf'.padEnd(18), 'lines'.padStart(6), 'events'.padStart(6), 'rate'.padStart(7)].join(' '));
  for (const r of rows) console.log(fmt(r));
}

describe('conformance on ../shared logs', () => {
  const files = existsSync(SHARED) ? listLogs() : [];

  it('finds the shared logs', () => {
    expect(files.length).toBeGreaterThan(60);
    expect(files.map((f) => relative(SHARED, f)).sort()).toEqual(Object.keys(EXPECT).sort());
  });

  it('detects, parses and accounts for every line of every file', async () => {
    const rows: FileResult[] = [];
    for (const f of files) rows.push(await run(f));
    printTable(rows);
    for (const r of rows) {
      const want = EXPECT[r.file];
      expect(r.format, r.file).toBe(want.format);
      if (r.format === null) continue;
      expect(outcomes(r), `${r.file}: one outcome per line`).toBe(r.lines);
      expect(rate(r), r.file).toBeGreaterThanOrEqual(want.minRate);
      if (want.events !== undefined) expect(r.events.length, r.file).toBe(want.events);
      expect(count(r, 'error-log-line'), r.file).toBe(want.errorLogLines ?? 0);
      for (const e of r.events) {
        expect(Number.isFinite(e.time) && e.time > Date.UTC(2000, 0, 1), `${r.file}:${e.line} time`).toBe(true);
        if (r.format !== 'wso2-carbon') expect(e.client, `${r.file}:${e.line} client`).not.toBe('');
      }
    }
  });

  it('matches the fields CrowdSec parser.assert expects (nginx_http-logs, apache2-logs)', async () => {
    for (const [dir, parser] of [
      ['nginx_http-logs', 'nginx-logs'],
      ['apache2-logs', 'apache2-logs'],
    ] as const) {
      const base = join(SHARED, 'crowdsec-hub-tests', dir);
      const expected = readAssert(readFileSync(join(base, 'parser.assert'), 'utf8'), parser);
      const raw = readFileSync(join(base, `${dir}.log`), 'utf8').split('\n').filter((l) => l !== '');
      const p = createParser('combined');
      let checked = 0;
      raw.forEach((line, i) => {
        const want = expected.get(i);
        if (!want) return;
        const got: { event?: AccessEvent; error?: ParseErrorCode } = {};
        p.line(line, i + 1, 0, { event: (e) => (got.event = e), error: (e) => (got.error = e.code), ignored: () => {} });
        if (want.meta.log_type === 'http_error-log') {
          expect(got.error, `${dir}[${i}]`).toBe('error-log-line');
          return;
        }
        const e = got.event!;
        expect(e, `${dir}[${i}]`).toBeDefined();
        const pr = want.parsed;
        const actual: Record<string, string> = {
          remote_addr: e.client, clientip: e.client, verb: e.method, status: String(e.status), response: String(e.status),
          request: e.query ? `${e.path}?${e.query}` : e.path, target_fqdn: e.host, body_bytes_sent: String(e.bytes), bytes: String(e.bytes),
          remote_user: e.user || '-', auth: e.user || '-', http_user_agent: e.userAgent || '-', http_referer: e.referer || '-',
          referrer: e.referer || '-', http_version: e.protocol.replace('HTTP/', ''), httpversion: e.protocol.replace('HTTP/', ''),
        };
        for (const [k, v] of Object.entries(pr)) {
          if (k in actual) {
            expect(actual[k], `${dir}[${i}].${k}`).toBe(v);
            checked++;
          }
        }
        const stamp = pr.time_local ?? pr.timestamp;
        if (stamp) expect(e.time, `${dir}[${i}] time`).toBe(clfToMs(stamp));
      });
      expect(checked, dir).toBeGreaterThan(40);
    }
  });
});

/** `results["s01-parse"]["crowdsecurity/<parser>"][i].Evt.Parsed|Meta["k"] == "v"` lines, by i. */
function readAssert(text: string, parser: string): Map<number, { parsed: Record<string, string>; meta: Record<string, string> }> {
  const out = new Map<number, { parsed: Record<string, string>; meta: Record<string, string> }>();
  const re = new RegExp(`^results\\["s01-parse"\\]\\["crowdsecurity/${parser}"\\]\\[(\\d+)\\]\\.Evt\\.(Parsed|Meta)\\["(\\w+)"\\] == "((?:[^"\\\\]|\\\\.)*)"$`);
  for (const line of text.split('\n')) {
    const m = re.exec(line);
    if (!m) continue;
    const i = Number(m[1]);
    const slot = out.get(i) ?? { parsed: {}, meta: {} };
    (m[2] === 'Parsed' ? slot.parsed : slot.meta)[m[3]] = JSON.parse(`"${m[4]}"`);
    out.set(i, slot);
  }
  return out;
}

function clfToMs(s: string): number {
  const m = /^(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)$/.exec(s)!;
  const mon = 'JanFebMarAprMayJunJulAugSepOctNovDec'.indexOf(m[2]) / 3;
  const off = (Number(m[8]) * 60 + Number(m[9])) * (m[7] === '-' ? -1 : 1);
  return Date.UTC(+m[3], mon, +m[1], +m[4], +m[5], +m[6]) - off * 60_000;
}

describe('wso2-join on the real 3.0.0 logs', () => {
  it('attributes the carbon auth-failure WARNs to the client of the matching 401/403 gateway call', async () => {
    const base = join(SHARED, 'wso2-samples/apim-3.0.0-rgmatute');
    if (!existsSync(base)) return;
    const collect = async (file: string, format: FormatId) => {
      const p = createParser(format, { utcOffsetMinutes: -300 });
      const events: AccessEvent[] = [];
      const sink = { event: (e: AccessEvent) => void events.push(e), error: () => {}, ignored: () => {} };
      await forEachLine(join(base, file), (t, n, o) => p.line(t, n, o, sink));
      p.end(sink);
      return events;
    };
    const access = await collect('http_access_.log.gz', 'wso2-access');
    const warns = await collect('wso2-apigw-errors.log.gz', 'wso2-carbon');
    const attributed = joinClients(warns, access);
    console.log(`wso2-join: ${attributed} of ${warns.length} carbon auth failures attributed to a client`);
    expect(warns).toHaveLength(131);
    expect(attributed).toBeGreaterThanOrEqual(MIN_JOINED);
    for (const w of warns) if (w.client) expect(w.client).toBe('0:0:0:0:0:0:0:1');
    for (const w of warns) if (!w.client) console.log('  not joined:', w.line, new Date(w.time).toISOString(), w.status, w.errorCode);
  });
});
