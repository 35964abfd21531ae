import type { Rng } from './prng';

/**
 * Disjoint address pools: benign clients and attackers draw from different first octets, so an attacker IP can
 * never coincide with a benign one, whatever the seed. Crawlers and monitors use their own fixed ranges.
 */
export const BENIGN_FIRST_OCTETS: readonly number[] = [
  24, 31, 37, 46, 62, 68, 71, 73, 76, 77, 78, 79, 81, 82, 83, 84, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98,
  99, 108, 109, 112, 114, 115, 118, 121, 122, 124, 151, 174, 176, 178, 180, 183, 186, 187, 188, 189, 190, 191, 195,
  201, 212, 213, 217, 218, 219, 220, 221, 222,
];

export const ATTACKER_FIRST_OCTETS: readonly number[] = [
  5, 23, 45, 80, 85, 103, 104, 107, 116, 117, 123, 139, 141, 142, 146, 159, 162, 164, 165, 167, 170, 175, 179, 181,
  185, 193, 194, 196, 202, 209, 210, 211,
];

const IPV6_PREFIXES = ['2a02:810d', '2a01:cb00', '2600:1700', '2001:4860', '2a00:23c7', '2406:3003', '2607:fb90'];

/** Hands out unique addresses from one pool. */
export class IpPool {
  private readonly used = new Set<string>();

  constructor(
    private readonly rng: Rng,
    private readonly octets: readonly number[],
  ) {}

  v4(): string {
    for (;;) {
      const ip = `${this.rng.pick(this.octets)}.${this.rng.int(0, 255)}.${this.rng.int(0, 255)}.${this.rng.int(1, 254)}`;
      if (!this.used.has(ip)) {
        this.used.add(ip);
        return ip;
      }
    }
  }

  v6(): string {
    for (;;) {
      const h = (): string => this.rng.int(0, 0xffff).toString(16);
      const ip = `${this.rng.pick(IPV6_PREFIXES)}:${h()}:${h()}:${h()}:${h()}:${h()}:${h()}`;
      if (!this.used.has(ip)) {
        this.used.add(ip);
        return ip;
      }
    }
  }

  /** `count` unique addresses spread over a few /16s (a botnet of rented hosts). */
  many(count: number): string[] {
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push(this.v4());
    return out;
  }
}

/** Search-engine crawler ranges (Googlebot 66.249.64.0/19; Bingbot 40.77.167.0/24, 157.55.39.0/24, 207.46.13.0/24). */
export function googlebotIp(rng: Rng): string {
  return `66.249.${rng.int(64, 79)}.${rng.int(1, 254)}`;
}

export function bingbotIp(rng: Rng): string {
  return `${rng.pick(['40.77.167', '157.55.39', '207.46.13'])}.${rng.int(1, 254)}`;
}
