import type { GenRequest } from '../types';
import { Clock } from './clock';
import { OneLineWriter, type LineSink } from './writer';

const FIELDS =
  'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken';

/**
 * IIS in front of the API, W3C extended logging with its default fields. The file opens with IIS's directives
 * (`#Software`, `#Version`, `#Date`, `#Fields`), which count as lines of the log. Spaces in header values
 * are written as '+', as IIS does; no random numbers are drawn.
 */
export class W3cWriter extends OneLineWriter {
  readonly resolutionMs = 1000;
  private readonly clock = new Clock();

  header(start: number): string[] {
    const [date, time] = this.clock.isoSeconds(start).split('T') as [string, string];
    return ['#Software: Microsoft Internet Information Services 10.0', '#Version: 1.0', `#Date: ${date} ${time}`, `#Fields: ${FIELDS}`];
  }

  write(req: GenRequest, out: LineSink): void {
    const [date, time] = this.clock.isoSeconds(req.time).split('T') as [string, string];
    const dash = (s: string) => (s === '' ? '-' : s.replace(/ /g, '+'));
    out(
      `${date} ${time} 10.0.4.20 ${req.method} ${req.path} ${dash(req.query)} 443 - ${req.ip} ` +
        `${dash(req.ua.ua)} ${dash(req.referer === '-' ? '' : req.referer)} ${req.status} 0 0 ${Math.max(1, Math.round(req.latencyMs))}`,
    );
  }
}
