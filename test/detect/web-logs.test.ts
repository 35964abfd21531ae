import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Alert } from '../../core/detect/alert';
import { defaultConfig } from '../../core/detect/config';
import { forEachLine } from '../../core/io/line-reader';
import { parseModel } from '../../core/model/model-file';
import { scanFiles } from '../../core/pipeline/scan-files';
import { SHARED } from '../parse/helpers';

/**
 * The behaviour rules, with their defaults, on real web-server logs in ../shared/datasets (skipped without
 * them). These logs have no labels, so the test pins what a reader of the lines can tell for sure:
 * - readers loading a page and its static files, and a PDF fetched in ranges, are not floods (`burst` counted
 *   every request until static files went to `asset-flood`: Google's page-speed fetcher loading one home page
 *   three times in 30 s was a "burst");
 * - the floods and scanners in the same logs are still alerted;
 * - on a 2004 honeynet, every client that sent an IIS worm's probe (Code Red, Nimda) or the WebDAV SEARCH
 *   overflow is alerted;
 * - the WordPress botnet of the nginx log, one POST per IP at a time, which no per-client rule can see, is
 *   found whole: the `wordpress-botnet` rule names most of its IPs, and the shipped model (trained on
 *   generated API traffic only) flags the others; neither flags a page reader.
 * It prints alerts per rule for each log.
 */
const LOGS = {
  ployt0: join(SHARED, 'datasets/ployt0-nginx-internet/access.log'),
  elastic: join(SHARED, 'datasets/elastic-apache-logs/apache_logs'),
  secrepo: join(SHARED, 'datasets/secrepo-web-logs/secrepo_2018-12-15_16.log'),
  honeynet: join(SHARED, 'datasets/chuvakin-honeynet-httpd/honeynet_httpd_access.log'),
};
const present = Object.values(LOGS).every((f) => existsSync(f));

const MODEL = parseModel(readFileSync(join(import.meta.dirname, '../../resources/default-model.json'), 'utf8'));

async function alertsOf(path: string, withModel = false): Promise<Alert[]> {
  const { alerts } = await scanFiles({ paths: [path], config: defaultConfig(), ...(withModel ? { model: MODEL } : {}) });
  return alerts;
}

function rulesFor(alerts: Alert[], client: string): string[] {
  return [...new Set(alerts.filter((a) => a.key === client).map((a) => a.rule))].sort();
}

