import { describe, expect, it } from 'vitest';
import { Wso2AccessParser } from '../../core/parse/wso2-access';
import { outcomeOf, parseLines, utc, type Expected } from './helpers';

const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/145.0.0.0 Safari/537.36';

// Lines that stand alone: the Tomcat servlet log, combined-pattern lines, and malformed lines.
const SINGLE: [string, string, Expected][] = [
  [
    'real servlet line, unquoted UA with spaces and %T seconds (4.5.0 http_access_.2026-04-17.log)',
    '127.0.0.1 - - [17/Apr/2026:16:24:57 +0500] GET /oauth2/token/.well-known/openid-configuration HTTP/1.1 200 2404 - Apache-HttpClient/4.5.13 (Java/11.0.30) 1.671',
    {
      time: utc('2026-04-17T11:24:57Z'), client: '127.0.0.1', method: 'GET', path: '/oauth2/token/.well-known/openid-configuration',
      protocol: 'HTTP/1.1', status: 200, bytes: 2404, referer: '', userAgent: 'Apache-HttpClient/4.5.13 (Java/11.0.30)', latencyMs: 1671,
    },
  ],
  [
    'real servlet line without a request (400)',
    '127.0.0.1 - - [17/Apr/2026:16:25:48 +0500] - 400 - - - 0.000',
    { method: '', path: '', status: 400, bytes: -1, userAgent: '', latencyMs: 0 },
  ],
  [
    'real servlet line, 3.0.0',
    '127.0.0.1 - - [24/Feb/2020:14:45:01 -0500] GET /throttle/data/v1/block HTTP/1.1 200 68 - - 2.746',
    { time: utc('2020-02-24T19:45:01Z'), path: '/throttle/data/v1/block', status: 200, bytes: 68, latencyMs: 2746 },
  ],
  [
    'servlet line with a query and a referer',
    '10.1.2.3 - admin [17/Apr/2026:16:25:54 +0500] GET /api/am/publisher/v4/apis?limit=10 HTTP/1.1 200 2052 https://localhost:9443/publisher Java-http-client/11.0.30 4.408',
    { client: '10.1.2.3', user: 'admin', path: '/api/am/publisher/v4/apis', query: 'limit=10', referer: 'https://localhost:9443/publisher', userAgent: 'Java-http-client/11.0.30' },
  ],
  [
    'combined-pattern gateway line (2.6-style, status on the line)',
    '203.0.113.5 - - [29/Oct/2019:10:00:00 +0530] "POST /token HTTP/1.1" 200 120 "-" "curl/7.58.0"',
    { client: '203.0.113.5', method: 'POST', path: '/token', status: 200, bytes: 120, userAgent: 'curl/7.58.0' },
  ],
  ['blank', '', { ignored: 'blank' }],
  ['not a log line', 'Caused by: java.net.ConnectException: Connection refused', { error: 'unrecognized' }],
  ['bad time', '- 127.0.0.1 - - [17/Apr/2026:16:52:03.142 +9999] "GET / HTTP/1.1" - - "-" "-"', { error: 'bad-timestamp' }],
  ['bad status', '- 127.0.0.1  - [17/Apr/2026:16:52:03.142 +0500] "- - " 4O4 - "-" "-"', { error: 'bad-status' }],
  ['bad bytes', '127.0.0.1 - - [17/Apr/2026:16:24:57 +0500] GET / HTTP/1.1 200 2x4 - - 1.0', { error: 'bad-number' }],
  ['too few fields', '127.0.0.1 [17/Apr/2026:16:24:57 +0500] "GET / HTTP/1.1" 200 1', { error: 'missing-field' }],
];

describe('wso2-access: single lines', () => {
  it.each(SINGLE)('%s', (_d, raw, expected) => {
    expect(outcomeOf(new Wso2AccessParser(), raw)).toMatchObject(expected);
  });
});

