import type { Alert } from '../../core/detect/alert';
import type { Db } from './store/db';
import type { EngineStats } from './stats';

interface Entry {
  value: string;
  scope: string;
  expires_at: number | null;
}

/**
 * Allowlist check on the alert path. Entries are few and change rarely, so they are cached and reloaded
 * when the allowlist changes; expiry is checked against wall time at each alert.
 */
export class AlertGate {
  private entries = new Map<string, Entry[]>();

  constructor(
    private readonly db: Db,
    private readonly stats: EngineStats,
  ) {
    this.reload();
  }

  reload(): void {
    this.entries.clear();
    for (const e of this.db.prepare('SELECT value, scope, expires_at FROM allowlist').all() as Entry[]) {
      const list = this.entries.get(e.value) ?? [];
      list.push(e);
      this.entries.set(e.value, list);
    }
  }

  allows(a: Alert, now = Date.now()): boolean {
    const list = this.entries.get(a.key);
    if (!list) return true;
    const hit = list.some((e) => (e.scope === 'any' || e.scope === a.keyKind) && (e.expires_at === null || e.expires_at > now));
    if (hit) this.stats.suppressedOne();
    return !hit;
  }
}
