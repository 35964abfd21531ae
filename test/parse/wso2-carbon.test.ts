import { describe, expect, it } from 'vitest';
import { Wso2CarbonParser } from '../../core/parse/wso2-carbon';
import { outcomeOf, parseLines, utc, type Expected } from './helpers';

const HANDLER = '{org.wso2.carbon.apimgt.gateway.handlers.security.APIAuthenticationHandler}';

// Times carry no zone: these rows read them at UTC-5, the 3.0.0 server's zone, or UTC+5 for 4.5.0.
const TABLE: [string, string, number, Expected][] = [
  [
    'real 3.0.0 carbon WARN, Invalid Credentials',
    `TID: [-1234] [] [2020-02-23 01:53:55,763]  WARN ${HANDLER} - API authentication failure due to Invalid Credentials`,
    -300,
    { kind: 'auth-failure', time: utc('2020-02-23T06:53:55.763Z'), status: 401, errorCode: 900901, client: '', path: '' },
  ],
  [
    'real 3.0.0: Resource forbidden with its trailing space → 403 / 900908',
    `TID: [-1234] [] [2020-02-24 22:53:10,979]  WARN ${HANDLER} - API authentication failure due to Resource forbidden `,
    -300,
    { status: 403, errorCode: 900908 },
  ],
  [
    'real 3.0.0 carbon, CRLF already stripped by the splitter, Access Token Expired',
    `TID: [-1234] [] [2020-02-25 01:28:53,245]  WARN ${HANDLER} - API authentication failure due to Access Token Expired`,
    -300,
    { errorCode: 900903, status: 401 },
  ],
  [
    'real 3.0.0 wso2-apigw-errors.log line',
    '2020-02-23T02:10:18,828 [-] [PassThroughMessageProcessor-67]  WARN APIAuthenticationHandler API authentication failure due to Resource forbidden ',
    -300,
    { time: utc('2020-02-23T07:10:18.828Z'), errorCode: 900908, status: 403 },
  ],
  [
    'real 4.5.0 carbon WARN with requestURI',
    `TID: [] [] [2026-04-17 17:06:54,850]  WARN ${HANDLER} - API authentication failure due to Missing Credentials for requestURI=/test/1.0.0/posts`,
    300,
    { time: utc('2026-04-17T12:06:54.850Z'), errorCode: 900902, path: '/test/1.0.0/posts', query: '' },
  ],
  [
    'real 4.5.0 wso2-apigw-errors.log line',
    `2026-04-22T11:06:39,264 [-] [PassThroughMessageProcessor-5]  WARN ${HANDLER} API authentication failure due to Invalid Credentials for requestURI=/test/1.0.0/posts`,
    300,
    { errorCode: 900901, path: '/test/1.0.0/posts' },
  ],
  [
    'documented 4.2 wording with appName, userName and a query in the URI',
    `TID: [] [] [2023-08-13 22:10:01,799]  WARN ${HANDLER} - API authentication failure due to Invalid OAuth Credentials for appName=Shop userName=alice@carbon.super for requestURI=/open-banking/v3.3.0/register/x?y=1`,
    0,
    { errorCode: 900901, application: 'Shop', user: 'alice@carbon.super', path: '/open-banking/v3.3.0/register/x', query: 'y=1' },
  ],
  [
    '2.6 suffix after the reason',
    `TID: [-1234] [] [2019-01-01 00:00:00,000]  WARN ${HANDLER} - API authentication failure due to Missing Credentials ${HANDLER}`,
    0,
    { errorCode: 900902 },
  ],
  ['unknown reason keeps 401 and code 0', `TID: [] [] [2026-01-01 00:00:00,000]  WARN ${HANDLER} - API authentication failure due to Something new`, 0, { errorCode: 0, status: 401 }],
  ['startup INFO line', 'TID: [-1234] [] [2020-02-23 01:47:20,112]  INFO {org.wso2.carbon.core.init.CarbonServerManager} - Server           :  WSO2 API Manager-3.0.0', 0, { ignored: 'not-an-event' }],
  ['4.x line without tenant brackets', 'TID: [2026-04-22 11:01:20,791]  INFO {org.wso2.carbon.core.internal.CarbonCoreActivator} - Starting WSO2 Carbon...', 0, { ignored: 'not-an-event' }],
  ['stack-trace continuation', '\tat org.apache.synapse.core.axis2.Axis2SynapseEnvironment.injectMessage(Axis2SynapseEnvironment.java:328)', 0, { ignored: 'not-an-event' }],
  ['REST API auth message from another class', 'TID: [-1234] [] [2020-02-23 02:00:00,000]  WARN {org.wso2.carbon.apimgt.rest.api.util.interceptors.PostAuthenticationInterceptor} - Authentication failed: Bearer/Basic authentication header is missing', 0, { ignored: 'not-an-event' }],
  ['blank', '', 0, { ignored: 'blank' }],
  ['auth failure without a time', `WARN ${HANDLER} - API authentication failure due to Invalid Credentials`, 0, { error: 'bad-timestamp' }],
];

describe('wso2-carbon parser', () => {
  it.each(TABLE)('%s', (_d, raw, offset, expected) => {
    expect(outcomeOf(new Wso2CarbonParser({ utcOffsetMinutes: offset }), raw)).toMatchObject(expected);
  });

  it("reads zone-less times in this machine's zone when no offset is given", () => {
    const c = parseLines(new Wso2CarbonParser(), [TABLE[0][1]]);
    expect(c.events[0].time).toBe(new Date(2020, 1, 23, 1, 53, 55, 763).getTime());
  });
});
