import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/detect/config';
import { RULE_CATALOG, RULE_IDS, ruleSummary } from '../../renderer/src/rules-catalog';

describe('the rules catalogue the dashboard shows', () => {
  it('has every rule of the detector, each saying what it detects and under which category', () => {
    expect(RULE_CATALOG.map((r) => r.rule).sort()).toEqual(Object.keys(defaultConfig().rules).sort());
    for (const r of RULE_CATALOG) {
      expect(r.summary.length, r.rule).toBeGreaterThan(20);
      expect(r.category, r.rule).toMatch(/^[a-z]+$/);
    }
    expect(new Set(RULE_CATALOG.map((r) => r.summary)).size).toBe(RULE_CATALOG.length);
  });

  it('explains the model too, and nothing for an id it does not know', () => {
    expect(RULE_IDS).toContain('model');
    expect(ruleSummary('model')).toMatch(/RandomForest/);
    expect(ruleSummary('rce-probing')).toMatch(/^Code execution probes/);
    expect(ruleSummary('no-such-rule')).toBe('');
  });
});
