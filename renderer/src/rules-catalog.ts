/** Every detection rule with its default settings, from the detector's own defaults (pure data, no Node). */
import { defaultConfig } from '../../core/detect/config';

export interface RuleInfo {
  rule: string;
  defaults: Record<string, number | string | boolean>;
}

export const RULE_CATALOG: RuleInfo[] = Object.entries(defaultConfig().rules)
  .map(([rule, cfg]) => {
    const defaults: Record<string, number | string | boolean> = {};
    for (const [k, v] of Object.entries(cfg as unknown as Record<string, unknown>)) {
      if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') defaults[k] = v;
    }
    return { rule, defaults };
  })
  .sort((a, b) => a.rule.localeCompare(b.rule));

export const RULE_IDS = [...RULE_CATALOG.map((r) => r.rule), 'model'];
