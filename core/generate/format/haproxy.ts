import type { GenRequest } from '../types';
import { Clock } from './clock';
import { OneLineWriter, type LineSink } from './writer';

/**
 * HAProxy at the edge (`option httplog`, with `capture request header User-Agent len 256`), through syslog:
 *
 *     Jun  3 14:05:09 lb1 haproxy[2211]: ip:port [03/Jun/2024:14:05:09.123] https-in~ api/app2
 *       0/0/1/41/42 200 512 - - ---- 12/12/3/1/0 0/0 {ua} "GET /api/v1/x HTTP/1.1"
 *
 * The peer is the client. Ports and connection counters are derived from the request itself, so the
 * writer draws no random numbers and the other formats' traffic is unchanged by its existence.
 */
export class HaproxyWriter extends OneLineWriter {
  readonly resolutionMs = 1;
  private readonly clock = new Clock();
  private readonly syslog = new Clock();

  write(req: GenRequest, out: LineSink): void {
    const target = req.query === '' ? req.path : `${req.path}?${req.query}`;
    const port = 1024 + (req.time % 60_000);
    const lat = Math.max(1, Math.round(req.latencyMs));
    // A request no API matched is answered by HAProxy itself: no server.
    const server = req.api === null ? 'https-in/<NOSRV>' : `api/app${1 + (port % 3)}`;
    const timers = req.api === null ? `0/-1/-1/-1/${lat}` : `0/0/1/${lat - 1}/${lat}`;
    const conns = 1 + (port % 40);
    out(
      `${this.syslog.syslog(req.time)} lb1 haproxy[2211]: ${req.ip}:${port} [${this.clock.haproxy(req.time)}] https-in~ ${server} ` +
        `${timers} ${req.status} ${req.bytes} - - ---- ${conns}/${conns}/${conns >> 1}/1/0 0/0 {${req.ua.ua}} "${req.method} ${target} ${req.protocol}"`,
    );
  }
}
