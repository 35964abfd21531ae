import { describe, expect, it } from 'vitest';
import { AwsAlbParser } from '../../core/parse/aws-alb';
import { detectFormat } from '../../core/parse/detect-format';
import { outcomeOf, parseLines, utc, type Expected } from './helpers';

const TAIL = `"Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 2018-07-02T22:22:48.364000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-"`;
const ARN = 'arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067';

// Lines in the layout AWS documents for Application Load Balancer access logs ([description, line, outcome]).
const TABLE: [string, string, Expected][] = [
  [
    'HTTP entry: absolute URL split, status of the balancer, latency the sum of the three times',
    `http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - ${ARN} ${TAIL}`,
    {
      time: utc('2018-07-02T22:22:48.364Z'), client: '192.168.131.39', method: 'GET', path: '/', query: '', protocol: 'HTTP/1.1',
      host: 'www.example.com', status: 200, bytes: 366, latencyMs: 1, userAgent: 'curl/7.46.0', kind: 'request',
    },
  ],
  [
    'HTTPS entry with a query, TLS fields, a target that answered 401',
    `https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 401 401 0 57 "POST https://api.example.com:443/v1/login?next=%2F HTTP/1.1" "Mozilla/5.0 (X11; Linux x86_64)" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ${ARN} ${TAIL}`,
    { method: 'POST', path: '/v1/login', query: 'next=%2F', host: 'api.example.com', status: 401, bytes: 57, latencyMs: 171, userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' },
  ],
  [
    'HTTP/2 entry from an IPv6 client',
    `h2 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 [2001:db8::7]:40222 10.0.1.252:48160 0.000 0.002 0.000 200 200 5 257 "GET https://10.0.2.105:773/ HTTP/2.0" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ${ARN} ${TAIL}`,
    { client: '2001:db8::7', protocol: 'HTTP/2.0', host: '10.0.2.105', path: '/' },
  ],
  [
    'an IPv6 client written without brackets: the last field is the port',
    `https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 2001:db8:85a3::8a2e:370:7334:51234 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET https://api.example.com:443/ HTTP/1.1" "curl/7.46.0" - - ${ARN} ${TAIL}`,
    { client: '2001:db8:85a3::8a2e:370:7334' },
  ],
  [
    'no target reached (-1 times, 502 from the balancer, target fields -)',
    `https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 - -1 -1 -1 502 - 34 0 "GET https://www.example.com:443/health HTTP/1.1" "ELB-HealthChecker/2.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 - ${TAIL}`,
    { status: 502, latencyMs: -1, bytes: 0, path: '/health', userAgent: 'ELB-HealthChecker/2.0' },
  ],
  [
    'a request the balancer could not parse is still an answer to that client',
    `https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 203.0.113.8:5500 - -1 -1 -1 400 - 0 272 "- - - " "-" - - - "-" "api.example.com" "-" 0 2018-07-02T22:22:48.364000Z "-" "-" "-" "-" "-" "-" "-"`,
    { client: '203.0.113.8', status: 400, method: '', path: '', userAgent: '', host: 'api.example.com' },
  ],
  [
    'an entry without request_creation_time takes the time it was answered',
    `https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET https://www.example.com:443/ HTTP/1.1" "curl/7.46.0"`,
    { time: utc('2018-07-02T22:23:00.186Z'), status: 200, host: 'www.example.com' },
  ],
  ['blank', '', { ignored: 'blank' }],
  ['not an ALB line', '192.168.1.1 - - [04/Jan/2020:07:25:02 +0000] "GET / HTTP/1.1" 404 522 "-" "-"', { error: 'unrecognized' }],
  ['a bad time', `https yesterday app/x/1 1.2.3.4:1 - 0 0 0 200 200 0 0 "GET https://h/ HTTP/1.1" "-"`, { error: 'bad-timestamp' }],
  ['cut short', `https 2018-07-02T22:23:00.186641Z app/x/1 1.2.3.4:1 - 0 0`, { error: 'missing-field' }],
  ['a status that is not a number', `https 2018-07-02T22:23:00.186641Z app/x/1 1.2.3.4:1 - 0 0 0 2x0 200 0 0 "GET https://h/ HTTP/1.1" "-"`, { error: 'bad-status' }],
];

describe('AWS ALB parser', () => {
  it.each(TABLE)('%s', (_desc, raw, expected) => {
    expect(outcomeOf(new AwsAlbParser(), raw)).toMatchObject(expected);
  });

  it('is what the format detector picks for ALB logs', () => {
    expect(detectFormat(TABLE.slice(0, 5).map((r) => r[1]))?.format).toBe('aws-alb');
    expect(parseLines(new AwsAlbParser(), [TABLE[0]![1]]).events[0]!.client).toBe('192.168.131.39');
  });
});
