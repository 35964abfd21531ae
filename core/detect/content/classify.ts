/**
 * Turns request text into content flags. Paths and user agents are classified once per distinct string
 * (callers cache the result); queries are mostly unique, so a one-pass character prefilter decides whether
 * the regexes need to run at all. Percent-decoding happens only when the text contains '%', and a second
 * time only when the first decode produced another '%' (double encoding).
 */
import {
  ADMIN,
  BAD_UA,
  CVE_PATH,
  EXPLOIT_PAYLOAD,
  SENSITIVE,
  SQLI,
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

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/** Tolerant percent-decoding: bad escapes stay as they are; bytes ≥ 0x80 map to Latin-1 (enough for matching). */
export function percentDecode(s: string, plusIsSpace: boolean): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37 /* % */ && i + 2 < s.length) {
      const h = hexVal(s.charCodeAt(i + 1));
      const l = hexVal(s.charCodeAt(i + 2));
      if (h >= 0 && l >= 0) {
        out += s.slice(from, i) + String.fromCharCode(h * 16 + l);
        i += 2;
        from = i + 1;
      }
    } else if (plusIsSpace && c === 43 /* + */) {
      out += s.slice(from, i) + ' ';
      from = i + 1;
    }
  }
  return from === 0 ? s : out + s.slice(from);
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
  if (anyMatch(WEBSHELL, texts)) f |= F_WEBSHELL;
  if (anyMatch(ADMIN, texts)) f |= F_ADMIN;
  if (anyMatch(CVE_PATH, texts) || anyMatch(EXPLOIT_PAYLOAD, texts)) f |= F_CVE;
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
 * Characters without which no SQLi / XSS / traversal / exploit pattern can match a query:
 * ( < > ' " ; \ { $ | # : ` and the pairs "..", "_s" (information_schema, pg_sleep). Percent escapes are
 * judged by the character they encode, so "q=red%20shoes" stays cheap while "%27" or "%3C" do not.
 */
const SUSPICIOUS = new Uint8Array(256);
for (const ch of `(<>'";\\{$|#:\``) SUSPICIOUS[ch.charCodeAt(0)] = 1;
SUSPICIOUS[37] = 1; // an encoded '%' is double encoding
SUSPICIOUS[0] = 1;
for (let c = 128; c < 256; c++) SUSPICIOUS[c] = 1; // overlong UTF-8 dots/slashes (%c0%ae …)
/** SQL that needs no special character once decoded: "union select", "or 1=1", ",null,null", "waitfor delay". */
const SQL_WORDS = /union|select|waitfor|exec|null|\bor\b|\band\b|order/i;

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
      if (c === 46 /* . */ || c === 47 /* / */) {
        suspicious = true; // encoded dots and slashes only have one use
        break;
      }
    } else if (c === 43 /* + */) {
      spaced = true;
      continue;
    }
    if (c >= 256 || SUSPICIOUS[c] === 1) suspicious = true;
    else if (c === 46 /* . */ && q.charCodeAt(i + 1) === 46) suspicious = true;
    else if (c === 95 /* _ */ && (q.charCodeAt(i + 1) | 0x20) === 115 /* s */) suspicious = true;
    else if (c === 97 /* a */ && (i === 0 || q.charCodeAt(i - 1) === 38) && q.startsWith('author=', i)) author = true;
  }
  let f = author ? F_WP_AUTHOR : 0;
  if (!suspicious && !(spaced && SQL_WORDS.test(q))) return f;
  if (!author && q.indexOf('author=') >= 0) f |= F_WP_AUTHOR;
  const texts = variants(q, true);
  if (anyMatch(SQLI, texts)) f |= F_SQLI;
  if (anyMatch(XSS, texts)) f |= F_XSS;
  if (anyMatch(TRAVERSAL, texts)) f |= F_TRAVERSAL;
  if (anyMatch(EXPLOIT_PAYLOAD, texts)) f |= F_CVE;
  return f;
}

/** Flags of a user agent: offensive tools, and exploit payloads smuggled in the header. */
export function classifyUserAgent(ua: string): number {
  if (ua === '' || ua === '-') return 0;
  const lower = ua.toLowerCase();
  let f = 0;
  if (BAD_UA.test(lower)) f |= F_BAD_UA;
  if (EXPLOIT_PAYLOAD.test(lower)) f |= F_CVE;
  return f;
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
