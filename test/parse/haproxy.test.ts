import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../core/parse/detect-format';
import { HaproxyParser } from '../../core/parse/haproxy';
import { outcomeOf, parseLines, SHARED, utc, type Expected } from './helpers';

// [description, raw line, expected outcome]. "real" lines are from ../shared (fail2ban's haproxy fixture).
const TABLE: [string, string, Expected][] = [
  [
    'real: syslog-wrapped HTTP log, 403 from a server',
    'Nov 14 22:45:27 test haproxy[760]: 192.168.33.1:58444 [14/Nov/2015:22:45:25.439] main app/app1 1939/0/1/0/1940 403 5168 - - ---- 3/3/0/0/0 0/0 "GET / HTTP/1.1"',
    {
      time: utc('2015-11-14T22:45:25.439Z'), client: '192.168.33.1', method: 'GET', path: '/', query: '', protocol: 'HTTP/1.1',
      status: 403, bytes: 5168, latencyMs: 1940, userAgent: '', host: '', kind: 'request',
    },
  ],
  [
    'real: 401 answered by HAProxy itself (<NOSRV>), aborted timers',
    'Nov 14 22:45:11 test haproxy[760]: 192.168.33.1:58430 [14/Nov/2015:22:45:11.608] main main/<NOSRV> -1/-1/-1/-1/0 401 248 - - PR-- 0/0/0/0/0 0/0 "GET / HTTP/1.1"',
    { client: '192.168.33.1', status: 401, bytes: 248, latencyMs: 0 },
  ],
  [
    'real: IPv6 client with its port',
    'Nov 14 22:45:11 test haproxy[760]: 2001:db8::1234:58430 [14/Nov/2015:22:45:11.608] main main/<NOSRV> -1/-1/-1/-1/0 401 248 - - PR-- 0/0/0/0/0 0/0 "GET / HTTP/1.1"',
    { client: '2001:db8::1234' },
  ],
  [
    'real: IPv4-mapped IPv6 client is the IPv4 address',
    'Nov 14 22:45:11 test haproxy[760]: ::ffff:192.168.33.1:58430 [14/Nov/2015:22:45:11.608] main main/<NOSRV> -1/-1/-1/-1/0 401 248 - - PR-- 0/0/0/0/0 0/0 "GET / HTTP/1.1"',
    { client: '192.168.33.1' },
  ],
  [
    'the documentation example: captured headers, query, Ta as latency',
    'Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu|curl/8.4.0} {} "GET /index.html?lang=en HTTP/1.1"',
    { client: '10.0.1.2', path: '/index.html', query: 'lang=en', status: 200, bytes: 2750, latencyMs: 109, userAgent: 'curl/8.4.0' },
  ],
  [
    'no syslog header (log to stdout), TLS frontend~, aborted status -1 and logasap +bytes',
    '203.0.113.9:5100 [25/Nov/2026:10:00:00.001] https-in~ api/api1 0/0/1/-1/+2 -1 +1204 - - CD-- 5/5/1/1/0 0/0 "POST /v1/login HTTP/1.1"',
    { time: utc('2026-11-25T10:00:00.001Z'), client: '203.0.113.9', method: 'POST', path: '/v1/login', status: 0, bytes: 1204, latencyMs: 2 },
  ],
  [
    'HTTP/2: the absolute URI gives the host, the path stays a path',
    '203.0.113.9:5100 [25/Nov/2026:10:00:00.001] https-in~ api/api1 0/0/1/3/4 200 88 - - ---- 1/1/0/0/0 0/0 "GET https://api.example.com:8443/v1/users/7?x=1 HTTP/2.0"',
    { host: 'api.example.com', path: '/v1/users/7', query: 'x=1', protocol: 'HTTP/2.0', method: 'GET' },
  ],
  [
    'httpslog: TLS fields after the request are ignored',
    '203.0.113.9:5100 [25/Nov/2026:10:00:00.001] https-in~ api/api1 0/0/1/3/4 404 88 - - ---- 1/1/0/0/0 0/0 "GET /.env HTTP/1.1" 0/0000000000000000/0/0/0 api.example.com/TLSv1.3/TLS_AES_256_GCM_SHA384',
    { path: '/.env', status: 404, protocol: 'HTTP/1.1' },
  ],
  [
    'a bad request is kept as what the client sent',
    '198.51.100.4:6000 [25/Nov/2026:10:00:00.001] http-in http-in/<NOSRV> -1/-1/-1/-1/0 400 187 - - PR-- 1/1/0/0/0 0/0 "<BADREQ>"',
    { method: '', path: '<BADREQ>', status: 400 },
  ],
  [
    'an overlong request cut without its closing quote still yields the event',
    '198.51.100.4:6000 [25/Nov/2026:10:00:00.001] http-in app/a1 0/0/0/1/1 414 187 - - ---- 1/1/0/0/0 0/0 "GET /aaaaaaaaaaaaaaaaaaaaaaaaaaa',
    { method: 'GET', path: '/aaaaaaaaaaaaaaaaaaaaaaaaaaa', status: 414 },
  ],
  [
    'TCP-mode line: not a request',
    'Feb  6 12:12:51 localhost haproxy[14387]: 10.0.1.2:33313 [06/Feb/2009:12:12:51.443] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0',
    { ignored: 'not-an-event' },
  ],
  ['HAProxy message: not a request', 'Nov 14 22:40:01 test haproxy[760]: Proxy main started.', { ignored: 'not-an-event' }],
  ['blank', '', { ignored: 'blank' }],
  ['garbage', 'hello world', { error: 'unrecognized' }],
  [
    'a bad accept date',
    '10.0.1.2:33317 [06/Foo/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"',
    { error: 'bad-timestamp' },
  ],
  [
    'a status that is not a number',
    '10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 2x0 2750 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"',
    { error: 'bad-status' },
  ],
  [
    'cut short after the timers',
    '10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200',
    { error: 'missing-field' },
  ],
  [
    'no request after the counters',
    '10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 GET',
    { error: 'bad-request-line' },
  ],
];

