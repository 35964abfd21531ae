import type { Alert } from '../../core/detect/alert';
import { inRange, parseIp, parseIpRange, type IpRange } from '../../core/detect/ip';
import type { Db } from './store/db';
import type { EngineStats } from './stats';

interface Entry {
  value: string;
  scope: string;
  expires_at: number | null;
}

/**
 * Allowlist check on the alert path. Entries are few and change rarely, so they are cached and reloaded
 * when the allowlist changes; expiry is checked against wall time at each alert. Permanent entries also keep
 * the detector from scoring the key at all; entries with an expiry act only here, so an IP range among them
 * (a temporary `10.20.0.0/16`) must match the addresses inside it, not just its own text.
 */
export class AlertGate {
  private entries = new Map<string, Entry[]>();
  private ranges: { range: IpRange; entry: Entry }[] = [];

  constructor(
    private readonly db: Db,
    private readonly stats: EngineStats,
  ) {
    this.reload();
  }

  reload(): void {
    this.entries.clear();
    this.ranges = [];
    for (const e of this.db.prepare('SELECT value, scope, expires_at FROM allowlist').all() as Entry[]) {
      const list = this.entries.get(e.value) ?? [];
      list.push(e);
      this.entries.set(e.value, list);
      const range = (e.scope === 'ip' || e.scope === 'any') && e.value.includes('/') ? parseIpRange(e.value) : null;
      if (range) this.ranges.push({ range, entry: e });
    }
  }

  allows(a: Alert, now = Date.now()): boolean {
    const live = (e: Entry) => e.expires_at === null || e.expires_at > now;
    let hit = this.entries.get(a.key)?.some((e) => (e.scope === 'any' || e.scope === a.keyKind) && live(e)) ?? false;
    if (!hit && a.keyKind === 'ip' && this.ranges.length > 0) {
      const ip = parseIp(a.key);
      hit = ip !== null && this.ranges.some((r) => live(r.entry) && inRange(ip, r.range));
    }
    if (hit) this.stats.suppressedOne();
    return !hit;
  }
}
