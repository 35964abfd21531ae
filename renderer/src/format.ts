/** Display helpers: dense, locale-independent numbers and UTC times (log time is UTC). */
export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function fmtCompact(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (a >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return fmtInt(n);
}

/** "1 line", "20 lines": the count with its noun (regular plurals only). */
export function fmtCount(n: number, noun: string): string {
  return `${fmtInt(n)} ${n === 1 ? noun : noun + 's'}`;
}

/**
 * A request rate in the unit that shows it: per second down to 0.1/s, then per minute, then per hour, so a
 * quiet hour of an exported log reads "0.2/min" rather than "0.00".
 */
export function fmtRate(perSecond: number): string {
  if (!(perSecond > 0)) return '0/s';
  if (perSecond >= 10) return `${fmtInt(perSecond)}/s`;
  if (perSecond >= 0.1) return `${perSecond.toFixed(2)}/s`;
  const perMinute = perSecond * 60;
  if (perMinute >= 0.1) return `${perMinute.toFixed(perMinute < 10 ? 1 : 0)}/min`;
  const perHour = perMinute * 60;
  return perHour < 0.1 ? '<0.1/h' : `${perHour.toFixed(perHour < 10 ? 1 : 0)}/h`;
}

export function fmtPct(x: number): string {
  return `${(x * 100).toFixed(x < 0.1 ? 2 : 1)}%`;
}

export function fmtTime(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '—';
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

export function fmtClock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

export function fmtDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

export function errorText(e: unknown): string {
  const x = e as { code?: string; message?: string };
  return x?.code ? `${x.code}: ${x.message ?? ''}` : String(x?.message ?? e);
}