describe('wso2-access: gateway request/response pairing', () => {
  it('real 4.5.0 pair: one event on the response line, the request line "paired"', () => {
    const c = parseLines(new Wso2AccessParser(), [
      '- 127.0.0.1 - - [17/Apr/2026:17:06:54.643 +0500] "GET /test/1.0.0/posts HTTP/1.1" - - "-" "PostmanRuntime/7.39.1"',
      '- 127.0.0.1  - [17/Apr/2026:17:06:54.643 +0500] "- - " 401 - "-" "-"',
    ]);
    expect(c.events).toHaveLength(1);
    expect(c.events[0]).toMatchObject({
      time: utc('2026-04-17T12:06:54.643Z'), client: '127.0.0.1', method: 'GET', path: '/test/1.0.0/posts',
      status: 401, userAgent: 'PostmanRuntime/7.39.1', line: 2, offset: 1000,
    });
    expect(c.ignored).toEqual([{ line: 1, reason: 'paired' }]);
    expect(c.errors).toEqual([]);
  });

  it('real 4.5.0 sequence with a backend call between: backend lines ignored, client call paired', () => {
    const c = parseLines(new Wso2AccessParser(), [
      `- 127.0.0.1 - - [17/Apr/2026:17:08:08.887 +0500] "GET /test/1.0.0/posts HTTP/1.1" - - "https://localhost:9443/" "${CHROME}"`,
      '- 172.67.167.151 - - [17/Apr/2026:17:08:10.408 +0500] "GET /posts HTTP/1.1" - - "https://localhost:9443/" "Synapse-PT-HttpComponents-NIO"',
      '- 172.67.167.151  - [17/Apr/2026:17:08:11.754 +0500] "- - " 200 - "-" "-"',
      '- 127.0.0.1  - [17/Apr/2026:17:08:11.845 +0500] "- - " 200 - "-" "-"',
    ]);
    expect(c.events).toHaveLength(1);
    expect(c.events[0]).toMatchObject({ client: '127.0.0.1', path: '/test/1.0.0/posts', status: 200, line: 4, referer: 'https://localhost:9443/' });
    expect(c.ignored).toEqual([
      { line: 2, reason: 'backend' },
      { line: 3, reason: 'backend' },
      { line: 1, reason: 'paired' },
    ]);
  });

  it('real 3.0.0: response logged before its request (two writer threads), IPv6 peer', () => {
    const c = parseLines(new Wso2AccessParser(), [
      '- 192.168.0.108  - [23/Feb/2020:01:55:08 -0500] "- - " 200 - "-" "-"',
      '- 0:0:0:0:0:0:0:1 - - [23/Feb/2020:01:55:08 -0500] "GET /api/georeferencia/v1.0/emprendimientos HTTP/1.1" - - "-" "PostmanRuntime/7.22.0"',
      '- 192.168.0.108 - - [23/Feb/2020:01:55:08 -0500] "GET /api/v1/emprendimientos HTTP/1.1" - - "-" "Synapse-PT-HttpComponents-NIO"',
      '- 0:0:0:0:0:0:0:1  - [23/Feb/2020:01:55:08 -0500] "- - " 200 - "-" "-"',
    ]);
    expect(c.events).toHaveLength(1);
    expect(c.events[0]).toMatchObject({ client: '0:0:0:0:0:0:0:1', path: '/api/georeferencia/v1.0/emprendimientos', status: 200, line: 4 });
    expect(c.ignored.filter((i) => i.reason === 'backend').map((i) => i.line).sort()).toEqual([1, 3]);
  });

  it('real 3.0.0: responses out of order are matched by their timestamps', () => {
    const c = parseLines(new Wso2AccessParser(), [
      '- 0:0:0:0:0:0:0:1 - - [23/Feb/2020:01:56:45 -0500] "GET /a HTTP/1.1" - - "-" "PostmanRuntime/7.22.0"',
      '- 0:0:0:0:0:0:0:1 - - [23/Feb/2020:01:56:47 -0500] "GET /b HTTP/1.1" - - "-" "PostmanRuntime/7.22.0"',
      '- 0:0:0:0:0:0:0:1  - [23/Feb/2020:01:56:47 -0500] "- - " 403 - "-" "-"',
      '- 0:0:0:0:0:0:0:1  - [23/Feb/2020:01:56:45 -0500] "- - " 401 - "-" "-"',
    ]);
    expect(c.events.map((e) => [e.path, e.status])).toEqual([
      ['/b', 403],
      ['/a', 401],
    ]);
  });

  it('real 3.0.0: a response stamped a second before its request still pairs', () => {
    const c = parseLines(new Wso2AccessParser(), [
      '- 0:0:0:0:0:0:0:1 - - [25/Feb/2020:16:17:12 -0500] "POST /token HTTP/1.1" - 29 "-" "python-requests/2.20.1"',
      '- 0:0:0:0:0:0:0:1  - [25/Feb/2020:16:17:11 -0500] "- - " 200 - "-" "-"',
    ]);
    expect(c.events).toHaveLength(1);
    expect(c.events[0]).toMatchObject({ method: 'POST', path: '/token', status: 200, userAgent: 'python-requests/2.20.1' });
  });

  it('keys the event on the first X-Forwarded-For hop, pairing still on the peer', () => {
    const c = parseLines(new Wso2AccessParser(), [
      '203.0.113.9, 10.0.0.1 10.0.0.2 - - [17/Apr/2026:17:06:54.643 +0500] "POST /pizzashack/1.0.0/order HTTP/1.1" - 52 "-" "curl/8.0"',
      '- 10.0.0.2  - [17/Apr/2026:17:06:54.650 +0500] "- - " 429 - "-" "-"',
    ]);
    expect(c.events[0]).toMatchObject({ client: '203.0.113.9', status: 429, method: 'POST' });
  });

  it('an unanswered request becomes an event with status 0 at end(); an orphan response an event without a path', () => {
    const c = parseLines(new Wso2AccessParser(), [
      '- 127.0.0.1 - - [17/Apr/2026:17:06:54.643 +0500] "GET /never HTTP/1.1" - - "-" "curl/8"',
      '- 10.9.9.9  - [17/Apr/2026:17:06:55.000 +0500] "- - " 400 - "-" "-"',
    ]);
    expect(c.events.map((e) => [e.line, e.client, e.path, e.status])).toEqual([
      [1, '127.0.0.1', '/never', 0],
      [2, '10.9.9.9', '', 400],
    ]);
  });

  it.each([
    ['with one old unanswered request at the head', true],
    ['in steady pairing', false],
  ])('does not accumulate settled pairs %s', (_d, stuck) => {
    const p = new Wso2AccessParser();
    const sink = { event: () => {}, error: () => expect.unreachable(), ignored: () => {} };
    if (stuck) p.line('- 10.0.0.9 - - [17/Apr/2026:17:00:00.000 +0500] "GET /stuck HTTP/1.1" - - "-" "x"', 1, 0, sink);
    for (let i = 0; i < 50_000; i++) {
      const t = `17/Apr/2026:17:00:${String(Math.floor(i / 1000)).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')} +0500`;
      p.line(`- 10.0.0.1 - - [${t}] "GET /ok HTTP/1.1" - - "-" "x"`, 2 + 2 * i, 0, sink);
      p.line(`- 10.0.0.1  - [${t}] "- - " 200 - "-" "-"`, 3 + 2 * i, 0, sink);
    }
    const pairer = (p as unknown as { pairer: { order: unknown[]; pending: number } }).pairer;
    expect(pairer.pending).toBe(stuck ? 1 : 0);
    expect(pairer.order.length).toBeLessThan(10_000);
  });

  it('evicts requests older than the window, bounded by maxPending', () => {
    const p = new Wso2AccessParser({ windowMs: 60_000, maxPending: 100 });
    const lines: string[] = [];
    for (let i = 0; i < 500; i++) {
      const s = String(i % 60).padStart(2, '0');
      const m = String(Math.floor(i / 60)).padStart(2, '0');
      lines.push(`- 10.0.${i % 7}.1 - - [17/Apr/2026:17:${m}:${s}.000 +0500] "GET /x/${i} HTTP/1.1" - - "-" "bot"`);
    }
    const seen: number[] = [];
    let maxHeld = 0;
    const sink = {
      event: (e: { line: number; status: number }) => {
        expect(e.status).toBe(0);
        seen.push(e.line);
      },
      error: () => expect.unreachable(),
      ignored: () => expect.unreachable(),
    };
    lines.forEach((t, i) => {
      p.line(t, i + 1, 0, sink);
      maxHeld = Math.max(maxHeld, i + 1 - seen.length);
    });
    expect(maxHeld).toBeLessThanOrEqual(101);
    p.end(sink);
    expect(seen.sort((a, b) => a - b)).toEqual(lines.map((_, i) => i + 1));
  });
});
