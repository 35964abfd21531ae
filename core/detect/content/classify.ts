/**
 * Turns request text into content flags. Paths and user agents are classified once per distinct string
 * (callers cache the result); queries are mostly unique, so a one-pass character prefilter decides whether
 * the regexes need to run at all. Percent-decoding happens only when the text contains '%', and a second
 * time only when the first decode produced another '%' (double encoding).
 */
import {
  ADMIN,
  BAD_UA,
  CRAWLER,
  CVE_PATH,
  EXPLOIT_PAYLOAD,
  OVERFLOW_RUN,
  RCE,
  RFI,
  SENSITIVE,
  SQLI,
  SSRF,
  STATIC,
  TECHNOLOGY,
  TRAVERSAL,
  W00T,
  WEBSHELL,
  WORDPRESS,
  WP_LOGIN,
  WP_USERS,
  XSS,
} from './signatures';
import { hexVal, percentDecode } from '../../text/percent';

export { percentDecode };

export const F_SENSITIVE = 1 << 0;
export const F_TRAVERSAL = 1 << 1;
export const F_SQLI = 1 << 2;
export const F_XSS = 1 << 3;
export const F_BAD_UA = 1 << 4;
export const F_WEBSHELL = 1 << 5;
export const F_ADMIN = 1 << 6;
export const F_CVE = 1 << 7;
export const F_PROXY = 1 << 8;
export const F_WP = 1 << 9;
export const F_WP_LOGIN = 1 << 10;
export const F_WP_USERS = 1 << 11;
export const F_TECH = 1 << 12;
export const F_W00T = 1 << 13;
export const F_BAD_VERSION = 1 << 14;
/** `author=` in the query (WordPress user enumeration); the value is read by the rule. */
export const F_WP_AUTHOR = 1 << 15;
/** OS command, code or template injection; prototype pollution. */
export const F_RCE = 1 << 16;
/** Server-side request forgery: cloud metadata addresses, gopher:// and friends. */
export const F_SSRF = 1 << 17;
/** A request that is not HTTP: another protocol's handshake, binary bytes, an unknown method. */
export const F_PROTOCOL = 1 << 18;

/**
 * Methods of the HTTP method registry (RFC 9110, WebDAV, CalDAV, versioning), HTTP/2's connection preface,
 * the caches' PURGE / BAN, and UPnP's SSDP verbs; anything else in the method slot is another protocol.
 */
const KNOWN_METHODS = new Set(
  ('GET HEAD POST PUT DELETE CONNECT OPTIONS TRACE PATCH QUERY PRI PROPFIND PROPPATCH MKCOL COPY MOVE LOCK UNLOCK ' +
    'SEARCH REPORT MKACTIVITY CHECKOUT CHECKIN UNCHECKOUT MERGE MKCALENDAR ACL BIND UNBIND REBIND LABEL UPDATE ' +
    'VERSION-CONTROL BASELINE-CONTROL MKWORKSPACE ORDERPATCH MKREDIRECTREF UPDATEREDIRECTREF LINK UNLINK PURGE BAN ' +
    'M-SEARCH NOTIFY SUBSCRIBE UNSUBSCRIBE').split(' '),
);

/**
 * Whether a request line was not HTTP at all: the parser keeps such a line whole in `path` with method ''
 * (a TLS or RDP handshake sent to the HTTP port, `SSH-2.0-Go`, a JSON-RPC body, `MGLNDD_…`), or its first
 * word is no HTTP method (`SSTP_DUPLEX_POST`). An empty request (`""`, a browser's unused preconnect) and
 * `-` are not counted; nor is a path without a method in formats that log them apart (it starts with '/').
 */
export function isProtocolProbe(method: string, path: string): boolean {
  if (method === 'GET' || method === 'POST') return false;
  if (method !== '') return !KNOWN_METHODS.has(method);
  return path !== '' && path !== '-' && path.charCodeAt(0) !== 47 /* / */ && path.charCodeAt(0) !== 42 /* * */;
}

/** Lower-cased text plus its decoded forms (at most three strings). */
function variants(raw: string, plusIsSpace: boolean): string[] {
  const lower = raw.toLowerCase();
  const out = [lower];
  if (lower.indexOf('%') >= 0 || (plusIsSpace && lower.indexOf('+') >= 0)) {
    const d1 = percentDecode(lower, plusIsSpace).toLowerCase();
    if (d1 !== lower) out.push(d1);
    if (d1.indexOf('%') >= 0) {
      const d2 = percentDecode(d1, plusIsSpace).toLowerCase();
      if (d2 !== d1) out.push(d2);
    }
  }
  return out;
}

function anyMatch(re: RegExp, texts: string[]): boolean {
  for (const t of texts) if (re.test(t)) return true;
  return false;
}

