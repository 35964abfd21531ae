import { describe, expect, it } from 'vitest';
import { Clock } from '@core/generate/format/clock';
import { GENERATE_FORMATS } from '@core/generate/types';
import { COMBINED_RE, METRICS_RE, WSO2_ACCESS_RE, clfTime, generate, readMetrics, readWso2Access } from './helpers';

const LINES = 50_000;

describe('generate: output formats are well-formed', () => {
  it('combined: every line is nginx combined with a valid request line, status, size, referer and UA', () => {
    const { lines } = generate({ lines: LINES, seed: 4, format: 'combined' });
    const bad: string[] = [];
    let prev = 0;
    for (const l of lines) {
      const m = COMBINED_RE.exec(l);
      if (!m) {
        bad.push(l);
        continue;
      }
      const t = clfTime(m[3]!);
      if (t < prev) bad.push(`out of time order: ${l}`);
      prev = t;
      if (!['GET', 'POST', 'PUT', 'DELETE'].includes(m[4]!)) bad.push(l);
      if (!m[5]!.startsWith('/')) bad.push(l);
      if (!['HTTP/1.1', 'HTTP/2.0'].includes(m[6]!)) bad.push(l);
      if ((m[7] === '204' || m[7] === '304') && m[8] !== '0') bad.push(l);
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('wso2-access: request/response pairs complete, backend calls nested, statuses only on response lines', () => {
    const { lines } = generate({ lines: LINES, seed: 4, format: 'wso2-access' });
    const bad: string[] = [];
    for (const l of lines) {
      const m = WSO2_ACCESS_RE.exec(l);
      if (!m) {
        bad.push(l);
        continue;
      }
      const [xff, peer, ident, user, time, request, status, bytes] = m.slice(1) as string[];
      if (!/^\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2}\.\d{3} \+0000$/.test(time!)) bad.push(`time: ${l}`);
      if (request === '- - ') {
        // Response line: "- <peer>  - [...]": %l empty (double space), headers '-'.
        const ok = l.startsWith(`- ${peer}  - [`) && /^\d{3}$/.test(status!) && bytes === '-' && l.endsWith('"-" "-"');
        if (!ok) bad.push(`response: ${l}`);
      } else {
        const ok =
          ident === '-' &&
          user === '-' &&
          /^(GET|POST|PUT|DELETE) \/\S* HTTP\/1\.1$/.test(request!) &&
          status === '-' &&
          /^(-|\d+)$/.test(bytes!) &&
          (xff === '-' || /^[0-9a-f.:]+$/.test(xff!));
        if (!ok) bad.push(`request: ${l}`);
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
    const read = readWso2Access(lines);
    expect(read.unanswered).toEqual([]); // even line count: every request answered
    expect(read.backendCalls).toBeGreaterThan(read.requests.length / 2);
    const odd = readWso2Access(generate({ lines: LINES + 1, seed: 4, format: 'wso2-access' }).lines);
    expect(odd.unanswered).toEqual([LINES + 1]); // odd count: only the very last line is in flight
  });

  it('wso2-access: the backend leg sits between a client request and its response, with the Synapse UA', () => {
    const { lines } = generate({ lines: 2000, seed: 4, format: 'wso2-access' });
    const i = lines.findIndex((l) => l.includes('"Synapse-PT-HttpComponents-NIO"'));
    expect(i).toBeGreaterThan(0);
    expect(lines[i - 1]).toMatch(/^\S+ 10\.0\.2\.1[12] - - \[.*\] "(GET|POST|PUT|DELETE) \//);
    expect(lines[i + 1]).toMatch(/^- 10\.20\.\d+\.\d+  - \[.*\] "- - " \d{3} - "-" "-"$/);
    expect(lines[i + 2]).toMatch(/^- 10\.0\.2\.1[12]  - \[.*\] "- - " \d{3} - "-" "-"$/);
  });

  it('wso2-metrics: ELKCounterMetric lines with the documented response and faulty key sets', () => {
    const { lines } = generate({ lines: LINES, seed: 4, format: 'wso2-metrics' });
    expect(lines.filter((l) => !METRICS_RE.test(l)).slice(0, 5)).toEqual([]);
    const events = readMetrics(lines);
    const response = events.filter((e) => e.name === 'apim:response');
    const faulty = events.filter((e) => e.name === 'apim:faulty');
    expect(response.length).toBeGreaterThan(LINES * 0.9);
    expect(faulty.length).toBeGreaterThan(0);
    const responseKeys = [
      'apiName', 'proxyResponseCode', 'destination', 'apiCreatorTenantDomain', 'platform', 'apiMethod', 'apiVersion',
      'gatewayType', 'apiCreator', 'responseCacheHit', 'backendLatency', 'correlationId', 'requestMediationLatency',
      'keyType', 'apiId', 'applicationName', 'targetResponseCode', 'requestTimestamp', 'applicationOwner', 'userAgent',
      'userName', 'apiResourceTemplate', 'responseLatency', 'regionId', 'responseMediationLatency', 'userIp', 'apiContext',
      'applicationId', 'apiType', 'properties',
    ];
    const faultyKeys = [
      'apiName', 'proxyResponseCode', 'errorType', 'apiCreatorTenantDomain', 'errorMessage', 'apiVersion', 'gatewayType',
      'apiCreator', 'errorCode', 'correlationId', 'keyType', 'apiId', 'applicationName', 'targetResponseCode',
      'requestTimestamp', 'applicationOwner', 'regionId', 'applicationId', 'apiType', 'properties',
    ];
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{3})?)?Z$/;
    const bad: string[] = [];
    for (const e of response) {
      const p = e.props;
      const ok =
        Object.keys(p).join() === responseKeys.join() &&
        iso.test(p.requestTimestamp as string) &&
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(p.correlationId as string) &&
        p.targetResponseCode === p.proxyResponseCode &&
        (p.backendLatency as number) + (p.requestMediationLatency as number) + (p.responseMediationLatency as number) === p.responseLatency;
      if (!ok) bad.push(lines[e.line - 1]!);
    }
    for (const e of faulty) {
      const p = e.props;
      const ok =
        Object.keys(p).join() === faultyKeys.join() &&
        iso.test(p.requestTimestamp as string) &&
        p.userIp === undefined &&
        p.targetResponseCode === -1 &&
        p.applicationName === 'UNKNOWN' &&
        p.keyType === 'UNKNOWN' &&
        (p.errorCode === 900901 || p.errorCode === 900902) &&
        p.errorType === 'AUTH' &&
        p.errorMessage === 'AUTHENTICATION_FAILURE' &&
        p.proxyResponseCode === 401;
      if (!ok) bad.push(lines[e.line - 1]!);
    }
    expect(bad.slice(0, 5)).toEqual([]);
    // Several APIs, versions, applications and users.
    expect(new Set(response.map((e) => `${e.props.apiName}:${e.props.apiVersion}`)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(response.map((e) => e.props.apiVersion)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(response.map((e) => e.props.applicationName)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(response.map((e) => e.props.userName)).size).toBeGreaterThan(100);
  });

  it('every line of every format is printable ASCII (the file writer relies on it)', () => {
    for (const format of GENERATE_FORMATS) {
      const { lines } = generate({ lines: LINES, seed: 4, format });
      expect(lines.filter((l) => !/^[\x20-\x7e]+$/.test(l)).slice(0, 5)).toEqual([]);
    }
  });

  it('Java OffsetDateTime.toString quirk: zero millis and seconds are left out', () => {
    const c = new Clock();
    expect(c.javaIso(Date.UTC(2022, 11, 15, 2, 53, 34, 894))).toBe('2022-12-15T02:53:34.894Z');
    expect(c.javaIso(Date.UTC(2022, 11, 15, 2, 53, 34, 0))).toBe('2022-12-15T02:53:34Z');
    expect(c.javaIso(Date.UTC(2022, 11, 15, 2, 53, 0, 0))).toBe('2022-12-15T02:53Z');
    expect(c.javaIso(Date.UTC(2022, 11, 15, 2, 53, 0, 7))).toBe('2022-12-15T02:53:00.007Z');
    expect(c.clfSeconds(Date.UTC(2024, 0, 9, 23, 59, 59, 999))).toBe('09/Jan/2024:23:59:59 +0000');
    expect(c.clfMillis(Date.UTC(2024, 0, 10, 0, 0, 0, 5))).toBe('10/Jan/2024:00:00:00.005 +0000');
    expect(c.log4j(Date.UTC(2024, 0, 10, 8, 3, 9, 42))).toBe('08:03:09,042');
    expect(c.haproxy(Date.UTC(2024, 0, 10, 8, 3, 9, 42))).toBe('10/Jan/2024:08:03:09.042');
    expect(c.syslog(Date.UTC(2024, 0, 9, 8, 3, 9, 42))).toBe('Jan  9 08:03:09');
    expect(c.syslog(Date.UTC(2024, 0, 10, 8, 3, 9, 42))).toBe('Jan 10 08:03:09');
  });
});
