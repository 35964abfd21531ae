/** Every detection rule with its default settings, from the detector's own defaults (pure data, no Node). */
import { defaultConfig, type RuleId } from '../../core/detect/config';
import { RULES } from '../../core/detect/rules/catalog';
import { RULE_SUMMARIES } from '../../core/detect/rules/summaries';

export interface RuleInfo {
  rule: string;
  /** What it looks for, in one line. */
  summary: string;
  /** The chart category its alerts count under (burst, scan, auth, content …). */
  category: string;
  defaults: Record<string, number | string | boolean>;
}

const CATEGORY = new Map(RULES.map((r) => [r.id as string, r.category]));

export const RULE_CATALOG: RuleInfo[] = Object.entries(defaultConfig().rules)
  .map(([rule, cfg]) => {
    const defaults: Record<string, number | string | boolean> = {};
    for (const [k, v] of Object.entries(cfg as unknown as Record<string, unknown>)) {
      if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') defaults[k] = v;
    }
    return { rule, summary: RULE_SUMMARIES[rule as RuleId], category: CATEGORY.get(rule) ?? '', defaults };
  })
  .sort((a, b) => a.rule.localeCompare(b.rule));

export const RULE_IDS = [...RULE_CATALOG.map((r) => r.rule), 'model'];

/** One line on what a rule (or the model) looks for; '' for an unknown id. */
export function ruleSummary(rule: string): string {
  if (rule === 'model') return 'The RandomForest: a 10-second window of one client scored at or above its threshold';
  return RULE_CATALOG.find((r) => r.rule === rule)?.summary ?? '';
}
