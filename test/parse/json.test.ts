import { describe, expect, it } from 'vitest';
import { JsonParser, type JsonOptions } from '../../core/parse/json';
import { outcomeOf, parseLines, utc, type Expected } from './helpers';

const ENVOY =
  '{"start_time":"2025-12-31T16:40:00.100Z","method":"GET","x-envoy-origin-path":"/page-01","response_code":404,"user-agent":"Mozilla/5.0","downstream_remote_address":"10.0.0.13:40000",":authority":"crawl.internal"}';

const CADDY =
  '{"level":"info","ts":1732521600.123,"logger":"http.log.access.log0","msg":"handled request","request":{"remote_ip":"203.0.113.5","remote_port":"51234","client_ip":"203.0.113.5","proto":"HTTP/2.0","method":"GET","host":"api.example.com","uri":"/v1/users/7?x=1","headers":{"User-Agent":["curl/8.4.0"],"Referer":["https://app.example.com/"]}},"bytes_read":0,"user_id":"","duration":0.0123,"size":512,"status":200,"resp_headers":{}}';
const KONG =
  '{"latencies":{"request":15,"kong":2,"proxy":13},"service":{"name":"orders"},"request":{"querystring":{},"size":110,"uri":"/orders/12?expand=items","url":"http://localhost:8000/orders/12?expand=items","headers":{"host":"api.example.com","user-agent":"python-requests/2.31"},"method":"POST"},"client_ip":"198.51.100.9","upstream_uri":"/orders/12","response":{"headers":{},"status":401,"size":300},"route":{"name":"orders-route"},"consumer":{"username":"alice","id":"c1"},"started_at":1732521601456}';

