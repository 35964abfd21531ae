import type { ImportResult, SourceStatus } from '../../../../electron/contract/types';
import { fmtDuration, fmtInt } from '../../format';

/**
 * The file an import is reading, among the pushed sources: the path as typed if absolute, else the source
 * whose absolute path ends with it (the engine resolves it against its own working directory).
 */
export function importSource(sources: readonly SourceStatus[], typed: string): SourceStatus | null {
  const want = typed.trim().replace(/^\.\//, '');
  if (!want) return null;
  const exact = sources.find((s) => s.path === want);
  if (exact) return exact;
  return sources.find((s) => !want.startsWith('/') && s.path.endsWith(`/${want}`)) ?? null;
}

export interface ImportProgress {
  /** 0..1 of the file read; null when unknown (a .gz file: its offsets count decompressed bytes). */
  fraction: number | null;
  text: string;
}

export function importProgress(s: SourceStatus | null): ImportProgress {
  if (!s) return { fraction: null, text: 'Starting…' };
  const gz = s.path.endsWith('.gz');
  const fraction = !gz && s.size > 0 ? Math.min(1, s.offset / s.size) : null;
  const parts = [
    fraction === null ? null : `${Math.floor(fraction * 100)} %`,
    `${fmtInt(s.lines)} lines`,
    s.rate > 0 ? `${fmtInt(s.rate)} lines/s` : null,
    s.parseErrors > 0 ? `${fmtInt(s.parseErrors)} parse errors` : null,
  ];
  return { fraction, text: parts.filter(Boolean).join(' · ') };
}

export function importSummary(r: ImportResult): string {
  if (r.watched) return `${r.path} is watched: the watch reads it as it grows, nothing to import.`;
  if (r.lines === 0) return `${r.path} was already imported: nothing new to read.`;
  return (
    `Imported ${fmtInt(r.lines)} lines from ${r.path} (${r.format ?? 'unknown format'}): ${fmtInt(r.events)} events, ` +
    `${fmtInt(r.parseErrors)} parse errors, ${fmtInt(r.alerts)} new alerts, in ${r.ms < 60_000 ? `${(r.ms / 1000).toFixed(1)} s` : fmtDuration(r.ms)}.`
  );
}
