/**
 * The engine's only coupling to core/: parsers, format detection and the detector. Injected so tests can
 * substitute a tiny parser or detector, and so a core API change touches one file.
 */
import type { AccessEvent } from '../../core/events/event';
import type { AlertSink } from '../../core/detect/alert';
import type { FormatId, LineParser } from '../../core/parse/parser';
import { createParser, detectFormat } from '../../core/parse/index';
import { Detector } from '../../core/detect/detector';
import { defaultConfig, longestWindowMs, mergeConfig, type DetectionConfig } from '../../core/detect/config';
import type { AllowEntry, RuleSetting } from '../contract/types';

export interface DetectorLike {
  push(e: AccessEvent): void;
  /** End of input: closes open episodes. */
  finish(): void;
  /** Whether an open rule alert names this client, reported yet or not (see Detector.namesClient). */
  namesClient?(client: string): boolean;
}

export interface EngineDeps {
  createParser(format: FormatId): LineParser;
  detectFormat(lines: string[]): FormatId | null;
  /** `rules`: stored rule settings; `allow`: allowlist entries without expiry, applied before scoring. */
  createDetector(rules: RuleSetting[], allow: AllowEntry[], sink: AlertSink): DetectorLike;
}

export const coreDeps: EngineDeps = {
  createParser: (format) => createParser(format),
  detectFormat: (lines) => detectFormat(lines)?.format ?? null,
  createDetector(rules, allow, sink) {
    return new Detector(detectionConfig(rules, allow).config, sink);
  },
};

/**
 * Rule settings and allowlist from the store, as a user override of the default config. Settings that no
 * longer fit the config (a rule renamed since) are reported back instead of stopping the engine.
 */
export function detectionConfig(rules: RuleSetting[], allow: AllowEntry[]): { config: DetectionConfig; errors: string[] } {
  const override: { rules: Record<string, Record<string, unknown>>; allowlist: Record<string, string[]> } = {
    rules: {},
    allowlist: { ips: [], applications: [], users: [] },
  };
  for (const r of rules) override.rules[r.rule] = { ...r.params, enabled: r.enabled };
  for (const a of allow) {
    if (a.expiresAt !== null) continue; // expiring entries are checked per alert (AlertGate), against wall time
    if (a.scope === 'ip') override.allowlist.ips!.push(a.value);
    else if (a.scope === 'application') override.allowlist.applications!.push(a.value);
    else if (a.scope === 'user') override.allowlist.users!.push(a.value);
  }
  return mergeConfig(defaultConfig(), override);
}

/** Log time a restarted detector must replay to rebuild its windows: the longest enabled rule window. */
export function warmUpSpanMs(rules: RuleSetting[]): number {
  return longestWindowMs(detectionConfig(rules, []).config);
}
