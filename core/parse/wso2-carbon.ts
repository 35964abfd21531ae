import { emptyEvent } from '../events/event';
import { utcMs } from './clf-time';
import { isBlank } from './line-class';
import type { LineParser, ParseSink } from './parser';
import { setTarget } from './request-line';
import { reject, type ParserOptions } from './sink-util';

export interface Wso2CarbonOptions extends ParserOptions {
  /**
   * The gateway's UTC offset in minutes east (e.g. -300 for -0500). Carbon log times carry no zone; when
   * this is not given they are read in this machine's local time zone, which is right for a log written
   * on this machine.
   */
  utcOffsetMinutes?: number;
}

const MARK = 'API authentication failure due to ';

/** WSO2 error code and HTTP status by the reason text APIAuthenticationHandler logs (APISecurityConstants). */
const REASONS: [text: string, code: number, status: number][] = [
  ['Invalid Credentials', 900901, 401],
  ['Invalid OAuth Credentials', 900901, 401],
  ['Missing Credentials', 900902, 401],
  ['Missing OAuth Credentials', 900902, 401],
  ['Access Token Expired', 900903, 401],
  ['Access Token Inactive', 900904, 401],
  ['Incorrect Access Token Type is provided', 900905, 401],
  ['No matching resource found in the API for the given request', 900906, 403],
  ['The requested API is temporarily blocked', 900907, 401],
  ['Resource forbidden', 900908, 403],
  ['The subscription to the API is inactive', 900909, 401],
  ['The access token does not allow you to access the requested resource', 900910, 403],
  ['Unclassified Authentication Failure', 900900, 500],
];

const TIME_RE = /(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)[,.](\d{3})/;

/**
 * `wso2carbon.log` and `wso2-apigw-errors.log`: the gateway's authentication-failure lines
 * (`… APIAuthenticationHandler … API authentication failure due to Missing Credentials[ for appName=…]
 * [ userName=…][ for requestURI=/ctx/1.0.0/res]`) become kind 'auth-failure' events with the WSO2 error
 * code and HTTP status the reason implies (401 unless the code says 403/500), and user, application and
 * path when 4.2+ appends them. The carbon log never has the client IP: client is '' (see wso2-join.ts).
 * Every other line, stack-trace continuations included, is ignored as 'not-an-event'.
 */
export class Wso2CarbonParser implements LineParser {
  readonly format = 'wso2-carbon' as const;
  private readonly source: number;
  private readonly utcOffset: number | undefined;

  constructor(opts: Wso2CarbonOptions = {}) {
    this.source = opts.source ?? 0;
    this.utcOffset = opts.utcOffsetMinutes;
  }

  line(text: string, lineNo: number, offset: number, sink: ParseSink): void {
    const k = text.indexOf(MARK);
    if (k < 0 || !text.includes('APIAuthenticationHandler')) {
      return sink.ignored(lineNo, isBlank(text) ? 'blank' : 'not-an-event');
    }
    const m = TIME_RE.exec(text.length > 200 ? text.slice(0, 200) : text);
    const time = m ? this.toMs(m) : NaN;
    if (Number.isNaN(time)) {
      return reject(sink, 'bad-timestamp', 'auth failure without a yyyy-MM-dd HH:mm:ss,SSS time', text, lineNo, offset, this.source);
    }
    const e = emptyEvent();
    e.kind = 'auth-failure';
    e.time = time;
    e.line = lineNo;
    e.offset = offset;
    e.source = this.source;
    e.status = 401;
    const msg = text.slice(k + MARK.length);
    for (const [reason, code, status] of REASONS) {
      if (msg.startsWith(reason) && (msg.length === reason.length || msg.charCodeAt(reason.length) <= 32)) {
        e.errorCode = code;
        e.status = status;
        break;
      }
    }
    e.application = valueAfter(msg, 'appName=');
    e.user = valueAfter(msg, 'userName=');
    const uri = valueAfter(msg, 'requestURI=');
    if (uri !== '') setTarget(e, uri, 0, uri.length);
    sink.event(e);
  }

  end(_sink: ParseSink): void {}

  private toMs(m: RegExpExecArray): number {
    const [y, mo, d, h, mi, s, ms] = m.slice(1).map(Number);
    if (this.utcOffset === undefined) {
      const t = new Date(y, mo - 1, d, h, mi, s, ms).getTime();
      return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 ? t : NaN;
    }
    return utcMs(y, mo, d, h, mi, s, ms) - this.utcOffset * 60_000;
  }
}

/** The space-free value after `key` (e.g. `requestURI=/a/b`), '' if absent. */
function valueAfter(msg: string, key: string): string {
  const i = msg.indexOf(key);
  if (i < 0) return '';
  const from = i + key.length;
  const sp = msg.indexOf(' ', from);
  const v = msg.slice(from, sp < 0 ? msg.length : sp);
  return v === 'null' ? '' : v;
}
