import { isBlank } from './line-class';
import type { LineParser, ParseSink } from './parser';
import { reject, type ParserOptions } from './sink-util';
import { readWso2Line } from './wso2-access-line';
import { Wso2Pairer, type PairingLimits } from './wso2-pairing';

export interface Wso2AccessOptions extends ParserOptions, PairingLimits {}

/**
 * WSO2 API Manager access logs:
 * - the Synapse gateway log (`http_access_.log` in 3.x, `http_access.log` from 4.4): one line per request
 *   and one per response, inbound and gateway-to-backend, paired by Wso2Pairer into one event per client
 *   API call, keyed on the first X-Forwarded-For hop when present, else the peer address;
 * - the Tomcat servlet log (`http_access_.<yyyy-MM-dd>.log`, port 9443: Publisher, DevPortal, /oauth2,
 *   /internal/data): complete unquoted lines with `%T` seconds, one event each (latencyMs from `%T`);
 * - a gateway or servlet log written with the quoted combined pattern (API-M 2.6): one event each.
 */
export class Wso2AccessParser implements LineParser {
  readonly format = 'wso2-access' as const;
  private readonly source: number;
  private readonly pairer: Wso2Pairer;

  constructor(opts: Wso2AccessOptions = {}) {
    this.source = opts.source ?? 0;
    this.pairer = new Wso2Pairer(opts);
  }

  line(text: string, lineNo: number, offset: number, sink: ParseSink): void {
    if (text.length === 0 || isBlank(text)) return sink.ignored(lineNo, 'blank');
    const r = readWso2Line(text, lineNo, offset, this.source);
    if ('code' in r) return reject(sink, r.code, r.message, text, lineNo, offset, this.source);
    if (r.shape === 'complete') {
      if (r.backend) sink.ignored(lineNo, 'backend');
      else sink.event(r.event);
      return;
    }
    this.pairer.add(r.shape === 'response', r.backend, r.peer, r.event, sink);
  }

  end(sink: ParseSink): void {
    this.pairer.end(sink);
  }
}