const TABLE: [string, string, Expected, JsonOptions?][] = [
  [
    "AWS API Gateway access log (the console's JSON template): CLF requestTime, numbers as strings",
    '{"requestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef","ip":"192.0.2.10","caller":"-","user":"-","requestTime":"25/Nov/2026:10:00:01 +0000","httpMethod":"GET","resourcePath":"/pets/{petId}","status":"403","protocol":"HTTP/1.1","responseLength":"42"}',
    { time: utc('2026-11-25T10:00:01Z'), client: '192.0.2.10', method: 'GET', path: '/pets/{petId}', status: 403, bytes: 42, protocol: 'HTTP/1.1', user: '' },
  ],
  [
    'Caddy access log: nested request, header lists, duration in seconds, epoch seconds',
    CADDY,
    {
      time: 1732521600123, client: '203.0.113.5', method: 'GET', path: '/v1/users/7', query: 'x=1', protocol: 'HTTP/2.0', host: 'api.example.com',
      userAgent: 'curl/8.4.0', referer: 'https://app.example.com/', status: 200, bytes: 512, latencyMs: 12.3,
    },
  ],
  [
    'Kong file-log: client_ip, request/response objects, consumer and service, started_at in ms',
    KONG,
    {
      time: 1732521601456, client: '198.51.100.9', method: 'POST', path: '/orders/12', query: 'expand=items', host: 'api.example.com',
      userAgent: 'python-requests/2.31', status: 401, bytes: 300, latencyMs: 15, user: 'alice', api: 'orders',
    },
  ],
  [
    'real envoy line in a CRI wrapper (crowdsec envoy-http-crawl-non_statics)',
    `2025-12-31T17:40:00.000000100+01:00 stdout F ${ENVOY}`,
    {
      time: utc('2025-12-31T16:40:00.100Z'), client: '10.0.0.13', method: 'GET', path: '/page-01', status: 404,
      userAgent: 'Mozilla/5.0', host: 'crawl.internal', kind: 'request',
    },
  ],
  ['bare envoy JSON', ENVOY, { client: '10.0.0.13', path: '/page-01', status: 404 }],
  [
    'docker json-file wrapper around JSON',
    JSON.stringify({ log: `${ENVOY}\n`, stream: 'stdout', time: '2025-12-31T16:40:01.000Z' }),
    { path: '/page-01', time: utc('2025-12-31T16:40:00.100Z') },
  ],
  [
    'docker json-file wrapper around an nginx combined line',
    JSON.stringify({
      log: '172.17.0.1 - - [31/Dec/2025:16:40:00 +0000] "GET /x?y=1 HTTP/1.1" 200 5 "-" "curl/8"\n',
      stream: 'stdout',
      time: '2025-12-31T16:40:00.5Z',
    }),
    { client: '172.17.0.1', path: '/x', query: 'y=1', status: 200, userAgent: 'curl/8', time: utc('2025-12-31T16:40:00Z') },
  ],
  [
    'CRI wrapper around an nginx combined line',
    '2025-12-31T17:40:00.000000100+01:00 stdout F 10.1.1.1 - - [31/Dec/2025:16:40:00 +0000] "POST /login HTTP/1.1" 401 0 "-" "hydra"',
    { client: '10.1.1.1', method: 'POST', status: 401, host: '' },
  ],
  [
    'nginx escape=json with request line, request_time in seconds and X-Forwarded-For',
    '{"time_iso8601":"2024-03-01T10:00:00+00:00","remote_addr":"10.0.0.1","http_x_forwarded_for":"198.51.100.4, 10.0.0.1","request":"GET /api/v1/items?page=2 HTTP/2.0","status":"200","body_bytes_sent":"512","request_time":"0.042","http_user_agent":"okhttp/4","http_referer":"-"}',
    { client: '198.51.100.4', method: 'GET', path: '/api/v1/items', query: 'page=2', protocol: 'HTTP/2.0', status: 200, bytes: 512, latencyMs: 42, referer: '' },
  ],
  [
    'X-Forwarded-For ignored when not trusted',
    '{"time":1709287200,"remote_addr":"10.0.0.1","x_forwarded_for":"198.51.100.4","method":"GET","path":"/"}',
    { client: '10.0.0.1', time: utc('2024-03-01T10:00:00Z') },
    { trustForwardedFor: false },
  ],
  ['epoch milliseconds', '{"timestamp":1709287200123,"ip":"1.2.3.4","uri":"/a","status_code":503}', { time: 1709287200123, client: '1.2.3.4', status: 503 }],
  ['epoch seconds as a string with fraction', '{"ts":"1709287200.5","client_ip":"1.2.3.4","url":"/a?b","status":200}', { time: 1709287200500, query: 'b' }],
  ['@timestamp with a full URL', '{"@timestamp":"2024-03-01T10:00:00.000Z","client":"1.2.3.4","url":"https://api.example.com/v2/x?q=1","response_code":204}', { host: 'api.example.com', path: '/v2/x', query: 'q=1', status: 204 }],
  ['traefik Duration in nanoseconds', '{"StartUTC":"2024-03-01T10:00:00Z","ClientHost":"1.2.3.4","RequestMethod":"GET","RequestPath":"/d","DownstreamStatus":200,"Duration":1500000}', { latencyMs: 1.5, method: 'GET', path: '/d' }],
  ['latency string with a unit', '{"time":"2024-03-01T10:00:00Z","ip":"1.2.3.4","path":"/l","status":200,"latency":"12.5ms"}', { latencyMs: 12.5 }],
  ['latency_ms number', '{"time":"2024-03-01T10:00:00Z","ip":"1.2.3.4","path":"/l","status":200,"latency_ms":7}', { latencyMs: 7 }],
  ['duration in seconds as a string "1.5s"', '{"time":"2024-03-01T10:00:00Z","ip":"1.2.3.4","path":"/l","status":200,"duration":"1.5s"}', { latencyMs: 1500 }],
  ['CLF %t time in JSON', '{"time_local":"01/Mar/2024:10:00:00 +0100","remote_addr":"1.2.3.4","request_uri":"/t","status":200}', { time: utc('2024-03-01T09:00:00Z') }],
  ['ECS nested fields', '{"@timestamp":"2024-03-01T10:00:00Z","source":{"ip":"192.0.2.9"},"http":{"request":{"method":"put"},"response":{"status_code":201}},"url":{"path":"/e","query":"a=1"},"user_agent":{"original":"ua/1"}}', { client: '192.0.2.9', method: 'PUT', status: 201, path: '/e', query: 'a=1', userAgent: 'ua/1' }],
  ['IPv6 with port in brackets', '{"time":"2024-03-01T10:00:00Z","downstream_remote_address":"[2001:db8::1]:443","path":"/","status":200}', { client: '2001:db8::1' }],
  ['WSO2-style consumer fields', '{"time":"2024-03-01T10:00:00Z","userIp":"1.2.3.4","apiMethod":"GET","path":"/pizzashack/1.0.0/menu","proxyResponseCode":401,"apiName":"Pizza","apiVersion":"1.0.0","applicationName":"App","userName":"bob","keyType":"PRODUCTION","errorCode":900901}', { api: 'Pizza', apiVersion: '1.0.0', application: 'App', user: 'bob', keyType: 'PRODUCTION', errorCode: 900901, status: 401 }],
  ['custom field map', '{"when":"2024-03-01T10:00:00Z","who":"9.9.9.9","what":"/custom","code":418,"took_us":2500}', { client: '9.9.9.9', path: '/custom', status: 418, latencyMs: 2.5 }, { fields: { time: 'when', client: 'who', path: 'what', status: 'code', latency: 'took_us' } }],
  ['custom latency unit', '{"time":"2024-03-01T10:00:00Z","ip":"1.2.3.4","path":"/","status":200,"elapsed":2}', { latencyMs: 2000 }, { fields: { latencyUnit: 's' } }],
  ['wrapper time used when the record has none', `2025-12-31T17:40:00.000000100+01:00 stdout F {"method":"GET","path":"/w","status":200}`, { time: utc('2025-12-31T16:40:00Z') }],
  ['blank', '   ', { ignored: 'blank' }],
  ['not JSON', 'hello', { error: 'bad-json' }],
  ['broken JSON', '{"time":', { error: 'bad-json' }],
  ['JSON array', '[1,2,3]', { error: 'bad-json' }],
  ['no time anywhere', '{"method":"GET","path":"/"}', { error: 'missing-field' }],
  ['unreadable time', '{"time":"soon","method":"GET","path":"/"}', { error: 'bad-timestamp' }],
  ['not an access record (OWASP CRS test record shape)', '{"rule_id":911100,"test_id":1,"method":"GET","uri":"/","time":"2024-01-01T00:00:00Z","status":"x"}', { error: 'bad-status' }],
  ['no request fields', '{"time":"2024-01-01T00:00:00Z","level":"info","msg":"started"}', { error: 'missing-field' }],
  ['CRI stderr wrapping an nginx error line', '2025-12-31T17:40:00.0Z stderr F 2021/12/01 13:53:33 [error] 31#31: *46 open() failed, client: 1.2.3.4, server: x', { error: 'error-log-line' }],
];

describe('json parser', () => {
  it.each(TABLE)('%s', (_d, raw, expected, opts) => {
    expect(outcomeOf(new JsonParser(opts), raw)).toMatchObject(expected);
  });

  it('joins CRI partial fragments; fragments are ignored as "paired"', () => {
    const half = Math.floor(ENVOY.length / 2);
    const c = parseLines(new JsonParser(), [
      `2025-12-31T17:40:00.000000100+01:00 stdout P ${ENVOY.slice(0, half)}`,
      `2025-12-31T17:40:00.000000200+01:00 stdout F ${ENVOY.slice(half)}`,
    ]);
    expect(c.ignored).toEqual([{ line: 1, reason: 'paired' }]);
    expect(c.events).toHaveLength(1);
    expect(c.events[0]).toMatchObject({ path: '/page-01', line: 2 });
  });
});
