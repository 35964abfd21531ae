/** Allowlist of IPs/CIDRs, applications and users: an event from any allowlisted entity is never scored. */
import type { AccessEvent } from '../events/event';
import type { DetectionConfig } from './config';
import { inRange, parseIp, parseIpRange, type IpRange } from './ip';
import { BoundedCache } from './bounded-cache';

export class Allowlist {
  /** False when every list is empty: the hot path then skips the check entirely. */
  readonly active: boolean;
  private readonly ranges: IpRange[];
  private readonly apps: Set<string>;
  private readonly users: Set<string>;
  private readonly ipCache = new BoundedCache<boolean>(50_000);

  constructor(cfg: DetectionConfig['allowlist']) {
    this.ranges = [];
    for (const s of cfg.ips) {
      const r = parseIpRange(s);
      if (r) this.ranges.push(r);
    }
    this.apps = new Set(cfg.applications);
    this.users = new Set(cfg.users);
    this.active = this.ranges.length > 0 || this.apps.size > 0 || this.users.size > 0;
  }

  matches(e: AccessEvent): boolean {
    if (this.apps.size > 0 && e.application !== '' && this.apps.has(e.application)) return true;
    if (this.users.size > 0 && e.user !== '' && this.users.has(e.user)) return true;
    return this.ranges.length > 0 && e.client !== '' && this.ipAllowed(e.client);
  }

  ipAllowed(client: string): boolean {
    const hit = this.ipCache.get(client);
    if (hit !== undefined) return hit;
    const ip = parseIp(client);
    let ok = false;
    if (ip) {
      for (const r of this.ranges) {
        if (inRange(ip, r)) {
          ok = true;
          break;
        }
      }
    }
    this.ipCache.set(client, ok);
    return ok;
  }
}
