import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../core/events/event';
import { Wso2AccessParser } from '../../core/parse/wso2-access';
import { Wso2CarbonParser } from '../../core/parse/wso2-carbon';
import { AccessClientIndex, joinClients } from '../../core/parse/wso2-join';
import { Wso2MetricsParser } from '../../core/parse/wso2-metrics';
import { outcomeOf, parseLines, utc, type Expected } from './helpers';

// The documented response sample (FORMATS.md §2, Datadog guide) and the constructed 4.2+ fault line.
const RESPONSE =
  '08:23:34,898 [-] [PassThroughMessageProcessor-188]  INFO ELKCounterMetric apimMetrics: apim:response, properties :{"apiName":"PizzaShackAPI","proxyResponseCode":200,"destination":"https://localhost:9443/am/sample/pizzashack/v1/api/","apiCreatorTenantDomain":"carbon.super","platform":"Other","apiMethod":"GET","apiVersion":"1.0.0","gatewayType":"SYNAPSE","apiCreator":"admin","responseCacheHit":false,"backendLatency":3,"correlationId":"02951f10-5934-456d-b608-7cd85b3f7c9d","requestMediationLatency":1,"keyType":"SANDBOX","apiId":"af88b5f8-594a-4f57-a729-7eb86b6a63ab","applicationName":"DefaultApplication","targetResponseCode":200,"requestTimestamp":"2022-12-15T02:53:34.894Z","applicationOwner":"admin","userAgent":"curl","userName":"admin@carbon.super","apiResourceTemplate":"/menu","responseLatency":4,"regionId":"default","responseMediationLatency":0,"userIp":"127.0.0.1","apiContext":"/pizzashack/1.0.0","applicationId":"87c8da4c-aa3f-43d3-89ac-dc3dc3b19d3e","apiType":"HTTP","properties":{}}';
const FAULT =
  '10:15:02,114 [-] [PassThroughMessageProcessor-7]  INFO ELKCounterMetric apimMetrics: apim:faulty, properties :{"apiName":"PizzaShackAPI","proxyResponseCode":401,"errorType":"AUTH","apiCreatorTenantDomain":"carbon.super","errorMessage":"AUTHENTICATION_FAILURE","apiVersion":"1.0.0","gatewayType":"SYNAPSE","apiCreator":"admin","errorCode":900902,"correlationId":"c1","keyType":"UNKNOWN","apiId":"a1","applicationName":"UNKNOWN","targetResponseCode":-1,"requestTimestamp":"2024-05-01T10:15:02.101Z","applicationOwner":"UNKNOWN","regionId":"default","applicationId":"UNKNOWN","apiType":"HTTP","properties":{"apiContext":"/pizzashack/1.0.0","responseContentType":"UNKNOWN","responseSize":0}}';

const TABLE: [string, string, Expected][] = [
  [
    'documented apim:response line',
    RESPONSE,
    {
      time: utc('2022-12-15T02:53:34.894Z'), client: '127.0.0.1', method: 'GET', path: '/pizzashack/1.0.0/menu', status: 200,
      latencyMs: 4, userAgent: 'curl', api: 'PizzaShackAPI', apiVersion: '1.0.0', application: 'DefaultApplication',
      user: 'admin@carbon.super', keyType: 'SANDBOX', errorCode: 0, kind: 'request', bytes: -1,
    },
  ],
  [
    'apim:faulty auth failure: no client, UNKNOWN placeholders dropped, context from properties',
    FAULT,
    {
      time: utc('2024-05-01T10:15:02.101Z'), client: '', path: '/pizzashack/1.0.0', status: 401, errorCode: 900902,
      kind: 'auth-failure', application: '', keyType: '', api: 'PizzaShackAPI', bytes: 0,
    },
  ],
  [
    'documented 4.1 throttled fault as a bare properties object after the marker; Java drops zero seconds',
    'INFO - LogCounterMetric apimMetrics: apim:faulty, properties :{"apiName":"SampleAPI","apiVersion":"1.0.0","applicationName":"SampleApp3","errorCode":900803,"errorType":"THROTTLED","keyType":"PRODUCTION","proxyResponseCode":429,"requestTimestamp":"2022-02-01T04:18Z","targetResponseCode":-1}',
    { time: utc('2022-02-01T04:18:00Z'), status: 429, errorCode: 900803, kind: 'request', application: 'SampleApp3', keyType: 'PRODUCTION' },
  ],
  ['APK spelling `properties:`', 'x apimMetrics: apim:response, properties:{"requestTimestamp":"2024-01-01T00:00:00Z","proxyResponseCode":200,"userIp":"1.1.1.1"}', { client: '1.1.1.1', status: 200 }],
  ['another metric name', '08:23:34,898 [-] [x]  INFO ELKCounterMetric apimMetrics: apim:other, properties :{}', { ignored: 'not-an-event' }],
  ['other log line', '08:23:34,898 [-] [main]  INFO SomeClass started', { ignored: 'not-an-event' }],
  ['blank', '', { ignored: 'blank' }],
  ['broken JSON', '08:23:34,898 [-] [x]  INFO ELKCounterMetric apimMetrics: apim:response, properties :{"apiName":', { error: 'bad-json' }],
  ['no timestamp', 'apimMetrics: apim:response, properties :{"proxyResponseCode":200}', { error: 'missing-field' }],
  ['bad timestamp', 'apimMetrics: apim:response, properties :{"requestTimestamp":"yesterday"}', { error: 'bad-timestamp' }],
];

