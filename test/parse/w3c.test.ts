import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../core/parse/detect-format';
import { W3cParser } from '../../core/parse/w3c';
import { parseLines, utc } from './helpers';

const IIS_HEAD = [
  '#Software: Microsoft Internet Information Services 10.0',
  '#Version: 1.0',
  '#Date: 2024-06-03 14:05:00',
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
];
const IIS = [
  '2024-06-03 14:05:09 10.0.0.4 GET /api/orders/42 expand=items 443 - 203.0.113.7 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) https://app.example.com/ 200 0 0 31',
  '2024-06-03 14:05:10 10.0.0.4 POST /api/login - 443 alice 2001:db8::5 python-requests/2.31 - 401 1 0 4',
];

const CF_FIELDS =
  '#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version';
const CF = [
  [
    '2024-06-03', '14:05:09', 'FRA56-C2', '2390', '198.51.100.20', 'GET', 'd111111abcdef8.cloudfront.net', '/v1/search', '403',
    'https://www.example.com/', 'curl/8.4.0%2520(x86_64-pc-linux-gnu)', 'q=%27%20or%201=1--', '-', 'Error', 'SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==',
    'api.example.com', 'https', '421', '0.004', '-', 'TLSv1.3', 'TLS_AES_128_GCM_SHA256', 'Error', 'HTTP/2.0',
  ].join('\t'),
];

describe('W3C extended log parser', () => {
  it('reads IIS lines with the columns its #Fields header names, undoing the + in user agents', () => {
    const c = parseLines(new W3cParser(), [...IIS_HEAD, ...IIS]);
    expect(c.errors).toEqual([]);
    expect(c.ignored.map((i) => i.reason)).toEqual(['comment', 'comment', 'comment', 'header']);
    expect(c.events[0]).toMatchObject({
      time: utc('2024-06-03T14:05:09Z'), client: '203.0.113.7', method: 'GET', path: '/api/orders/42', query: 'expand=items',
      status: 200, latencyMs: 31, userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', referer: 'https://app.example.com/', user: '', bytes: -1,
    });
    expect(c.events[1]).toMatchObject({ client: '2001:db8::5', method: 'POST', query: '', user: 'alice', status: 401, latencyMs: 4, userAgent: 'python-requests/2.31' });
  });

  it('reads CloudFront lines: tabs, percent-encoded headers, time-taken in seconds, host and protocol', () => {
    const c = parseLines(new W3cParser(), ['#Version: 1.0', CF_FIELDS, ...CF]);
    expect(c.errors).toEqual([]);
    expect(c.events[0]).toMatchObject({
      time: utc('2024-06-03T14:05:09Z'), client: '198.51.100.20', method: 'GET', path: '/v1/search', query: 'q=%27%20or%201=1--',
      status: 403, bytes: 2390, latencyMs: 4, userAgent: 'curl/8.4.0 (x86_64-pc-linux-gnu)', host: 'api.example.com', protocol: 'HTTP/2.0',
    });
  });

  it("reads a file resumed past its header with IIS's default columns, and a later #Fields line replaces them", () => {
    const c = parseLines(new W3cParser(), [IIS[0]!, '#Fields: date time c-ip cs-method cs-uri-stem sc-status', '2024-06-03 14:06:00 192.0.2.9 GET /x 404']);
    expect(c.events.map((e) => [e.client, e.path, e.status])).toEqual([
      ['203.0.113.7', '/api/orders/42', 200],
      ['192.0.2.9', '/x', 404],
    ]);
  });

  it.each([
    ['a line with a column missing', '2024-06-03 14:05:09 10.0.0.4 GET /api/orders/42 - 443 - 203.0.113.7 curl/8 - 200 0 0', 'missing-field'],
    ['a bad date', '2024-13-03 14:05:09 10.0.0.4 GET / - 443 - 203.0.113.7 curl/8 - 200 0 0 1', 'bad-timestamp'],
    ['a bad status', '2024-06-03 14:05:09 10.0.0.4 GET / - 443 - 203.0.113.7 curl/8 - 2x0 0 0 1', 'bad-status'],
  ])('%s is a parse error', (_d, line, code) => {
    expect(parseLines(new W3cParser(), [...IIS_HEAD, line]).errors.map((e) => e.code)).toEqual([code]);
  });

  it('is what the format detector picks for IIS and CloudFront logs, from their #Fields header', () => {
    expect(detectFormat([...IIS_HEAD, ...IIS])?.format).toBe('w3c');
    expect(detectFormat(['#Version: 1.0', CF_FIELDS, ...CF])?.format).toBe('w3c');
  });
});
