import { parseIsoTime } from './iso-time';

/** A log line as a container runtime stored it, with the wrapper taken off. */
export interface Unwrapped {
  /** The line the container wrote. */
  inner: string;
  /** The runtime's receive time (ms), a fallback when the inner record has none; NaN if absent. */
  time: number;
  /** A fragment of a longer line, to be joined with the next ones (CRI `P`, docker 16 KiB splits). */
  partial: boolean;
}

/**
 * CRI (containerd / CRI-O, Kubernetes node logs): `2025-12-31T17:40:00.000000100+01:00 stdout F <line>`.
 * Returns null when the line is not in that shape.
 */
export function unwrapCri(text: string): Unwrapped | null {
  const s1 = text.indexOf(' ');
  if (s1 < 20 || s1 > 40) return null;
  const s2 = text.indexOf(' ', s1 + 1);
  if (s2 < 0) return null;
  const stream = text.slice(s1 + 1, s2);
  if (stream !== 'stdout' && stream !== 'stderr') return null;
  const s3 = text.indexOf(' ', s2 + 1);
  const tag = text.slice(s2 + 1, s3 < 0 ? text.length : s3);
  // The tag is `F` or `P`, possibly with more flags after ':' in future CRI versions.
  const flag = tag.charCodeAt(0);
  if ((flag !== 70 && flag !== 80) || (tag.length > 1 && tag.charCodeAt(1) !== 58)) return null;
  const time = parseIsoTime(text.slice(0, s1));
  if (Number.isNaN(time)) return null;
  return { inner: s3 < 0 ? '' : text.slice(s3 + 1), time, partial: flag === 80 };
}

const DOCKER_SPLIT = 16 * 1024;

/**
 * Docker's json-file driver: `{"log":"<line>\n","stream":"stdout","time":"2024-…Z"}`. Docker cuts lines
 * longer than 16 KiB into records whose `log` lacks the final '\n'.
 */
export function unwrapDocker(o: Record<string, unknown>): Unwrapped | null {
  const log = o.log;
  if (typeof log !== 'string' || (o.stream === undefined && o.time === undefined)) return null;
  const n = log.length;
  const nl = n > 0 && log.charCodeAt(n - 1) === 10;
  let end = nl ? n - 1 : n;
  if (end > 0 && log.charCodeAt(end - 1) === 13) end--;
  const time = typeof o.time === 'string' ? parseIsoTime(o.time) : NaN;
  return { inner: log.slice(0, end), time, partial: !nl && n >= DOCKER_SPLIT };
}
