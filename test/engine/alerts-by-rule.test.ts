import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coreDeps } from '../../electron/engine/core-deps';
import { SEVERITY_RANK } from '../../electron/engine/store/writer';
import { generateToFiles } from '../../core/generate/write-files';
import type { AlertRow, RuleAlertCount, TimeRange } from '../../electron/contract/types';
import { perTestEngine, startEngine } from './helpers';

const fx = perTestEngine();

/** The per-rule summary worked out from the alert list itself. */
function expected(rows: AlertRow[]): RuleAlertCount[] {
  const by = new Map<string, RuleAlertCount>();
  for (const a of rows) {
    const r = by.get(a.rule) ?? { rule: a.rule, alerts: 0, open: 0, worst: a.severity, lastSeen: 0 };
    r.alerts++;
    if (a.status === 'open') r.open++;
    if (SEVERITY_RANK[a.severity] > SEVERITY_RANK[r.worst]) r.worst = a.severity;
    r.lastSeen = Math.max(r.lastSeen, a.lastSeen);
    by.set(a.rule, r);
  }
  return [...by.values()].sort((x, y) => SEVERITY_RANK[y.worst] - SEVERITY_RANK[x.worst] || y.alerts - x.alerts || (x.rule < y.rule ? -1 : 1));
}

describe('alerts by rule', () => {
  it('counts the alerts active in a range per rule, the most severe rules first, as the alert list does', async () => {
    const log = join(fx.dir, 'mixed.log');
    const start = Date.UTC(2024, 5, 3, 8);
    await generateToFiles({ out: log, lines: 30_000, seed: 9, format: 'combined', start });
    const engine = (fx.engine = await startEngine(join(fx.dir, 'data'), { deps: coreDeps }));
    await engine.importFile(log);
    const q = engine.queries.alerts;
    const some = q.list({ limit: 3 }).rows;
    q.setStatus(some[0]!.uid, 'resolved', 'ana', 'handled');
    const all = q.list({ limit: 1000 }).rows;
    expect(new Set(all.map((a) => a.rule)).size).toBeGreaterThan(3);

    const whole: TimeRange = { from: 0, to: Date.UTC(2030, 0, 1) };
    expect(q.byRule(whole)).toEqual(expected(all));
    const span = Math.max(...all.map((a) => a.lastSeen)) - start;
    for (const range of [
      { from: start + span / 3, to: start + (2 * span) / 3 },
      { from: start, to: start + span / 10 },
      { from: start + span, to: start + 2 * span },
    ]) {
      const inRange = q.list({ filter: { range }, limit: 1000 }).rows;
      expect(q.byRule(range)).toEqual(expected(inRange));
    }
  });
});
