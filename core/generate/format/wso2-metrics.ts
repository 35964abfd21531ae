import type { ApiDef } from '../catalog';
import { uuid, type Rng } from '../prng';
import type { GenRequest } from '../types';
import { Clock } from './clock';
import { requestMediation, responseMediation } from './wso2-access';
import type { FormatWriter, LineSink } from './writer';

/** WSO2 error code → [errorType, errorMessage (FaultSubCategory)] as the analytics fault collector sets them. */
const FAULTS: Record<number, [string, string]> = {
  900901: ['AUTH', 'AUTHENTICATION_FAILURE'],
  900902: ['AUTH', 'AUTHENTICATION_FAILURE'],
  900903: ['AUTH', 'AUTHENTICATION_FAILURE'],
  900908: ['AUTH', 'SUBSCRIPTION_VALIDATION_FAILURE'],
  900910: ['AUTH', 'AUTHORIZATION_FAILURE'],
  900800: ['THROTTLED', 'API_LEVEL_LIMIT_EXCEEDED'],
  900805: ['THROTTLED', 'BLOCKED'],
};

interface ApiConstants {
  r1: string;
  r2: string;
  r3: string;
  r4: string;
  r5: string;
  f1: string;
  f2: string;
  f3: string;
  f4: string;
}

/**
 * `apim_metrics.log` (API-M 4.2+ ELK analytics): `HH:mm:ss,SSS [-] [thread]  INFO ELKCounterMetric apimMetrics:
 * apim:response, properties :{json}`, one line per API call the gateway matched to an API.
 *
 * - `apim:response` for calls answered through the backend; it carries `userIp` and the parsed UA family.
 * - `apim:faulty` for auth and throttling failures: no `userIp`, application fields `UNKNOWN`, target -1.
 * - Nothing for requests that match no API or resource, and nothing for the token endpoint.
 * Key order is the Java HashMap order of the doc samples (it is not stable in general; parsers must not care).
 */
export class Wso2MetricsWriter implements FormatWriter {
  readonly resolutionMs = 1;
  private readonly clock = new Clock();
  private readonly logClock = new Clock();
  private readonly perApi = new Map<ApiDef, ApiConstants>();

  constructor(private readonly rng: Rng) {}

  linesFor(req: GenRequest): number {
    if (!req.api || !req.resource || !req.api.analytics) return 0;
    return req.gatewayError === 0 || FAULTS[req.gatewayError] ? 1 : 0;
  }

  attributable(req: GenRequest): boolean {
    return this.linesFor(req) === 1 && req.gatewayError === 0;
  }

  write(req: GenRequest, out: LineSink): void {
    if (this.linesFor(req) === 0) return;
    const api = req.api!;
    const k = this.constants(api);
    const thread = 1 + (this.rng.u32() % 200);
    const head = `${this.logClock.log4j(req.time + req.latencyMs)} [-] [PassThroughMessageProcessor-${thread}]  INFO ELKCounterMetric apimMetrics: `;
    const corr = uuid(this.rng);
    const ts = this.clock.javaIso(req.time);
    if (req.gatewayError !== 0) {
      const [errorType, errorMessage] = FAULTS[req.gatewayError]!;
      out(
        `${head}apim:faulty, properties :${k.f1}${req.status},"errorType":"${errorType}","apiCreatorTenantDomain":"carbon.super",` +
          `"errorMessage":"${errorMessage}"${k.f2}${req.gatewayError},"correlationId":"${corr}"${k.f3}${ts}${k.f4}`,
      );
      return;
    }
    const id = req.identity;
    const app = id ? id.app : null;
    const reqMed = requestMediation(req);
    const respMed = responseMediation(req);
    out(
      `${head}apim:response, properties :${k.r1}${req.status}${k.r2}${req.ua.platform}","apiMethod":"${req.method}${k.r3}` +
        `${req.latencyMs - reqMed - respMed},"correlationId":"${corr}","requestMediationLatency":${reqMed},"keyType":"${id ? id.keyType : 'UNKNOWN'}` +
        `${k.r4}${app ? app.name : 'UNKNOWN'}","targetResponseCode":${req.status},"requestTimestamp":"${ts}","applicationOwner":"` +
        `${app ? app.owner : 'UNKNOWN'}","userAgent":"${req.ua.family}","userName":"${id ? id.userName : 'anonymous'}","apiResourceTemplate":"` +
        `${req.resource!.template}","responseLatency":${req.latencyMs},"regionId":"default","responseMediationLatency":${respMed},"userIp":"` +
        `${req.ip}${k.r5}${app ? app.id : 'UNKNOWN'}","apiType":"HTTP","properties":{"responseContentType":"application/json","responseSize":${req.bytes}}}`,
    );
  }

  /** The runs of each event's JSON that depend only on the API, built once per API. */
  private constants(api: ApiDef): ApiConstants {
    let k = this.perApi.get(api);
    if (!k) {
      const common = `"apiVersion":"${api.version}","gatewayType":"SYNAPSE","apiCreator":"${api.creator}"`;
      k = {
        r1: `{"apiName":"${api.name}","proxyResponseCode":`,
        r2: `,"destination":"${api.destination}","apiCreatorTenantDomain":"carbon.super","platform":"`,
        r3: `",${common},"responseCacheHit":false,"backendLatency":`,
        r4: `","apiId":"${api.id}","applicationName":"`,
        r5: `","apiContext":"${api.context}","applicationId":"`,
        f1: `{"apiName":"${api.name}","proxyResponseCode":`,
        f2: `,${common},"errorCode":`,
        f3: `,"keyType":"UNKNOWN","apiId":"${api.id}","applicationName":"UNKNOWN","targetResponseCode":-1,"requestTimestamp":"`,
        f4:
          `","applicationOwner":"UNKNOWN","regionId":"default","applicationId":"UNKNOWN","apiType":"HTTP",` +
          `"properties":{"apiContext":"${api.context}","responseContentType":"UNKNOWN","responseSize":0}}`,
      };
      this.perApi.set(api, k);
    }
    return k;
  }

  writeFirstLine(): boolean {
    return false;
  }
}