/** Flags of a raw request path (without query). Pure; cached per path by PathInfos. */
export function classifyPath(raw: string): number {
  const texts = variants(raw, false);
  const lower = texts[0]!;
  let f = 0;
  if (anyMatch(SENSITIVE, texts)) f |= F_SENSITIVE;
  if (anyMatch(TRAVERSAL, texts)) f |= F_TRAVERSAL;
  if (anyMatch(SQLI, texts)) f |= F_SQLI;
  if (anyMatch(XSS, texts)) f |= F_XSS;
  if (anyMatch(RCE, texts)) f |= F_RCE;
  // No SSRF on paths: a forged fetch needs a parameter to carry its URL, and crawlers follow broken links
  // with `file://` in them.
  if (anyMatch(WEBSHELL, texts)) f |= F_WEBSHELL;
  if (anyMatch(ADMIN, texts)) f |= F_ADMIN;
  if (anyMatch(CVE_PATH, texts) || anyMatch(EXPLOIT_PAYLOAD, texts) || hasLongRun(raw, OVERFLOW_RUN)) f |= F_CVE;
  if (anyMatch(TECHNOLOGY, texts)) f |= F_TECH;
  if (anyMatch(W00T, texts)) f |= F_W00T;
  if (WORDPRESS.test(lower)) f |= F_WP;
  if (WP_LOGIN.test(lower)) f |= F_WP_LOGIN;
  if (WP_USERS.test(lower)) f |= F_WP_USERS;
  // An absolute URI in the request line ("GET http://host/ …") is a forward-proxy request.
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(lower)) f |= F_PROXY;
  return f;
}

export function isStaticPath(raw: string): boolean {
  return STATIC.test(raw.toLowerCase());
}

/**
 * Characters without which no SQLi / XSS / traversal / RCE / SSRF / exploit pattern can match a query:
 * ( < > ' " ; \ { $ | # : ` and the sequences "..", "&&", "_s" (information_schema, pg_sleep), "pg_", "__"
 * (__proto__), "constructor", ".prototype", ".ssh/" and friends, "/etc/", "/proc/", "/bin/". Percent escapes
 * are judged by the character they encode (an encoded '.', '/' or '&' is suspicious by itself), so
 * "q=red%20shoes" stays cheap while "%27" or "%3C" do not.
 */
const SUSPICIOUS = new Uint8Array(256);
for (const ch of `(<>'";\\{$|#:\``) SUSPICIOUS[ch.charCodeAt(0)] = 1;
SUSPICIOUS[37] = 1; // an encoded '%' is double encoding
SUSPICIOUS[0] = 1;
for (let c = 128; c < 256; c++) SUSPICIOUS[c] = 1; // overlong UTF-8 dots/slashes (%c0%ae …)
/**
 * Payloads that need no special character once decoded: "union select", "or 1=1", ",null,null", "waitfor
 * delay", an event handler ("  onload ="), a prototype.
 */
const SPACED_WORDS = /union|select|waitfor|exec|null|\bor\b|\band\b|order|\bon[a-z]{3,}\s*=|constructor|prototype/i;

/** Flags of a raw query string (without '?'). */
export function classifyQuery(q: string): number {
  let suspicious = false;
  let spaced = false;
  let author = false;
  const n = q.length;
  for (let i = 0; i < n && !suspicious; i++) {
    let c = q.charCodeAt(i);
    if (c === 37 /* % */) {
      const h = hexVal(q.charCodeAt(i + 1));
      const l = hexVal(q.charCodeAt(i + 2));
      if (h < 0 || l < 0) continue;
      c = h * 16 + l;
      i += 2;
      spaced = true; // encoded text: worth one cheap keyword test below
      if (c === 46 /* . */ || c === 47 /* / */ || c === 38 /* & */) {
        suspicious = true; // encoded dots, slashes and ampersands only have one use
        break;
      }
    } else if (c === 43 /* + */) {
      spaced = true;
      continue;
    }
    if (c >= 256 || SUSPICIOUS[c] === 1) suspicious = true;
    else if (c === 46 /* . */) suspicious = afterDot(q, i + 1);
    else if (c === 95 /* _ */) {
      const next = q.charCodeAt(i + 1);
      suspicious = (next | 0x20) === 115 /* s */ || next === 95 /* _ */ || (i >= 2 && q.startsWith('pg', i - 2));
    } else if (c === 47 /* / */) suspicious = systemDir(q, i + 1);
    else if (c === 38 /* & */) suspicious = q.charCodeAt(i + 1) === 38;
    else if (c === 99 /* c */) suspicious = q.charCodeAt(i + 1) === 111 && q.startsWith('constructor', i);
    else if (c === 97 /* a */ && (i === 0 || q.charCodeAt(i - 1) === 38) && q.startsWith('author=', i)) author = true;
  }
  let f = author ? F_WP_AUTHOR : 0;
  if (n >= OVERFLOW_RUN && hasLongRun(q, OVERFLOW_RUN)) f |= F_CVE;
  if (!suspicious && !(spaced && SPACED_WORDS.test(q))) return f;
  if (!author && q.indexOf('author=') >= 0) f |= F_WP_AUTHOR;
  const texts = variants(q, true);
  if (anyMatch(SQLI, texts)) f |= F_SQLI;
  if (anyMatch(XSS, texts)) f |= F_XSS;
  if (anyMatch(TRAVERSAL, texts)) f |= F_TRAVERSAL;
  if (anyMatch(EXPLOIT_PAYLOAD, texts)) f |= F_CVE;
  if (anyMatch(RCE, texts) || anyMatch(RFI, texts)) f |= F_RCE;
  if (anyMatch(SSRF, texts)) f |= F_SSRF;
  return f;
}

