/** Rule parameters as the Rules page shows and takes them: `key=value` words. */
import { dur } from '../../core/detect/rules/catalog';

export type Params = Record<string, number | string | boolean>;

/** "threshold=30 windowMs=20000" ⇄ params; numbers and booleans are typed, the detector validates ranges. */
export function formatParams(p: Params): string {
  return Object.entries(p)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/** The defaults as formatParams writes them (copyable into the overrides), windows also in minutes or seconds. */
export function formatDefaults(p: Params): string {
  return Object.entries(p)
    .map(([k, v]) => (k.endsWith('Ms') && typeof v === 'number' && v > 0 ? `${k}=${v} (${dur(v)})` : `${k}=${v}`))
    .join(' ');
}

export function parseParams(s: string): Params | string {
  const out: Params = {};
  for (const part of s.trim().split(/\s+/).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) return `'${part}' is not key=value`;
    const k = part.slice(0, eq);
    const raw = part.slice(eq + 1);
    out[k] = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}
