import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../core/io/line-splitter';
import { createParser, FORMATS } from '../../core/parse/index';
import type { ParseSink } from '../../core/parse/parser';

/** mulberry32: small, fast, seeded; the same lines on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// One or two real lines per format, the seeds that mutations start from.
const SEEDS = [
  '192.168.1.1 - - [04/Jan/2020:07:25:02 +0000] "GET /.well-known/acme-challenge/FMuukC2JOJ5HKmLBujjE_BkDo HTTP/1.1" 404 522 "-" "Go-http-client/1.1"',
  'www.crowdsec11.net:80 192.168.1.1 - - [08/Jun/2020:08:04:43 +0000] "GET /test/uppercase/extensions.JPG HTTP/1.1" 301 0 "-" "Mozilla/5.0"',
  'Sep 15 16:13:46 ip-172-31-43-28 nginx[2869]: 81.150.104.130 - - [15/Sep/2021:16:13:46 +0000] "POST /wp-login.php HTTP/1.1" 200 5364 "-" "Firefox/64.0"',
  '190.111.160.130 - - [24/Oct/2021:11:40:34 -0700] "GET / HTTP/1.1" 301 475 "-" "User-Agent\\" \\"Mozilla/5.0 (Windows NT 6.1;)"',
  '2021/12/01 13:53:33 [error] 31#31: *46 "/usr/share/nginx/html/market/index.html" is not found, client: 172.17.0.1, server: localhost',
  '- 127.0.0.1 - - [17/Apr/2026:17:06:54.643 +0500] "GET /test/1.0.0/posts HTTP/1.1" - - "-" "PostmanRuntime/7.39.1"',
  '- 127.0.0.1  - [17/Apr/2026:17:06:54.643 +0500] "- - " 401 - "-" "-"',
  '127.0.0.1 - - [17/Apr/2026:16:24:57 +0500] GET /oauth2/token/.well-known/openid-configuration HTTP/1.1 200 2404 - Apache-HttpClient/4.5.13 (Java/11.0.30) 1.671',
  'TID: [-1234] [] [2020-02-23 01:53:55,763]  WARN {org.wso2.carbon.apimgt.gateway.handlers.security.APIAuthenticationHandler} - API authentication failure due to Invalid Credentials for requestURI=/a/1.0.0/b',
  '08:23:34,898 [-] [P-188]  INFO ELKCounterMetric apimMetrics: apim:faulty, properties :{"apiName":"P","proxyResponseCode":401,"errorCode":900902,"requestTimestamp":"2022-12-15T02:53:34.894Z","properties":{"apiContext":"/p/1.0.0"}}',
  '2025-12-31T17:40:00.000000100+01:00 stdout F {"start_time":"2025-12-31T16:40:00.100Z","method":"GET","x-envoy-origin-path":"/page-01","response_code":404,"downstream_remote_address":"10.0.0.13:40000"}',
  '{"log":"172.17.0.1 - - [31/Dec/2025:16:40:00 +0000] \\"GET /x HTTP/1.1\\" 200 5 \\"-\\" \\"curl/8\\"\\n","stream":"stdout","time":"2025-12-31T16:40:00Z"}',
  '2025-12-31T17:40:00.0Z stdout P {"time":"2025-12-31T16:40:00Z","path":"/partial',
  '2024-05-01T10:15:02Z,Orders,v2,POST,/orders?x=1,401,3,0,203.0.113.4,"ua, ""q""",nginx,brute_force,"raw"',
  'timestamp,api_name,api_version,http_method,resource,status_code,latency_ms,payload_size,client_ip,user_agent,raw_source,anomaly_label,raw_line',
  'Nov 14 22:45:11 test haproxy[760]: ::ffff:192.168.33.1:58430 [14/Nov/2015:22:45:11.608] main main/<NOSRV> -1/-1/-1/-1/0 401 248 - - PR-- 0/0/0/0/0 0/0 {curl/8.4.0|h} {} "GET / HTTP/1.1"',
  'h2 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 2001:db8::7:40222 10.0.1.252:48160 0.000 0.002 0.000 200 200 5 257 "GET https://10.0.2.105:773/ HTTP/2.0" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elb "Root=1-58337262" "api.example.com" "-" 0 2018-07-02T22:22:48.364000Z "forward" "-" "-"',
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
  '2024-06-03 14:05:09 10.0.0.4 GET /api/orders/42 expand=items 443 - 203.0.113.7 Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 31',
  '{"ts":1732521600.123,"logger":"http.log.access.log0","request":{"remote_ip":"203.0.113.5","method":"GET","uri":"/v1?x=1","headers":{"User-Agent":["curl/8.4.0"]}},"duration":0.0123,"size":512,"status":200}',
];

const STRUCTURAL = '"[]{}():,-/\\ ?=&#\t0123456789';
const ANSI = ['\u001b[31m', '\u001b[0m', '\u001b[1;32m', '\u001b]0;title\u0007', '\u001b[2K'];

function makeLines(n: number, rnd: () => number): string[] {
  const pick = <T,>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  const int = (k: number) => Math.floor(rnd() * k);
  const randomText = (len: number, lo: number, span: number) => {
    let s = '';
    for (let i = 0; i < len; i++) s += String.fromCharCode(lo + int(span));
    return s;
  };
  const mutate = (s: string) => {
    const arr = [...s];
    const edits = 1 + int(6);
    for (let k = 0; k < edits; k++) {
      const at = int(arr.length + 1);
      const r = rnd();
      if (r < 0.3) arr.splice(at, 1);
      else if (r < 0.6) arr.splice(at, 0, pick([...STRUCTURAL]));
      else if (r < 0.8) arr[at] = pick([...STRUCTURAL]);
      else arr.splice(at, 0, ...arr.slice(int(arr.length), int(arr.length)));
    }
    return arr.join('');
  };
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = rnd();
    let line: string;
    if (r < 0.3) line = mutate(pick(SEEDS));
    else if (r < 0.4) line = pick(SEEDS).slice(0, int(pick(SEEDS).length));
    else if (r < 0.5) {
      const s = pick(SEEDS);
      const at = int(s.length);
      line = s.slice(0, at) + pick(ANSI) + s.slice(at) + pick(ANSI);
    } else if (r < 0.6) line = Buffer.from(Array.from({ length: int(200) }, () => int(256))).toString('utf8');
    else if (r < 0.65) line = randomText(int(100), 0, 32);
    else if (r < 0.8) line = randomText(int(300), 32, 95);
    else if (r < 0.85) line = randomText(int(80), 0x80, 0x3000);
    else if (r < 0.9) line = pick(SEEDS).replace(/\d/g, () => String(int(10)));
    else line = pick(SEEDS);
    lines.push(line);
  }
  // A few 1 MB lines, kept valid-looking up to the point they blow up.
  const mb = 1024 * 1024;
  lines.push(`1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /${'a'.repeat(mb)} HTTP/1.1" 200 1 "-" "x"`);
  lines.push(`{"time":"2024-01-01T00:00:00Z","path":"/${'b'.repeat(mb)}","status":200}`);
  lines.push('\\"'.repeat(mb / 2));
  lines.push(`${'"'.repeat(mb / 4)}${','.repeat(mb / 4)}`);
  lines.push(`- 1.2.3.4 - - [17/Apr/2026:17:06:54.643 +0500] "${'" '.repeat(mb / 4)}`);
  return lines;
}

describe('fuzz: random and mutated lines', () => {
  const N = 100_000;
  const lines = makeLines(N, prng(20_240_501));

  it.each(FORMATS.map((f) => f.id))('%s: never throws, exactly one outcome per line', (format) => {
    const outcomes = new Uint8Array(lines.length + 1);
    let events = 0;
    let errors = 0;
    let ignored = 0;
    const sink: ParseSink = {
      event: (e) => {
        events++;
        outcomes[e.line]++;
        if (!Number.isFinite(e.time)) throw new Error(`line ${e.line}: time ${e.time}`);
      },
      error: (e) => {
        errors++;
        outcomes[e.line]++;
        if (e.sample.length > 201) throw new Error('sample too long');
      },
      ignored: (line) => {
        ignored++;
        outcomes[line]++;
      },
    };
    const parser = createParser(format);
    for (let i = 0; i < lines.length; i++) parser.line(lines[i], i + 1, i, sink);
    parser.end(sink);
    expect(events + errors + ignored).toBe(lines.length);
    const wrong = outcomes.findIndex((n, i) => i > 0 && n !== 1);
    expect(wrong, wrong > 0 ? JSON.stringify(lines[wrong - 1].slice(0, 200)) : '').toBe(-1);
  });

  it('LineSplitter: same lines, numbers and offsets as a naive split, over random chunking', () => {
    const rnd = prng(7);
    const parts: Buffer[] = [];
    for (const l of lines) {
      parts.push(Buffer.from(l));
      parts.push(Buffer.from(rnd() < 0.1 ? '\r\n' : '\n'));
    }
    // Raw invalid UTF-8 bytes too (the string lines above were already decoded).
    for (let i = 0; i < 2000; i++) {
      parts.push(Buffer.from(Array.from({ length: Math.floor(rnd() * 100) }, () => 0x80 + Math.floor(rnd() * 128))));
      parts.push(Buffer.from('\n'));
    }
    parts.push(Buffer.from('tail without newline'));
    const all = Buffer.concat(parts);

    const max = 512 * 1024;
    const got: [number, number, number][] = [];
    const texts: string[] = [];
    const s = new LineSplitter(
      (t, n, o) => {
        got.push([n, o, Buffer.byteLength(t)]);
        texts.push(t);
      },
      { maxLineBytes: max, onLongLine: (n, o, len) => got.push([n, o, -len]) },
    );
    for (let i = 0; i < all.length; ) {
      const k = rnd() < 0.5 ? 1 + Math.floor(rnd() * 64) : 1 + Math.floor(rnd() * 3_000_000);
      s.push(all.subarray(i, i + k));
      i += k;
    }
    s.flush();

    const want: [number, number, number][] = [];
    let start = 0;
    let n = 1;
    let ti = 0;
    while (start < all.length) {
      let nl = all.indexOf(10, start);
      if (nl < 0) nl = all.length;
      const len = nl - start;
      if (len > max) want.push([n, start, -len]);
      else {
        const end = len > 0 && all[nl - 1] === 13 ? nl - 1 : nl;
        const text = all.toString('utf8', start, end);
        want.push([n, start, Buffer.byteLength(text)]);
        if (texts[ti] !== text) throw new Error(`line ${n}: text differs`);
        ti++;
      }
      n++;
      start = nl + 1;
    }
    expect(got.length).toBe(want.length);
    expect(got).toEqual(want);
    expect(want.filter((w) => w[2] < 0).length).toBeGreaterThanOrEqual(4);
  });
});
