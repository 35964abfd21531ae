import type { GenRequest } from '../types';
import { Clock } from './clock';
import type { FormatWriter, LineSink } from './writer';

/** The gateway's HTTP client towards backends: this is its User-Agent on the sender side of the access log. */
export const SYNAPSE_UA = 'Synapse-PT-HttpComponents-NIO';

/** Load-balancer nodes in front of the gateway: the connection peer (`%h`) of proxied clients. */
const LB_NODES = ['10.0.2.11', '10.0.2.12'];

/**
 * WSO2 API-M gateway (Synapse PassThrough) access log, default pattern
 * `%{X-Forwarded-For}i %h %l %u %t "%r" %s %b "%{Referer}i" "%{User-Agent}i"` with 4.5-style millisecond times.
 *
 * Each client call is a request line (status `-`) and a response line (`"- - "`, status, the `%l` left empty);
 * when the gateway forwards the call, the backend request and response lines (peer = backend, UA
 * Synapse-PT-HttpComponents-NIO) sit between them, as in the real 4.5.0 log. Lines of one call are
 * written together, so a parser pairing by peer address in arrival order always pairs correctly.
 */
export class Wso2AccessWriter implements FormatWriter {
  readonly resolutionMs = 1;
  private readonly reqClock = new Clock();
  private readonly respClock = new Clock();

  linesFor(req: GenRequest): number {
    return reachesBackend(req) ? 4 : 2;
  }

  attributable(): boolean {
    return true;
  }

  write(req: GenRequest, out: LineSink): void {
    const peer = this.writeRequest(req, out);
    if (reachesBackend(req)) {
      const api = req.api!;
      const sent = req.time + requestMediation(req);
      const back = api.backendBase + req.path.slice(api.context.length) + (req.query === '' ? '' : `?${req.query}`);
      const bytes = req.reqBytes > 0 ? `${req.reqBytes}` : '-';
      out(`- ${api.backendIp} - - [${this.respClock.clfMillis(sent)}] "${req.method} ${back} HTTP/1.1" - ${bytes} "${req.referer}" "${SYNAPSE_UA}"`);
      out(`- ${api.backendIp}  - [${this.respClock.clfMillis(req.time + req.latencyMs - responseMediation(req))}] "- - " ${req.status} - "-" "-"`);
    }
    out(`- ${peer}  - [${this.respClock.clfMillis(req.time + req.latencyMs)}] "- - " ${req.status} - "-" "-"`);
  }

  writeFirstLine(req: GenRequest, out: LineSink): boolean {
    this.writeRequest(req, out);
    return true;
  }

  private writeRequest(req: GenRequest, out: LineSink): string {
    const peer = req.proxied ? LB_NODES[req.ip.charCodeAt(req.ip.length - 1) & 1]! : req.ip;
    const xff = req.proxied ? req.ip : '-';
    const target = req.query === '' ? req.path : `${req.path}?${req.query}`;
    const bytes = req.reqBytes > 0 ? `${req.reqBytes}` : '-';
    out(`${xff} ${peer} - - [${this.reqClock.clfMillis(req.time)}] "${req.method} ${target} HTTP/1.1" - ${bytes} "${req.referer}" "${req.ua.ua}"`);
    return peer;
  }
}

/** The gateway called the backend: an API and resource matched and the gateway did not answer itself. */
export function reachesBackend(req: GenRequest): boolean {
  return req.resource !== null && req.gatewayError === 0;
}

/** Gateway time before the backend call / after its answer; the rest of the latency is the backend's. */
export function requestMediation(req: GenRequest): number {
  return req.latencyMs >> 4;
}

export function responseMediation(req: GenRequest): number {
  return req.latencyMs >> 5;
}
