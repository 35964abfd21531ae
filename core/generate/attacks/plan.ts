import type { Rng } from '../prng';
import { ATTACK_TYPES, type AttackMix, type AttackType } from '../types';
import type { Attack, AttackEnv } from './base';
import { DistributedStuffing, FastStuffing, SlowStuffing } from './credentials';
import { ContentProbing } from './probing';
import { Burst, EndpointScan, IdEnumeration } from './volume';

/** Lines per default episode of each type. */
export const LINES_PER_EPISODE = 20_000;

/** About one episode of every type per 20,000 lines, at least one each. */
export function defaultAttackMix(lines: number): AttackMix {
  const n = Math.max(1, Math.round(lines / LINES_PER_EPISODE));
  const mix: AttackMix = {};
  for (const t of ATTACK_TYPES) mix[t] = n;
  return mix;
}

/**
 * Parses a `--attacks` value: 'none', 'default', or a comma list of `type` / `type=count` (a bare type gets
 * its default count). Types not listed get no episodes. Throws on unknown types or bad counts.
 */
export function parseAttackMix(spec: string, lines: number): AttackMix {
  const s = spec.trim();
  if (s === 'none') return {};
  const defaults = defaultAttackMix(lines);
  if (s === 'default' || s === 'all' || s === '') return defaults;
  const mix: AttackMix = {};
  for (const part of s.split(',')) {
    const [name, count] = part.split('=').map((x) => x.trim());
    if (!(ATTACK_TYPES as readonly string[]).includes(name!)) {
      throw new Error(`unknown attack type '${name}' (expected one of: ${ATTACK_TYPES.join(', ')})`);
    }
    const type = name as AttackType;
    if (count === undefined) mix[type] = defaults[type]!;
    else {
      const n = Number(count);
      if (!Number.isInteger(n) || n < 0) throw new Error(`attack count for '${type}' must be an integer ≥ 0, got '${count}'`);
      mix[type] = n;
    }
  }
  return mix;
}

/** When an episode begins: once the log has `atLine` lines. */
export interface EpisodeTrigger {
  atLine: number;
  type: AttackType;
}

/**
 * Spreads the episodes over the log: each type's episodes are stratified over a band of the line count
 * (low-and-slow ones early enough to finish), so attacks are spread over the time span whatever its length.
 */
export function planEpisodes(mix: AttackMix, lines: number, rng: Rng): EpisodeTrigger[] {
  const out: EpisodeTrigger[] = [];
  for (const type of ATTACK_TYPES) {
    const k = mix[type] ?? 0;
    const [lo, hi] = type === 'credential_stuffing_slow' ? [0.02, 0.6] : [0.02, 0.85];
    for (let i = 0; i < k; i++) {
      const f = lo + ((hi - lo) * (i + rng.float())) / k;
      out.push({ atLine: Math.floor(f * lines), type });
    }
  }
  out.sort((a, b) => a.atLine - b.atLine || ATTACK_TYPES.indexOf(a.type) - ATTACK_TYPES.indexOf(b.type));
  return out;
}

export function createAttack(type: AttackType, id: number, start: number, env: AttackEnv, episode: number): Attack {
  switch (type) {
    case 'burst':
      return new Burst(id, start, env, episode);
    case 'endpoint_scan':
      return new EndpointScan(id, start, env, episode);
    case 'id_enumeration':
      return new IdEnumeration(id, start, env, episode);
    case 'credential_stuffing':
      return new FastStuffing(id, start, env, episode);
    case 'credential_stuffing_slow':
      return new SlowStuffing(id, start, env, episode);
    case 'credential_stuffing_distributed':
      return new DistributedStuffing(id, start, env, episode);
    case 'content_probing':
      return new ContentProbing(id, start, env, episode);
  }
}

