/** First hop of an X-Forwarded-For value (`1.2.3.4, 10.0.0.1` → `1.2.3.4`); '' for '-' or empty. */
export function firstHop(xff: string): string {
  const comma = xff.indexOf(',');
  const hop = (comma >= 0 ? xff.slice(0, comma) : xff).trim();
  return hop === '-' || hop === 'unknown' ? '' : stripPort(hop);
}

/**
 * Drops a port from an address: `10.0.0.13:40000` → `10.0.0.13`, `[::1]:8080` → `::1`,
 * `www.example.com:443` → `www.example.com`. A bare IPv6 address (several colons) is left alone.
 */
export function stripPort(a: string): string {
  if (a.charCodeAt(0) === 91 /* [ */) {
    const close = a.indexOf(']');
    return close > 0 ? a.slice(1, close) : a;
  }
  const colon = a.indexOf(':');
  if (colon < 0 || a.indexOf(':', colon + 1) >= 0 || colon === a.length - 1) return a;
  for (let i = colon + 1; i < a.length; i++) {
    const c = a.charCodeAt(i);
    if (c < 48 || c > 57) return a;
  }
  return a.slice(0, colon);
}

/**
 * A peer written as `address:port` where the port is always there (HAProxy, AWS load balancers), so an IPv6
 * address may come unbracketed: `2001:db8::7:40222` → `2001:db8::7`. Brackets are dropped, and an
 * IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) is the IPv4 address it is.
 */
export function peerAddress(a: string): string {
  const colon = a.lastIndexOf(':');
  if (colon > 0 && colon < a.length - 1) {
    let digits = true;
    for (let i = colon + 1; i < a.length && digits; i++) digits = a.charCodeAt(i) >= 48 && a.charCodeAt(i) <= 57;
    if (digits) a = a.slice(0, colon);
  }
  if (a.charCodeAt(0) === 91 /* [ */ && a.charCodeAt(a.length - 1) === 93) a = a.slice(1, -1);
  if (a.charCodeAt(0) !== 58 /* : */) return a;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(a);
  return mapped ? mapped[1]! : a;
}

/** '' for the `-` that logs write for "no value". */
export function dashToEmpty(s: string): string {
  return s.length === 1 && s.charCodeAt(0) === 45 ? '' : s;
}

/** s[start..end) as a string, '' for a lone '-' (checked before slicing: most logs are full of them). */
export function fieldOrEmpty(s: string, start: number, end: number): string {
  return end - start === 1 && s.charCodeAt(start) === 45 ? '' : s.slice(start, end);
}
