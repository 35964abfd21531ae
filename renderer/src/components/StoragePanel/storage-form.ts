import type { StorageInfo, StorageLimits } from '../../../../electron/contract/types';
import { fmtInt } from '../../format';

export const MIN_DB_MB = 16;

/** A limit field: '' is no limit; otherwise a whole number of at least `min`. */
export function parseLimit(text: string, min: number, what: string): { value: number | null } | { error: string } {
  const t = text.trim();
  if (t === '') return { value: null };
  if (!/^\d+$/.test(t) || Number(t) < min) return { error: `${what} must be a whole number of at least ${min}, or empty for no limit` };
  return { value: Number(t) };
}

export function describeLimits(l: StorageLimits): string {
  const parts = [
    l.keepDays === null ? null : `${fmtInt(l.keepDays)} day${l.keepDays === 1 ? '' : 's'} of log time`,
    l.maxDbMb === null ? null : `under ${fmtInt(l.maxDbMb)} MiB`,
  ].filter(Boolean);
  return parts.length ? `Keeps ${parts.join(', and ')}.` : 'No limit: the store keeps everything.';
}

export function fmtBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${Math.round(n / 1024)} KiB`;
}

/** Where the limits in force come from, when that is worth saying. */
export function originNote(s: StorageInfo): string | null {
  if (s.origin !== 'flags') return null;
  const none = s.saved.keepDays === null && s.saved.maxDbMb === null;
  return none
    ? 'Set on the command line for this run; no limit is saved for runs without those flags.'
    : `Set on the command line for this run. Saved for runs without those flags: ${describeLimits(s.saved).replace(/^K/, 'k')}`;
}