describe('wso2-metrics parser', () => {
  it.each(TABLE)('%s', (_d, raw, expected) => {
    expect(outcomeOf(new Wso2MetricsParser(), raw)).toMatchObject(expected);
  });
});

describe('wso2-join: clients for faults and carbon WARNs from the access log', () => {
  it('joins the real 4.5.0 carbon WARN to the 401 response line of the same call', () => {
    const access = parseLines(new Wso2AccessParser(), [
      '- 127.0.0.1 - - [22/Apr/2026:11:06:39.183 +0500] "GET /test/1.0.0/posts HTTP/1.1" - - "https://localhost:9443/" "Mozilla/5.0"',
      '- 127.0.0.1  - [22/Apr/2026:11:06:39.183 +0500] "- - " 401 - "-" "-"',
    ]).events;
    const warns = parseLines(new Wso2CarbonParser({ utcOffsetMinutes: 300 }), [
      'TID: [] [] [2026-04-22 11:06:39,264]  WARN {org.wso2.carbon.apimgt.gateway.handlers.security.APIAuthenticationHandler} - API authentication failure due to Invalid Credentials for requestURI=/test/1.0.0/posts',
    ]).events;
    expect(warns[0].client).toBe('');
    expect(joinClients(warns, access)).toBe(1);
    expect(warns[0]).toMatchObject({ client: '127.0.0.1', kind: 'auth-failure', status: 401, path: '/test/1.0.0/posts' });
  });

  it('joins a fault by API context, status and time; each access event explains one fault', () => {
    const t = utc('2024-05-01T10:15:02.101Z');
    const access = [
      makeEvent({ client: '198.51.100.7', path: '/pizzashack/1.0.0/menu', status: 401, time: t - 40 }),
      makeEvent({ client: '203.0.113.1', path: '/other/1.0.0/x', status: 401, time: t }),
      makeEvent({ client: '192.0.2.1', path: '/pizzashack/1.0.0/menu', status: 200, time: t }),
    ];
    const faults = parseLines(new Wso2MetricsParser(), [FAULT, FAULT]).events;
    expect(joinClients(faults, access)).toBe(1);
    expect(faults.map((f) => f.client)).toEqual(['198.51.100.7', '']);
  });

  it('leaves an event unattributed when the nearest candidates disagree or none is in the window', () => {
    const idx = new AccessClientIndex({ windowMs: 1000 });
    idx.add(makeEvent({ client: 'a', path: '/api/1/x', status: 403, time: 1000 }));
    idx.add(makeEvent({ client: 'b', path: '/api/1/y', status: 403, time: 3000 }));
    expect(idx.clientFor(makeEvent({ path: '/api/1', status: 403, time: 2000 }))).toBe('');
    expect(idx.clientFor(makeEvent({ path: '/api/1', status: 403, time: 9000 }))).toBe('');
    expect(idx.clientFor(makeEvent({ path: '/api/1/{id}', status: 403, time: 1200 }))).toBe('a');
    expect(idx.clientFor(makeEvent({ path: '/api/10', status: 403, time: 3000 }))).toBe('');
  });
});
