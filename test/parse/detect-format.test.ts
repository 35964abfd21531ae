import { describe, expect, it } from 'vitest';
import { createParser, detectFormat, FORMATS } from '../../core/parse/index';
import type { FormatId } from '../../core/parse/parser';

const NGINX = '192.168.1.1 - - [04/Jan/2020:07:25:02 +0000] "GET /a HTTP/1.1" 404 522 "-" "Go-http-client/1.1"';
const WSO2_REQ = '- 127.0.0.1 - - [17/Apr/2026:17:06:54.643 +0500] "GET /test/1.0.0/posts HTTP/1.1" - - "-" "PostmanRuntime/7.39.1"';
const WSO2_RESP = '- 127.0.0.1  - [17/Apr/2026:17:06:54.643 +0500] "- - " 401 - "-" "-"';
const SERVLET = '127.0.0.1 - - [17/Apr/2026:16:24:57 +0500] GET /oauth2/token HTTP/1.1 200 2404 - Apache-HttpClient/4.5.13 (Java/11.0.30) 1.671';
const CARBON_INFO = 'TID: [-1234] [] [2020-02-23 01:47:20,112]  INFO {org.wso2.carbon.core.init.CarbonServerManager} - Server :  WSO2 API Manager-3.0.0';
const CARBON_WARN = 'TID: [-1234] [] [2020-02-23 01:53:55,763]  WARN {org.wso2.carbon.apimgt.gateway.handlers.security.APIAuthenticationHandler} - API authentication failure due to Invalid Credentials';
const METRICS = '08:23:34,898 [-] [P-1]  INFO ELKCounterMetric apimMetrics: apim:response, properties :{"requestTimestamp":"2022-12-15T02:53:34.894Z","proxyResponseCode":200,"userIp":"127.0.0.1","apiMethod":"GET"}';
const ENVOY_CRI = '2025-12-31T17:40:00.000000100+01:00 stdout F {"start_time":"2025-12-31T16:40:00.100Z","method":"GET","x-envoy-origin-path":"/p","response_code":404,"downstream_remote_address":"10.0.0.13:40000"}';
const NGINX_CRI = `2025-12-31T17:40:00.000000100+01:00 stdout F ${NGINX}`;
const CSV_HEADER = 'timestamp,api_name,api_version,http_method,resource,status_code,latency_ms,payload_size,client_ip,user_agent,raw_source,anomaly_label,raw_line';
const CSV_ROW = '2024-05-01T10:15:02Z,A,1,GET,/x,200,1,2,1.1.1.1,ua,src,normal,raw';
const NGINX_ERR = '2021/12/02 11:53:15 [error] 4065777#4065777: *42952950 limiting requests, excess: 5.428 by zone "z", client: ::1, server: , request: "GET / HTTP/1.1", host: "h"';

const rep = (n: number, ...lines: string[]) => Array.from({ length: n }, (_, i) => lines[i % lines.length]);

const TABLE: [string, string[], FormatId | null][] = [
  ['nginx combined', rep(50, NGINX), 'combined'],
  ['nginx with comments and blank lines', ['# header', '', ...rep(5, NGINX)], 'combined'],
  ['nginx mixed with error-log lines', [...rep(6, NGINX), ...rep(15, NGINX_ERR)], 'combined'],
  ['a pure nginx error log is still web-server output', rep(10, NGINX_ERR), 'combined'],
  ['WSO2 gateway request/response lines', rep(40, WSO2_REQ, WSO2_RESP), 'wso2-access'],
  ['Tomcat servlet log', rep(20, SERVLET), 'wso2-access'],
  ['carbon log with one auth failure', [...rep(30, CARBON_INFO), CARBON_WARN, '\tat org.x.Y.z(Y.java:1)'], 'wso2-carbon'],
  ['metrics log', rep(10, METRICS), 'wso2-metrics'],
  ['envoy JSON in CRI wrapper', rep(10, ENVOY_CRI), 'json'],
  ['nginx in CRI wrapper goes to json (which unwraps it), not combined', rep(10, NGINX_CRI), 'json'],
  ['prototype CSV', [CSV_HEADER, ...rep(10, CSV_ROW)], 'prototype-csv'],
  ['random prose', rep(10, 'The quick brown fox jumps over the lazy dog.'), null],
  ['empty', [], null],
  ['only blank lines', ['', '  ', ''], null],
];

describe('detectFormat', () => {
  it.each(TABLE)('%s', (_d, lines, want) => {
    const got = detectFormat(lines);
    if (want === null) expect(got).toBeNull();
    else expect(got?.format).toBe(want);
  });

  it('reports confidence as the share of sampled lines explained', () => {
    expect(detectFormat(rep(50, NGINX))).toEqual({ format: 'combined', confidence: 1 });
    expect(detectFormat([...rep(8, NGINX), 'garbage', 'garbage'])).toEqual({ format: 'combined', confidence: 0.8 });
  });

  it('samples at most 50 lines', () => {
    expect(detectFormat([...rep(50, NGINX), ...rep(500, 'garbage')])?.confidence).toBe(1);
  });
});

describe('createParser / FORMATS', () => {
  it('has one entry per format and builds each parser', () => {
    const ids = FORMATS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of FORMATS) {
      expect(f.description.length).toBeGreaterThan(10);
      expect(createParser(f.id, { source: 2 }).format).toBe(f.id);
    }
    expect(() => createParser('nope' as FormatId)).toThrow(/unknown format/);
  });
});
