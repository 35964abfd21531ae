import { emptyEvent, type AccessEvent } from '../events/event';
import type { ParseErrorCode } from '../events/parse-error';
import { dashToEmpty, firstHop } from './addr';
import { findClfBracket, parseClfTime } from './clf-time';
import { classifyUnparsed, unparsedMessage } from './line-class';
import { fillRequestLine } from './request-line';
import { quote } from './sink-util';

/**
 * One line of a WSO2 access log, read but not yet paired:
 * - 'request': a gateway request line (status `-`); waits for its response line.
 * - 'response': a gateway response line (request `"- - "`); carries status and size only.
 * - 'complete': request and status on one line: the Tomcat servlet log, or a combined-pattern gateway log.
 */
export interface Wso2Line {
  shape: 'request' | 'response' | 'complete';
  /** `%h`: the connection peer, the key that pairs requests with responses. */
  peer: string;
  /** Gateway-to-backend call (the sender side logs one too). */
  backend: boolean;
  event: AccessEvent;
}

export interface Wso2LineFault {
  code: ParseErrorCode;
  message: string;
}

const BACKEND_UA = 'Synapse-PT-';

/**
 * Reads `%{X-Forwarded-For}i %h %l %u %t "%r" %s %b "%{Referer}i" "%{User-Agent}i"` (Synapse) or
 * `%h %l %u %t %r %s %b %{Referer}i %{User-Agent}i %T` (Tomcat servlet, unquoted, %T in seconds). The
 * prefix is read right to left from `[time]` because the forwarded-for value may hold spaces
 * (`1.2.3.4, 10.0.0.1`) and `%l` is empty on response lines.
 */
export function readWso2Line(text: string, lineNo: number, offset: number, source: number): Wso2Line | Wso2LineFault {
  const b = findClfBracket(text);
  if (b < 0) {
    const code = classifyUnparsed(text);
    return { code, message: unparsedMessage(code, 'no [time] field') };
  }
  const close = text.indexOf(']', b + 2);
  const time = close > 0 ? parseClfTime(text, b + 2, close) : NaN;
  if (Number.isNaN(time)) return { code: 'bad-timestamp', message: `time ${quote(text.slice(b + 2, close > 0 ? close : b + 40))} is not a %t` };

  // user, ident (may be empty), peer, then whatever is left is X-Forwarded-For.
  const sU = text.lastIndexOf(' ', b - 1);
  const sI = sU > 0 ? text.lastIndexOf(' ', sU - 1) : -1;
  const sH = sI > 0 ? text.lastIndexOf(' ', sI - 1) : -1;
  if (sI < 0) return { code: 'missing-field', message: 'fewer than three fields before [time]' };
  const peer = text.slice(sH + 1, sI);
  if (peer === '') return { code: 'missing-field', message: 'no remote address' };
  const e = emptyEvent();
  e.time = time;
  e.line = lineNo;
  e.offset = offset;
  e.source = source;
  e.user = dashToEmpty(text.slice(sU + 1, b));
  const xff = sH > 0 ? firstHop(text.slice(0, sH)) : '';
  e.client = xff !== '' ? xff : peer;

  if (text.charCodeAt(close + 1) !== 32) return { code: 'bad-request-line', message: 'nothing after [time]' };
  if (text.charCodeAt(close + 2) === 34) return readQuotedTail(text, close + 3, peer, e);
  return readServletTail(text, close + 2, peer, e);
}

