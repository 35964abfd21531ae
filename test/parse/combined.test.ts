import { describe, expect, it } from 'vitest';
import { CombinedParser } from '../../core/parse/combined';
import { outcomeOf, parseLines, utc, type Expected } from './helpers';

const UA_CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36';

// [description, raw line, expected outcome]. Lines marked "real" are copied from ../shared samples.
const TABLE: [string, string, Expected][] = [
  [
    'real nginx combined (crowdsec nginx_http-logs)',
    '192.168.1.1 - - [04/Jan/2020:07:25:02 +0000] "GET /.well-known/acme-challenge/FMuukC2JOJ5HKmLBujjE_BkDo HTTP/1.1" 404 522 "-" "Go-http-client/1.1"',
    {
      time: utc('2020-01-04T07:25:02Z'), client: '192.168.1.1', method: 'GET', path: '/.well-known/acme-challenge/FMuukC2JOJ5HKmLBujjE_BkDo',
      query: '', protocol: 'HTTP/1.1', status: 404, bytes: 522, referer: '', userAgent: 'Go-http-client/1.1', user: '', host: '', kind: 'request',
    },
  ],
  [
    'real: query string split off the path',
    '192.168.1.1 - - [08/Jun/2020:08:04:43 +0000] "GET /solr/admin/info/system?wt=json HTTP/1.1" 500 803 "-" "' + UA_CHROME + '"',
    { path: '/solr/admin/info/system', query: 'wt=json', status: 500, bytes: 803, userAgent: UA_CHROME },
  ],
  [
    'real: vhost prefix (Apache %v)',
    'www.crowdsec.net 192.168.1.1 - - [08/Jun/2020:08:04:43 +0000] "GET /solr/admin/info/system?wt=json HTTP/1.1" 500 803 "-" "' + UA_CHROME + '"',
    { host: 'www.crowdsec.net', client: '192.168.1.1' },
  ],
  [
    'real: host:port prefix (Apache %v:%p)',
    'www.crowdsec11.net:80 192.168.1.1 - - [08/Jun/2020:08:04:43 +0000] "GET /test/uppercase/extensions.JPG HTTP/1.1" 301 0 "-" "' + UA_CHROME + '"',
    { host: 'www.crowdsec11.net', client: '192.168.1.1', status: 301, bytes: 0 },
  ],
  [
    'real: remote_user into user',
    '192.168.1.1 - user123 [08/Jun/2020:08:04:43 +0000] "GET /api/login HTTP/1.1" 200 150 "-" "curl/7.68.0"',
    { user: 'user123', path: '/api/login' },
  ],
  [
    'real: nginx without the ident field',
    '192.168.1.1 - [08/Jun/2020:08:04:43 +0000] "GET /api/test HTTP/1.1" 200 100 "-" "curl/7.68.0"',
    { client: '192.168.1.1', user: '', path: '/api/test', status: 200, bytes: 100 },
  ],
  [
    'real: Apache common (no referer, no user agent), other zone',
    '116.203.1.1 - - [05/Mar/2021:09:01:38 +0100] "GET /test/lists/sip_30d.txt HTTP/1.0" 200 1513',
    { time: utc('2021-03-05T08:01:38Z'), client: '116.203.1.1', protocol: 'HTTP/1.0', bytes: 1513, referer: '', userAgent: '' },
  ],
  [
    'real: website.com:443 vhost with a referer',
    'website.com:443 1.2.3.4 - - [25/Oct/2021:11:05:52 +0200] "GET /web/.well-known HTTP/1.1" 403 6963 "abc.com" "User-agent-string"',
    { host: 'website.com', client: '1.2.3.4', referer: 'abc.com', userAgent: 'User-agent-string', time: utc('2021-10-25T09:05:52Z') },
  ],
  [
    'real: syslog-wrapped nginx (crowdsec http-bf-wordpress-bf)',
    'Sep 15 16:13:46 ip-172-31-43-28.us-east-2.compute.internal nginx[2869]: 81.150.104.130 - - [15/Sep/2021:16:13:46 +0000] "POST /wp-login.php HTTP/1.1" 200 5364 "-" "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:64.0) Gecko/20100101 Firefox/64.0"',
    { client: '81.150.104.130', method: 'POST', path: '/wp-login.php', status: 200, host: '' },
  ],
  [
    'syslog-wrapped with a vhost',
    'Sep 15 16:13:46 web1 nginx: shop.example 81.150.104.130 - - [15/Sep/2021:16:13:46 +0000] "GET / HTTP/1.1" 200 1 "-" "-"',
    { client: '81.150.104.130', host: 'shop.example' },
  ],
  [
    'IPv6 client',
    '2001:db8::1 - - [10/Oct/2000:13:55:36 -0700] "GET /index.html HTTP/1.1" 200 2326 "-" "curl/8"',
    { client: '2001:db8::1', time: utc('2000-10-10T20:55:36Z') },
  ],
  [
    'real: host name as client (honeynet)',
    'pcp740115pcs.reston01.va.comcast.net - - [22/Apr/2004:11:52:42 -0400] "GET /doc/rt/overview-summary.html HTTP/1.0" 403 304 "-" "Mozilla/4.75 (Nikto/1.32 )"',
    { client: 'pcp740115pcs.reston01.va.comcast.net', status: 403, userAgent: 'Mozilla/4.75 (Nikto/1.32 )' },
  ],
  [
    'real: "-" request (408 timeout)',
    '63.206.169.171 - - [21/Apr/2004:15:43:49 -0400] "-" 408 - "-" "-"',
    { method: '', path: '', status: 408, bytes: -1 },
  ],
  [
    'real: empty request (nginx-bad-request)',
    '12.34.56.78 - root [20/Jan/2015:19:53:28 +0100] "" 400 47 "-" "-" "-"',
    { method: '', path: '', status: 400, user: 'root' },
  ],
  [
    'real: binary request escaped by nginx kept raw in path',
    '12.34.56.78 - - [20/Jan/2015:19:53:28 +0100] "\\x03\\x00\\x00/*\\xE0\\x00\\x00\\x00\\x00\\x00Cookie: mstshash=Administr" 400 47 "-" "-" "-"',
    { method: '', path: '\\x03\\x00\\x00/*\\xE0\\x00\\x00\\x00\\x00\\x00Cookie: mstshash=Administr', status: 400 },
  ],
  [
    'TLS handshake sent to the HTTP port',
    '203.0.113.9 - - [10/Oct/2023:08:00:00 +0000] "\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03" 400 157 "-" "-"',
    { method: '', path: '\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03', status: 400, protocol: '' },
  ],
  [
    'real: unescaped quote inside the request (Apache 1.3, honeynet)',
    '68.49.152.86 - - [22/Apr/2004:11:55:13 -0400] "GET" /hostadmin/?page=\' HTTP/1.0" 501 345 "-" "Mozilla/4.75 (Nikto/1.32 )"',
    { method: '', path: 'GET" /hostadmin/?page=\' HTTP/1.0', status: 501, bytes: 345 },
  ],
  [
    'real: garbage method token kept raw',
    '68.49.152.86 - - [22/Apr/2004:11:55:08 -0400] "alert(document.cookie)</script> /forum/memberlist.php?s=23 HTTP/1.0" 501 539 "-" "Mozilla/4.75 (Nikto/1.32 )"',
    { method: '', path: 'alert(document.cookie)</script> /forum/memberlist.php?s=23 HTTP/1.0', status: 501 },
  ],
  [
    'real: escaped quotes in the user agent (secrepo)',
    '188.76.8.81 - - [15/Dec/2018:08:00:39 -0800] "GET / HTTP/1.1" 200 12469 "-" "\\"Mozilla/5.0 (iPhone; CPU iPhone OS 11_0 like Mac OS X) Safari/604.1\\"" ',
    { userAgent: '\\"Mozilla/5.0 (iPhone; CPU iPhone OS 11_0 like Mac OS X) Safari/604.1\\"', status: 200 },
  ],
  [
    'real: escaped quote-space-quote inside the user agent (secrepo 2021)',
    '190.111.160.130 - - [24/Oct/2021:11:40:34 -0700] "GET / HTTP/1.1" 301 475 "-" "User-Agent\\" \\"Mozilla/5.0 (Windows NT 6.1;) Gecko/20100101 Firefox/13.0.1"',
    { userAgent: 'User-Agent\\" \\"Mozilla/5.0 (Windows NT 6.1;) Gecko/20100101 Firefox/13.0.1', referer: '' },
  ],
  [
    'escaped quote with a fake status inside the request',
    '1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /a?x=\\" 200 1 \\"y HTTP/1.1" 404 9 "-" "-"',
    { path: '/a', query: 'x=\\" 200 1 \\"y', status: 404, bytes: 9 },
  ],
  [
    'real: trailing space after the user agent (secrepo 2018)',
    '77.75.78.160 - - [15/Dec/2018:02:18:31 -0800] "GET /robots.txt HTTP/1.1" 200 334 "-" "Mozilla/5.0 (compatible; SeznamBot/3.2; +http://napoveda.seznam.cz/en/seznambot-intro/)" ',
    { path: '/robots.txt', userAgent: 'Mozilla/5.0 (compatible; SeznamBot/3.2; +http://napoveda.seznam.cz/en/seznambot-intro/)' },
  ],
  [
    'real: line cut inside the user agent (elastic apache_logs)',
    '46.118.127.106 - - [20/May/2015:12:05:17 +0000] "GET /scripts/grok-py-test/configlib.py HTTP/1.1" 200 235 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html',
    { status: 200, userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html' },
  ],
  [
    'real: CONNECT (open proxy probe)',
    '127.0.0.1 - - [24/Sep/2021:06:20:32 +0000] "CONNECT foo.com:25 HTTP/1.1" 400 166 "-" "-"',
    { method: 'CONNECT', path: 'foo.com:25', status: 400 },
  ],
  [
    'real: absolute URI and an extra "$http_x_forwarded_for" field',
    '127.0.0.2 - - [08/Aug/2022:21:18:26 +0000] "GET http://www.sbjudge4.com:80/ip4.php HTTP/1.0" 400 255 "-" "-" "-"',
    { client: '127.0.0.2', method: 'GET', path: 'http://www.sbjudge4.com:80/ip4.php', status: 400 },
  ],
  [
    'real: traefik trailing fields',
    '10.0.0.2 - username [18/Nov/2018:21:34:30 +0000] "GET /dashboard/ HTTP/2.0" 401 17 "-" "Mozilla/5.0 (X11; Linux x86_64; rv:57.0) Gecko/20100101 Firefox/57.0" 72 "Auth for frontend-Host-traefik-0" "/dashboard/" 0ms',
    { user: 'username', protocol: 'HTTP/2.0', status: 401, userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:57.0) Gecko/20100101 Firefox/57.0' },
  ],
  [
    'real: extra dash field, zone-less time, vhost after the time (fail2ban fakegooglebot)',
    '66.249.66.1 - - - [31/Jan/2015:14:29:44 ] fail2ban.org "GET / HTTP/1.1" 200 814 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" + 293 1149 546',
    { client: '66.249.66.1', host: 'fail2ban.org', time: utc('2015-01-31T14:29:44Z'), status: 200 },
  ],
  [
    'real: zone-less time with user (fail2ban apache-pass)',
    '192.0.2.12 - user1 [27/Jun/2013:11:55:44] "GET /knocking/ HTTP/1.1" 200 266 "http://domain.net/hello-world/" "Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:40.0) Gecko/20100101 Firefox/40.0"',
    { user: 'user1', time: utc('2013-06-27T11:55:44Z'), referer: 'http://domain.net/hello-world/' },
  ],
  [
    'invalid UTF-8 (decoded to U+FFFD) in the path (honeynet SEARCH overflow)',
    '63.202.172.242 - - [21/Apr/2004:12:45:13 -0400] "SEARCH /\uFFFD\uFFFD\uFFFD\uFFFD HTTP/1.1" 414 349 "-" "-"',
    { method: 'SEARCH', path: '/\uFFFD\uFFFD\uFFFD\uFFFD', status: 414 },
  ],
  [
    'a WSO2 response line read as combined has no method',
    '- 127.0.0.1  - [17/Apr/2026:17:06:54.643 +0500] "- - " 401 - "-" "-"',
    { method: '', path: '- - ', status: 401 },
  ],
  [
    'lower-case method is upper-cased',
    '1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "get /x HTTP/1.1" 200 1 "-" "-"',
    { method: 'GET', path: '/x' },
  ],
  [
    'unescaped spaces in the target',
    '1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /a b c?d e HTTP/1.1" 200 1 "-" "-"',
    { method: 'GET', path: '/a b c', query: 'd e', protocol: 'HTTP/1.1' },
  ],
  [
    'HTTP/0.9 request without a protocol',
    '1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /" 200 1 "-" "-"',
    { method: 'GET', path: '/', protocol: '' },
  ],
  [
    'zone-less time followed by a "]" where a zone would end',
    '1.2.3.4 - - [27/Jun/2013:11:55:44] "abc] HTTP/1.1" 200 1 "-" "-"',
    { time: utc('2013-06-27T11:55:44Z'), method: '', path: 'abc] HTTP/1.1', status: 200 },
  ],
  [
    'milliseconds in the time',
    '1.2.3.4 - - [17/Apr/2026:16:52:03.142 +0500] "GET / HTTP/1.1" 200 1 "-" "-"',
    { time: utc('2026-04-17T11:52:03.142Z') },
  ],
  ['nginx error-log line', '2021/12/01 13:53:33 [error] 31#31: *46 "/usr/share/nginx/html/market/index.html" is not found (2: No such file or directory), client: 172.17.0.1, server: localhost, request: "GET /market/ HTTP/1.1", host: "localhost"', { error: 'error-log-line' }],
  ['Apache 2.4 error-log line', '[Thu Oct 13 12:24:49.880562 2022] [auth_basic:error] [pid 10:tid 140120579262208] [client 31.33.58.75:50229] AH01618: user sss not found: /', { error: 'error-log-line' }],
  ['Apache 2.2 error-log line', '[Sat Jun 01 02:17:42 2013] [error] [client 192.168.33.1] File does not exist: /srv/http/site/', { error: 'error-log-line' }],
  ['syslog-wrapped Apache error line', 'Feb 15 16:23:00 srv httpd[22034]: [authz_core:error] [pid 22034] [client 192.0.2.1:58585] AH01630: client denied by server configuration: /home/www/', { error: 'error-log-line' }],
  ['lighttpd error-log line', "2011-12-25 17:09:20: (http_auth.c.875) password doesn't match for /gitweb/ username: francois, IP: 4.4.4.4", { error: 'error-log-line' }],
  ['blank line', '', { ignored: 'blank' }],
  ['whitespace line', '   \t ', { ignored: 'blank' }],
  ['comment', '# failJSON: { "time": "2007-03-05T14:39:21", "match": true , "host": "1.2.3.4" }', { ignored: 'comment' }],
  ['bad month', '1.2.3.4 - - [10/Foo/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1', { error: 'bad-timestamp' }],
  ['bad zone', '1.2.3.4 - - [10/Oct/2000:13:55:36 X0700] "GET / HTTP/1.1" 200 1', { error: 'bad-timestamp' }],
  ['hour out of range', '1.2.3.4 - - [10/Oct/2000:25:55:36 -0700] "GET / HTTP/1.1" 200 1', { error: 'bad-timestamp' }],
  ['non-numeric status', '1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 2x0 1 "-" "-"', { error: 'bad-status' }],
  ['WSO2 request line (status "-") is not combined', '- 127.0.0.1 - - [17/Apr/2026:17:06:54.643 +0500] "GET /test/1.0.0/posts HTTP/1.1" - - "-" "PostmanRuntime/7.39.1"', { error: 'bad-status' }],
  ['non-numeric bytes', '1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 12a "-" "-"', { error: 'bad-number' }],
  ['request cut short', '1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /abc', { error: 'bad-request-line' }],
  ['status missing', '1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1"', { error: 'missing-field' }],
  ['unquoted request', '1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] GET / HTTP/1.1 200 1', { error: 'bad-request-line' }],
  ['no client', ' [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1', { error: 'missing-field' }],
  ['random text', 'hello world, this is not a log line', { error: 'unrecognized' }],
  ['binary junk', '\u0000\u0001\u0002\u0003binary\u0004\u0005', { error: 'binary' }],
];

describe('combined parser', () => {
  it.each(TABLE)('%s', (_desc, raw, expected) => {
    const got = outcomeOf(new CombinedParser(), raw);
    expect(got).toMatchObject(expected);
  });

  it('sets line, offset and source, and reuses one parser across lines', () => {
    const p = new CombinedParser({ source: 3 });
    const c = parseLines(p, [TABLE[0][1], '', TABLE[1][1]]);
    expect(c.events.map((e) => [e.line, e.offset, e.source])).toEqual([
      [1, 0, 3],
      [3, 2000, 3],
    ]);
    expect(c.ignored).toEqual([{ line: 2, reason: 'blank' }]);
  });

  it('reads the nginx "$http_x_forwarded_for" field only when trusted', () => {
    const raw = '10.0.0.5 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "curl/8" "203.0.113.7, 10.0.0.1"';
    expect(outcomeOf(new CombinedParser(), raw)).toMatchObject({ client: '10.0.0.5' });
    expect(outcomeOf(new CombinedParser({ trustForwardedFor: true }), raw)).toMatchObject({ client: '203.0.113.7' });
  });

  it('keeps timestamps right across minute, day, year and zone changes', () => {
    const p = new CombinedParser();
    const stamps = [
      '31/Dec/1999:23:59:59 +0000',
      '01/Jan/2000:00:00:00 +0000',
      '01/Jan/2000:00:00:01 +0000',
      '01/Jan/2000:00:00:01 -0130',
      '29/Feb/2024:12:00:00 +0545',
      '29/Feb/2024:12:00:07 +0545',
      '01/Mar/2024:00:00:00 -1200',
    ];
    const lines = stamps.map((t) => `1.2.3.4 - - [${t}] "GET / HTTP/1.1" 200 1`);
    const got = parseLines(p, lines).events.map((e) => e.time);
    const want = stamps.map((t) => {
      const [, d, mon, y, hms, z] = /^(\d+)\/(\w+)\/(\d+):(\S+) (\S+)$/.exec(t)!;
      return Date.parse(`${d} ${mon} ${y} ${hms} GMT${z}`);
    });
    expect(got).toEqual(want);
  });
});