/** Whether s repeats one character at least `min` times in a row (see OVERFLOW_RUN). */
export function hasLongRun(s: string, min: number): boolean {
  const n = s.length;
  if (n < min) return false;
  let run = 1;
  for (let i = 1; i < n; i++) {
    if (s.charCodeAt(i) !== s.charCodeAt(i - 1)) run = 1;
    else if (++run >= min) return true;
  }
  return false;
}

/** After a dot: a second dot, `prototype`, or a credential store (`.ssh/`, `.aws/`, `.kube/`, `.docker/`). */
function afterDot(s: string, i: number): boolean {
  switch (s.charCodeAt(i)) {
    case 46: // .
      return true;
    case 112: // p
      return s.startsWith('prototype', i);
    case 115: // s
      return s.startsWith('ssh/', i);
    case 97: // a
      return s.startsWith('aws/', i);
    case 107: // k
      return s.startsWith('kube/', i);
    case 100: // d
      return s.startsWith('docker/', i);
    default:
      return false;
  }
}

/** Whether s continues at i with `etc/`, `proc/` or `bin/` (any case): system paths in a parameter. */
function systemDir(s: string, i: number): boolean {
  const c = s.charCodeAt(i) | 0x20;
  if (c === 101 /* e */) return (s.charCodeAt(i + 1) | 0x20) === 116 && (s.charCodeAt(i + 2) | 0x20) === 99 && s.charCodeAt(i + 3) === 47;
  if (c === 98 /* b */) return (s.charCodeAt(i + 1) | 0x20) === 105 && (s.charCodeAt(i + 2) | 0x20) === 110 && s.charCodeAt(i + 3) === 47;
  if (c === 112 /* p */) return s.slice(i, i + 5).toLowerCase() === 'proc/';
  return false;
}

/** Characters no browser or API client puts in its user agent, but injected payloads need. */
const UA_PAYLOAD_CHARS = /['"<>$`{|\\%#]/;

/**
 * Flags of a user agent: offensive tools, and payloads smuggled in the header (scanners spray every header
 * they can, and the user agent is the one an access log keeps). Classified once per distinct string.
 */
export function classifyUserAgent(ua: string): number {
  if (ua === '' || ua === '-') return 0;
  const lower = ua.toLowerCase();
  let f = 0;
  if (BAD_UA.test(lower)) f |= F_BAD_UA;
  if (EXPLOIT_PAYLOAD.test(lower)) f |= F_CVE;
  if (TRAVERSAL.test(lower)) f |= F_TRAVERSAL;
  // Browser user agents are full of `(`, `;` and `,`: the injection families only run on ones that carry
  // something a browser never sends, so "Version (…)" in an app's agent is not SQL and Opera's "; U; id)"
  // (the Indonesian locale) is not a command.
  if (UA_PAYLOAD_CHARS.test(lower)) {
    const texts = variants(ua, false);
    if (anyMatch(SQLI, texts)) f |= F_SQLI;
    if (anyMatch(XSS, texts)) f |= F_XSS;
    if (anyMatch(RCE, texts)) f |= F_RCE;
    if (anyMatch(SSRF, texts)) f |= F_SSRF;
  }
  return f;
}

/** The crawler a user agent names (as it spells it: `Googlebot`, `bingbot`), '' if none. */
export function crawlerName(ua: string): string {
  const m = CRAWLER.exec(ua);
  return m === null ? '' : m[0];
}

/** `author=` value of a query, '' if none. */
export function authorParam(q: string): string {
  let start: number;
  if (q.startsWith('author=')) start = 7;
  else {
    const i = q.indexOf('&author=');
    if (i < 0) return '';
    start = i + 8;
  }
  const end = q.indexOf('&', start);
  return end < 0 ? q.slice(start) : q.slice(start, end);
}
