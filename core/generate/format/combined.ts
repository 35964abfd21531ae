import type { GenRequest } from '../types';
import { Clock } from './clock';
import { OneLineWriter, type LineSink } from './writer';

/**
 * nginx `combined`: `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent
 * "$http_referer" "$http_user_agent"`. The peer is the client (nginx is the edge). One line per request.
 */
export class CombinedWriter extends OneLineWriter {
  readonly resolutionMs = 1000;
  private readonly clock = new Clock();

  write(req: GenRequest, out: LineSink): void {
    const target = req.query === '' ? req.path : `${req.path}?${req.query}`;
    out(
      `${req.ip} - - [${this.clock.clfSeconds(req.time)}] "${req.method} ${target} ${req.protocol}" ${req.status} ${req.bytes} "${req.referer}" "${req.ua.ua}"`,
    );
  }
}
