/** IPv4 / IPv6 address and CIDR parsing for the allowlist. IPv4-mapped IPv6 (::ffff:a.b.c.d) counts as IPv4. */

export interface IpRange {
  v6: boolean;
  /** IPv4: one word; IPv6: four 32-bit words, most significant first. */
  words: number[];
  prefix: number;
}

function parseV4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return [n];
}

function parseV6(s: string): number[] | null {
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) > lastColon) {
    // Embedded IPv4 tail (::ffff:1.2.3.4): rewrite it as two hex groups.
    const v4 = parseV4(s.slice(lastColon + 1));
    if (!v4) return null;
    s = s.slice(0, lastColon + 1) + Math.floor(v4[0]! / 65536).toString(16) + ':' + (v4[0]! % 65536).toString(16);
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const groups: number[] = [];
  for (const g of [...head, ...rest]) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
  }
  const total = head.length + rest.length;
  if (halves.length === 1 && total !== 8) return null;
  if (halves.length === 2 && total > 7) return null;
  for (const g of head) groups.push(parseInt(g, 16));
  for (let i = total; i < 8; i++) groups.push(0);
  for (const g of rest) groups.push(parseInt(g, 16));
  if (groups.length !== 8) return null;
  return [0, 1, 2, 3].map((i) => groups[2 * i]! * 65536 + groups[2 * i + 1]!);
}

/** Parses an address; IPv4-mapped IPv6 is returned as IPv4. */
export function parseIp(s: string): { v6: boolean; words: number[] } | null {
  if (s.indexOf(':') < 0) {
    const v4 = parseV4(s);
    return v4 ? { v6: false, words: v4 } : null;
  }
  const v6 = parseV6(s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s);
  if (!v6) return null;
  if (v6[0] === 0 && v6[1] === 0 && v6[2] === 0xffff) return { v6: false, words: [v6[3]!] };
  return { v6: true, words: v6 };
}

/** "10.0.0.0/8", "2001:db8::/32" or a single address. Null when invalid. */
export function parseIpRange(s: string): IpRange | null {
  const slash = s.indexOf('/');
  const addr = parseIp(slash < 0 ? s.trim() : s.slice(0, slash).trim());
  if (!addr) return null;
  const max = addr.v6 ? 128 : 32;
  let prefix = max;
  if (slash >= 0) {
    const p = s.slice(slash + 1).trim();
    if (!/^\d{1,3}$/.test(p)) return null;
    prefix = Number(p);
    if (prefix > max) return null;
    // A mapped address given with an IPv6 prefix: translate the prefix to IPv4 bits.
    if (!addr.v6 && s.indexOf(':') >= 0) prefix = Math.max(0, prefix - 96);
  }
  return { v6: addr.v6, words: addr.words, prefix };
}

export function inRange(ip: { v6: boolean; words: number[] }, r: IpRange): boolean {
  if (ip.v6 !== r.v6) return false;
  let bits = r.prefix;
  for (let i = 0; i < r.words.length && bits > 0; i++) {
    const take = Math.min(32, bits);
    const shift = 32 - take;
    // Division keeps this exact for unsigned 32-bit values (bit operators would sign them).
    if (Math.floor(ip.words[i]! / 2 ** shift) !== Math.floor(r.words[i]! / 2 ** shift)) return false;
    bits -= take;
  }
  return true;
}
