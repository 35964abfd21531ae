/**
 * CrowdSec hub conformance: for every hub test with a scenario.assert, parse its input log with our parsers,
 * run the Detector with the DEFAULT configuration and compare the alerted client IPs with the IPs the hub
 * expects. The fixtures live in ../shared (never copied into the repo); the test is skipped without them.
 *
 * A hub test loads only the scenario under test, so the headline comparison uses our rule(s) equivalent to
 * that scenario. The table also shows the IPs alerted by ANY rule: our behaviour rules (burst at 15 req/10 s,
 * invalid HTTP versions …) legitimately flag extra clients that the single hub scenario ignores.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Alert } from '@core/detect/alert';
import { defaultConfig, type RuleId } from '@core/detect/config';
import { Detector } from '@core/detect/detector';
import type { AccessEvent } from '@core/events/event';
import type { ParseError } from '@core/events/parse-error';
import { forEachLine } from '@core/io/line-reader';
import { createParser, detectFormat } from '@core/parse/index';

const HUB = resolve(import.meta.dirname, '../../../shared/crowdsec-hub-tests');

/** Hub scenario → our equivalent rule(s). */
const EQUIVALENT: Record<string, RuleId[]> = {
  'crowdsecurity/http-probing': ['http-probing'],
  'crowdsecurity/http-sensitive-files': ['sensitive-files'],
  'crowdsecurity/http-crawl-non_statics': ['crawl'],
  'crowdsecurity/http-path-traversal-probing': ['path-traversal'],
  'crowdsecurity/http-sqli-probbing-detection': ['sqli-probing'],
  'crowdsecurity/http-xss-probbing': ['xss-probing'],
  'crowdsecurity/http-bad-user-agent': ['bad-user-agent'],
  'crowdsecurity/http-backdoors-attempts': ['webshell-probe'],
  'crowdsecurity/http-cve-probing': ['cve-probe'],
  'crowdsecurity/http-generic-bf': ['auth-abuse'],
  'LePresidente/http-generic-401-bf': ['auth-abuse'],
  'crowdsecurity/http-admin-interface-probing': ['admin-probe'],
  'crowdsecurity/http-dos-random-uri': ['dos-random-uri'],
  'crowdsecurity/http-dos-bypass-cache': ['dos-cache-bypass'],
  'crowdsecurity/http-dos-swithcing-ua': ['dos-ua-switching'],
  'crowdsecurity/http-dos-invalid-http-versions': ['invalid-http-version'],
  'crowdsecurity/http-technology-probing': ['technology-probe'],
  'crowdsecurity/http-wordpress-scan': ['wordpress-scan'],
  'crowdsecurity/http-wordpress_user-enum': ['wordpress-user-enum'],
  'crowdsecurity/http-bf-wordpress_bf': ['wordpress-bruteforce'],
  'crowdsecurity/http-open-proxy': ['open-proxy'],
  'ltsich/http-w00tw00t': ['w00tw00t'],
  'crowdsecurity/nginx-req-limit-exceeded': [],
};

/** Signature rules: firing one of these on the wrong test means a pattern is too broad. */
const SIGNATURE_RULES = new Set<string>([
  'sensitive-files',
  'path-traversal',
  'sqli-probing',
  'xss-probing',
  'bad-user-agent',
  'webshell-probe',
  'admin-probe',
  'cve-probe',
  'open-proxy',
  'wordpress-scan',
  'wordpress-user-enum',
  'wordpress-bruteforce',
  'technology-probe',
  'w00tw00t',
  'invalid-http-version',
]);

/** Signature overlaps that are right, with why. */
const TOLERATED: Record<string, string[]> = {
  // The switching-UA flood also sends "GET / HTTP/1.2": a non-existent HTTP version is its own finding.
  'http-dos-switching-ua': ['invalid-http-version'],
};

/** Minimum number of matching hub tests; raise it when the detector improves, never lower it. */
const MIN_MATCHING = 22;

interface Outcome {
  test: string;
  expected: string[];
  ours: string[];
  anyRule: string[];
  match: boolean;
  unexpected: string[];
  excluded: string;
  rulesFired: string[];
}

function expectations(assertText: string): { ips: string[]; scenarios: string[] } {
  const ips = new Set<string>();
  const scenarios = new Set<string>();
  for (const line of assertText.split('\n')) {
    const ip = /^"([^"]+)" in results\[\d+\]\.Overflow\.GetSources\(\)/.exec(line.trim());
    if (ip) ips.add(ip[1]!);
    const sc = /GetScenario\(\) == "([^"]+)"/.exec(line);
    if (sc) scenarios.add(sc[1]!);
  }
  return { ips: [...ips].sort(), scenarios: [...scenarios] };
}