function readQuotedTail(text: string, from: number, peer: string, e: AccessEvent): Wso2Line | Wso2LineFault {
  let q = text.indexOf('" ', from);
  while (q >= 0 && !isStatusToken(text.charCodeAt(q + 2))) q = text.indexOf('" ', q + 1);
  if (q < 0) return { code: 'bad-request-line', message: 'unterminated request' };
  const sp1 = text.indexOf(' ', q + 2);
  const statusTok = text.slice(q + 2, sp1 < 0 ? text.length : sp1);
  const sp2 = sp1 < 0 ? -1 : text.indexOf(' ', sp1 + 1);
  const bytesTok = sp1 < 0 ? '-' : text.slice(sp1 + 1, sp2 < 0 ? text.length : sp2);
  const fault = setStatusAndBytes(e, statusTok, bytesTok);
  if (fault) return fault;
  if (sp2 > 0 && text.charCodeAt(sp2 + 1) === 34) {
    const rq = text.indexOf('" "', sp2 + 2);
    if (rq > 0) {
      e.referer = dashToEmpty(text.slice(sp2 + 2, rq));
      const end = text.charCodeAt(text.length - 1) === 34 ? text.length - 1 : text.length;
      e.userAgent = dashToEmpty(text.slice(rq + 3, Math.max(end, rq + 3)));
    }
  }
  const isResponse = q - from >= 3 && text.startsWith('- -', from);
  if (isResponse) return { shape: 'response', peer, backend: false, event: e };
  fillRequestLine(e, text, from, q);
  const backend = e.userAgent.startsWith(BACKEND_UA);
  return { shape: statusTok === '-' ? 'request' : 'complete', peer, backend, event: e };
}

/** `GET /x HTTP/1.1 200 2404 - Apache-HttpClient/4.5.13 (Java/11.0.30) 1.671` or `- 400 - - - 0.000`. */
function readServletTail(text: string, p: number, peer: string, e: AccessEvent): Wso2Line | Wso2LineFault {
  let rest: number;
  if (text.charCodeAt(p) === 45 && text.charCodeAt(p + 1) === 32) {
    rest = p + 2;
  } else {
    const proto = text.indexOf(' HTTP/', p);
    const protoEnd = proto < 0 ? -1 : text.indexOf(' ', proto + 1);
    if (protoEnd < 0) return { code: 'bad-request-line', message: 'no request line after [time]' };
    fillRequestLine(e, text, p, protoEnd);
    rest = protoEnd + 1;
  }
  const sp1 = text.indexOf(' ', rest);
  const sp2 = sp1 < 0 ? -1 : text.indexOf(' ', sp1 + 1);
  const fault = setStatusAndBytes(e, text.slice(rest, sp1 < 0 ? text.length : sp1), sp1 < 0 ? '-' : text.slice(sp1 + 1, sp2 < 0 ? text.length : sp2));
  if (fault) return fault;
  if (e.status === 0) return { code: 'bad-status', message: "servlet line without a status" };
  if (sp2 > 0) {
    const sp3 = text.indexOf(' ', sp2 + 1);
    e.referer = dashToEmpty(text.slice(sp2 + 1, sp3 < 0 ? text.length : sp3));
    if (sp3 > 0) {
      let uaEnd = text.length;
      const last = text.lastIndexOf(' ');
      const secs = last > sp3 ? Number(text.slice(last + 1)) : NaN;
      if (Number.isFinite(secs) && secs >= 0 && text.indexOf('.', last) > 0) {
        e.latencyMs = Math.round(secs * 1000);
        uaEnd = last;
      }
      e.userAgent = dashToEmpty(text.slice(sp3 + 1, Math.max(uaEnd, sp3 + 1)));
    }
  }
  return { shape: 'complete', peer, backend: false, event: e };
}

function isStatusToken(c: number): boolean {
  return c === 45 || (c >= 48 && c <= 57);
}

function setStatusAndBytes(e: AccessEvent, status: string, bytes: string): Wso2LineFault | null {
  if (status !== '-') {
    const v = status.length === 3 ? digitsValue(status) : -1;
    if (v < 0) return { code: 'bad-status', message: `status ${quote(status)} is not a 3-digit number` };
    e.status = v;
  }
  if (bytes !== '-' && bytes !== '') {
    const v = bytes.length <= 15 ? digitsValue(bytes) : -1;
    if (v < 0) return { code: 'bad-number', message: `bytes ${quote(bytes)} is not a number` };
    e.bytes = v;
  }
  return null;
}

/** Value of an all-digit string, else -1. */
function digitsValue(s: string): number {
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return s.length > 0 ? v : -1;
}
