import type { GenRequest } from '../types';
import { Clock } from './clock';
import { OneLineWriter, type LineSink } from './writer';

const ELB = 'app/api-gateway-alb/50dc6c495c0c9188';
const TARGET_GROUP = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/api/73e2d6bc24d8a067';
const TARGETS = ['10.0.3.11', '10.0.3.12', '10.0.3.13'];

/**
 * An AWS Application Load Balancer in front of the API, HTTPS listener, as its S3 access-log files hold it:
 * the request line carries the absolute URL, the three processing times are seconds, a request no API
 * matched is answered by the balancer's fixed 404 (no target). Like the HAProxy writer it draws no random
 * numbers: ports, targets and trace ids come from the request.
 */
export class AwsAlbWriter extends OneLineWriter {
  readonly resolutionMs = 1;
  private readonly clock = new Clock();
  private readonly created = new Clock();

  write(req: GenRequest, out: LineSink): void {
    const target = req.query === '' ? req.path : `${req.path}?${req.query}`;
    const port = 1024 + (req.time % 60_000);
    const lat = Math.max(1, Math.round(req.latencyMs)) / 1000;
    const routed = req.api !== null;
    const node = TARGETS[port % TARGETS.length]!;
    const times = routed ? `0.001 ${(lat - 0.001).toFixed(3)} 0.000` : '0.001 -1 -1';
    const trace = `Root=1-${(Math.floor(req.time / 1000) >>> 0).toString(16)}-${port.toString(16).padStart(24, '0')}`;
    const proto = req.protocol === 'HTTP/2.0' ? 'h2' : 'https';
    out(
      `${proto} ${this.clock.isoMicros(req.time + Math.round(req.latencyMs))} ${ELB} ${req.ip}:${port} ${routed ? `${node}:8080` : '-'} ${times} ` +
        `${req.status} ${routed ? req.status : '-'} ${200 + req.reqBytes} ${req.bytes} "${req.method} https://api.example.com:443${target} ${req.protocol}" ` +
        `"${req.ua.ua}" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ${routed ? TARGET_GROUP : '-'} "${trace}" "api.example.com" ` +
        `"arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012" ${routed ? 1 : 0} ${this.created.isoMicros(req.time)} ` +
        `"${routed ? 'forward' : 'fixed-response'}" "-" "-" "${routed ? `${node}:8080` : '-'}" "${routed ? req.status : '-'}" "-" "-"`,
    );
  }
}