async function runTest(dir: string): Promise<Outcome> {
  const test = dir.split('/').pop()!;
  const { ips: expected, scenarios } = expectations(readFileSync(join(dir, 'scenario.assert'), 'utf8'));
  const log = readdirSync(dir).find((f) => f.endsWith('.log'))!;
  const path = join(dir, log);
  const lines = readFileSync(path, 'utf8').split('\n').slice(0, 50);
  const detected = detectFormat(lines.filter((l) => l.trim() !== ''));
  const alerts: Alert[] = [];
  const events: AccessEvent[] = [];
  const errors: ParseError[] = [];
  if (detected) {
    const parser = createParser(detected.format);
    const sink = { event: (e: AccessEvent) => events.push(e), error: (e: ParseError) => errors.push(e), ignored() {} };
    await forEachLine(path, (text, lineNo, offset) => parser.line(text, lineNo, offset, sink));
    parser.end(sink);
  }
  const detector = new Detector(defaultConfig(), { alert: (a) => void alerts.push(a) });
  for (const e of events) detector.push(e);
  detector.finish();
  const finals = new Map(alerts.map((a) => [a.id, a]));
  const ipAlerts = [...finals.values()].filter((a) => a.keyKind === 'ip');
  const rules = new Set(scenarios.flatMap((s) => EQUIVALENT[s] ?? []));
  const ours = [...new Set(ipAlerts.filter((a) => rules.has(a.rule as RuleId)).map((a) => a.key))].sort();
  const anyRule = [...new Set(ipAlerts.map((a) => a.key))].sort();
  const tolerated = new Set(TOLERATED[test] ?? []);
  const unexpected = [
    ...new Set(ipAlerts.filter((a) => SIGNATURE_RULES.has(a.rule) && !rules.has(a.rule as RuleId) && !tolerated.has(a.rule)).map((a) => `${a.rule}@${a.key}`)),
  ];
  let excluded = '';
  if (events.length === 0 && errors.length > 0 && errors.every((e) => e.code === 'error-log-line')) {
    excluded = `input is ${errors.length} server error-log lines, which access-log parsers classify as errors`;
  } else if (!detected) excluded = 'log format not recognised';
  const rulesFired = [...new Set(ipAlerts.map((a) => a.rule))].sort();
  return { test, expected, ours, anyRule, match: ours.join() === expected.join(), unexpected, excluded, rulesFired };
}

const dirs = existsSync(HUB)
  ? readdirSync(HUB)
      .map((d) => join(HUB, d))
      .filter((d) => existsSync(join(d, 'scenario.assert')))
      .sort()
  : [];

describe.skipIf(dirs.length === 0)('CrowdSec hub tests (default configuration)', () => {
  test('alerted IPs match the hub expectations', async () => {
    const outcomes: Outcome[] = [];
    for (const d of dirs) outcomes.push(await runTest(d));
    const scored = outcomes.filter((o) => !o.excluded);
    const rows = outcomes.map((o) => [
      o.test,
      o.expected.join(' '),
      o.excluded ? '(excluded)' : o.ours.join(' ') || '-',
      o.excluded ? 'n/a' : o.match ? 'yes' : 'NO',
      o.excluded ? '' : o.anyRule.join(' ') || '-',
      o.rulesFired.join(' '),
    ]);
    const head = ['test', 'expected IPs', 'our IPs (equivalent rule)', 'match', 'IPs alerted by any rule', 'our rules that fired'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
    const matching = scored.filter((o) => o.match).length;
    const anyMatching = scored.filter((o) => o.anyRule.join() === o.expected.join()).length;
    const report = [
      fmt(head),
      widths.map((w) => '-'.repeat(w)).join('-|-'),
      ...rows.map(fmt),
      '',
      `${matching}/${scored.length} hub tests match (equivalent rule); ${anyMatching}/${scored.length} also match on IPs alerted by any rule`,
      ...outcomes.filter((o) => o.excluded).map((o) => `excluded ${o.test}: ${o.excluded}`),
      ...outcomes.filter((o) => o.unexpected.length).map((o) => `unexpected signature alerts in ${o.test}: ${o.unexpected.join(', ')}`),
    ].join('\n');
    console.log(report);
    expect(matching).toBeGreaterThanOrEqual(MIN_MATCHING);
    expect(outcomes.flatMap((o) => o.unexpected.map((u) => `${o.test}: ${u}`))).toEqual([]);
  });
});