describe.skipIf(!present)('behaviour rules on real web-server logs', () => {
  const found: Record<string, Alert[]> = {};
  let withModel: Alert[] = [];
  beforeAll(async () => {
    for (const [name, path] of Object.entries(LOGS)) found[name] = await alertsOf(path);
    withModel = await alertsOf(LOGS.ployt0, true);
    const rules = [...new Set(Object.values(found).flatMap((as) => as.map((a) => a.rule)))].sort();
    const rows = rules.map((r) => `${r.padEnd(22)} ${Object.keys(LOGS).map((n) => String(found[n]!.filter((a) => a.rule === r).length).padStart(9)).join('')}`);
    console.log([`${'alerts per rule'.padEnd(22)} ${Object.keys(LOGS).map((n) => n.padStart(9)).join('')}`, ...rows].join('\n'));
  }, 60_000);

  test('page loads with their static files raise no burst (nginx, real timestamps)', () => {
    // 74.125.215.0 and 66.102.9.0 (Google, masked to /24 in this log) load the home page and its six
    // scripts and stylesheets, three times within 30 s.
    for (const client of ['74.125.215.0', '66.102.9.0']) expect(rulesFor(found.ployt0!, client)).toEqual([]);
  });

  test('a reader of a slide deck and a PDF downloaded in ranges raise nothing (Apache)', () => {
    // 83.149.9.216 fetches a presentation's 20 images, fonts and scripts; 89.2.87.1 a PDF in 18 range requests.
    for (const client of ['83.149.9.216', '89.2.87.1']) expect(rulesFor(found.elastic!, client)).toEqual([]);
  });

  test('the floods and scanners in the same logs are still alerted', () => {
    // 537 requests each from a botnet hammering xmlrpc.php and wp-login.php.
    for (const client of ['20.110.4.10', '20.193.135.50']) expect(rulesFor(found.ployt0!, client)).toContain('burst');
    // A bulk downloader of the site's log archive: 126 requests in 10 s.
    expect(rulesFor(found.secrepo!, '198.72.227.213')).toEqual(expect.arrayContaining(['burst', 'crawl', 'scan']));
  });

  test('the WordPress botnet that no per-client rule can see is found whole, by its rule and the model, and no page reader is', async () => {
    // IPs whose every request is a POST to xmlrpc.php or wp-login.php: most send one, a few minutes apart.
    const requests = new Map<string, number>();
    const other = new Set<string>();
    // Clients that ever acted like a browser: sent a Referer or fetched a stylesheet, script, image or font.
    const browsers = new Set<string>();
    await forEachLine(LOGS.ployt0, (line) => {
      const ip = line.slice(0, line.indexOf(' '));
      if (/"POST \/(xmlrpc|wp-login)\.php /.test(line)) requests.set(ip, (requests.get(ip) ?? 0) + 1);
      else other.add(ip);
      if (/" \d{3} \S+ "(?!-")|\.(?:css|js|png|jpe?g|gif|svg|ico|woff2?)[? ]/.test(line)) browsers.add(ip);
    });
    const bots = [...requests.keys()].filter((ip) => !other.has(ip));
    const flagged = new Set(withModel.filter((a) => a.rule === 'model').map((a) => a.key));
    const byRules = new Set(withModel.filter((a) => a.rule !== 'model').flatMap((a) => [a.key, ...(a.clients ?? [])]));
    const named = new Set(found.ployt0!.filter((a) => a.rule === 'wordpress-botnet').flatMap((a) => a.clients ?? []));
    const byRule = bots.filter((ip) => named.has(ip)).length;
    console.log(
      `WordPress botnet (nginx log): ${bots.length} IPs; the wordpress-botnet rule names ${byRule}; with the model, ` +
        `rule alerts name ${bots.filter((ip) => byRules.has(ip)).length} and model alerts flag ${bots.filter((ip) => flagged.has(ip)).length}`,
    );
    expect(bots.length).toBeGreaterThan(400);
    // The rule counts only IPs that had requested nothing else. A few it names came back days later with other
    // probes (HEAD /wp-config.php.save, webshell paths); none ever acted like a browser.
    expect(browsers.size).toBeGreaterThan(100);
    expect([...named].filter((ip) => browsers.has(ip))).toEqual([]);
    expect(byRule).toBeGreaterThan(0.8 * bots.length);
    // The model flags the clients no rule alert names (a client already in a rule alert gets no model alert).
    expect(bots.filter((ip) => !flagged.has(ip) && !byRules.has(ip))).toEqual([]);
    // Readers arriving from a search engine and loading a post with its stylesheets, scripts and images (the
    // model counted every static file as another endpoint, and flagged them).
    for (const client of ['42.236.10.0', '81.132.86.0', '89.165.144.0', '89.64.41.0', '106.101.67.0', '85.76.39.0']) {
      expect(rulesFor(withModel, client)).toEqual([]);
    }
  });

  test('every worm and overflow probe on the honeynet is alerted as a known exploit', async () => {
    const probers = new Set<string>();
    await forEachLine(LOGS.honeynet, (line) => {
      // The overflow's SEARCH carries a path of thousands of bytes (a bare `SEARCH /` is WebDAV discovery).
      if (/"SEARCH \/[^ ]{512}|"GET \/default\.ida\?|\/(?:root|cmd)\.exe/.test(line)) probers.add(line.slice(0, line.indexOf(' ')));
    });
    const exploits = new Set(found.honeynet!.filter((a) => a.rule === 'cve-probe').map((a) => a.key));
    console.log(`honeynet: ${probers.size} clients sent a worm or overflow probe; ${[...probers].filter((c) => exploits.has(c)).length} alerted as cve-probe`);
    expect(probers.size).toBeGreaterThan(700);
    expect([...probers].filter((c) => !exploits.has(c))).toEqual([]);
  });
});
