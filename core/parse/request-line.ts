import type { AccessEvent } from '../events/event';
import { stripPort } from './addr';

/** True if s[start..end) is a plausible HTTP method token: a letter, then up to 19 letters, '-' or '_'. */
function isMethodToken(s: string, start: number, end: number): boolean {
  const n = end - start;
  const c0 = s.charCodeAt(start) | 32;
  if (n < 1 || n > 20 || c0 < 97 || c0 > 122) return false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95)) return false;
  }
  return true;
}

/** Splits a request target at its first '?' into path and query. */
export function setTarget(e: AccessEvent, s: string, start: number, end: number): void {
  const q = s.indexOf('?', start);
  if (q >= 0 && q < end) {
    e.path = s.slice(start, q);
    e.query = s.slice(q + 1, end);
  } else {
    e.path = s.slice(start, end);
  }
}

/**
 * Fills method, path, query and protocol from a logged request line s[start..end), e.g.
 * `GET /a?b=1 HTTP/1.1`. Targets with unescaped spaces keep them (method is the first token, protocol the
 * last when it starts with HTTP/). A line that is not `METHOD target [protocol]` (TLS handshakes logged as
 * `\x16\x03\x01…`, `alert(1)</script> /x`, empty, `-`) is kept whole in `path` with method '': it is still
 * a request from that client, and a scanner that sends garbage is exactly what detection wants to see.
 */
export function fillRequestLine(e: AccessEvent, s: string, start: number, end: number): void {
  if (end <= start || (end - start === 1 && s.charCodeAt(start) === 45)) return;
  const sp1 = s.indexOf(' ', start);
  if (sp1 < 0 || sp1 >= end - 1) {
    e.path = s.slice(start, end);
    return;
  }
  const known = knownMethod(s, start, sp1);
  if (known === '' && !isMethodToken(s, start, sp1)) {
    e.path = s.slice(start, end);
    return;
  }
  e.method = known !== '' ? known : upper(s.slice(start, sp1));
  // The protocol is a short last token. The common `… HTTP/1.1` is checked in place; otherwise scan back
  // a few characters (lastIndexOf is slow in V8).
  let sp2 = end - 9;
  if (!(sp2 > sp1 && s.charCodeAt(sp2) === 32)) {
    sp2 = end - 1;
    const stop = Math.max(sp1, end - 12);
    while (sp2 > stop && s.charCodeAt(sp2) !== 32) sp2--;
  }
  if (sp2 > sp1 && s.charCodeAt(sp2) === 32 && s.charCodeAt(sp2 + 1) === 72 && s.charCodeAt(sp2 + 5) === 47 && s.startsWith('HTTP/', sp2 + 1)) {
    e.protocol = protocolOf(s, sp2 + 1, end);
    setTarget(e, s, sp1 + 1, sp2);
  } else {
    setTarget(e, s, sp1 + 1, end);
  }
}

/**
 * A request logged with an absolute URL (`GET https://api.example.com:8443/v1/x HTTP/2.0`, as HAProxy logs
 * HTTP/2 and load balancers log every request): its authority becomes the host (without the port), the rest
 * the path. Only for a proxy that logs this way: in nginx's own log an absolute URL is an open-proxy probe.
 */
export function absoluteTarget(e: AccessEvent): void {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)(.*)$/i.exec(e.path);
  if (!m) return;
  e.host = stripPort(m[1]!);
  e.path = m[2] === '' ? '/' : m[2]!;
}

/** The method as a shared constant when it is a common one (no allocation, cheap Map keys), else ''. */
function knownMethod(s: string, start: number, end: number): string {
  const n = end - start;
  const c0 = s.charCodeAt(start);
  if (n === 3 && c0 === 71 && s.charCodeAt(start + 1) === 69 && s.charCodeAt(start + 2) === 84) return 'GET';
  if (n === 4 && c0 === 80 && s.charCodeAt(start + 1) === 79 && s.charCodeAt(start + 2) === 83 && s.charCodeAt(start + 3) === 84) {
    return 'POST';
  }
  let m: string;
  switch (c0) {
    case 80: m = n === 3 ? 'PUT' : 'PATCH'; break;
    case 72: m = 'HEAD'; break;
    case 68: m = 'DELETE'; break;
    case 79: m = 'OPTIONS'; break;
    case 67: m = 'CONNECT'; break;
    default: return '';
  }
  return m.length === n && s.startsWith(m, start) ? m : '';
}

function upper(m: string): string {
  for (let i = 0; i < m.length; i++) {
    const c = m.charCodeAt(i);
    if (c >= 97 && c <= 122) return m.toUpperCase();
  }
  return m;
}

/** `HTTP/1.1` and friends as shared constants. */
function protocolOf(s: string, start: number, end: number): string {
  if (end - start === 8 && s.charCodeAt(start + 6) === 46) {
    const major = s.charCodeAt(start + 5);
    const minor = s.charCodeAt(start + 7);
    if (major === 49) {
      if (minor === 49) return 'HTTP/1.1';
      if (minor === 48) return 'HTTP/1.0';
    } else if (major === 50 && minor === 48) return 'HTTP/2.0';
  }
  return s.slice(start, end);
}