describe('haproxy parser', () => {
  it.each(TABLE)('%s', (_desc, raw, expected) => {
    expect(outcomeOf(new HaproxyParser(), raw)).toMatchObject(expected);
  });

  it('is what the format detector picks for HAProxy logs, and never for nginx', () => {
    const lines = TABLE.slice(0, 8).map((r) => r[1]);
    expect(detectFormat(lines)?.format).toBe('haproxy');
    const nginx = '192.168.1.1 - - [04/Jan/2020:07:25:02 +0000] "GET / HTTP/1.1" 404 522 "-" "Go-http-client/1.1"';
    expect(detectFormat([nginx, nginx])?.format).toBe('combined');
    expect(parseLines(new HaproxyParser(), [nginx]).events).toEqual([]);
  });

  const fixture = join(SHARED, 'datasets/fail2ban-test-logs/haproxy-http-auth.log');
  it.skipIf(!existsSync(fixture))('reads every request of the fail2ban fixture, each from the host its failJSON names', () => {
    const lines = readFileSync(fixture, 'utf8').split('\n');
    const requests = lines.filter((l) => l !== '' && !l.startsWith('#'));
    const c = parseLines(new HaproxyParser(), requests);
    expect(c.errors).toEqual([]);
    expect(c.events).toHaveLength(requests.length);
    // Each "host" in a failJSON comment is the client of the line after it.
    const named = lines.flatMap((l, i) => {
      const m = /^# failJSON: .*"host": "([^"]+)"/.exec(l);
      return m ? [[m[1]!, lines[i + 1]!] as const] : [];
    });
    expect(named.length).toBe(3);
    for (const [host, line] of named) expect(c.events[requests.indexOf(line)]!.client).toBe(host);
  });
});
