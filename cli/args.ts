import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseIsoTime } from '@core/parse/iso-time';
import { MITIGATION_EXPORTS, type MitigationExport } from '@core/report/mitigations';
import { UsageError } from './command';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * node:util parseArgs with errors turned into UsageError, so every command reports bad flags the same way
 * (message + exit code 2) instead of a stack trace.
 */
export function parseCommandArgs<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function intOption(value: string | undefined, name: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got '${value}'`);
  return n;
}

/** `2024-06-03T14:00Z`, `2024-06-03 14:00:00`, `2024-06-03` (midnight UTC) as ms; undefined when not given. */
export function logTimeOption(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  const t = parseIsoTime(/^\d{4}-\d\d-\d\d$/.test(v) ? `${v}T00:00` : v);
  if (Number.isNaN(t)) throw new UsageError(`${flag} must be an ISO-8601 time such as 2024-06-03T14:00Z, not '${value}'`);
  return t;
}

/** `--since` / `--until` as a pair, checked for order. */
export function logTimeRange(since: string | undefined, until: string | undefined): { since?: number; until?: number } {
  const from = logTimeOption('--since', since);
  const to = logTimeOption('--until', until);
  if (from !== undefined && to !== undefined && to <= from) throw new UsageError('--until must be later than --since');
  return { since: from, until: to };
}

export const EXPORT_HELP = `  --export <kind>    instead of alerts, write a mitigation for them on stdout:
${Object.entries(MITIGATION_EXPORTS).map(([k, v]) => `                       ${k.padEnd(11)}${v}`).join('\n')}`;

/** `--export`'s value, checked; exclusive with the other output modes. */
export function exportOption(value: string | undefined, others: Record<string, boolean | undefined>): MitigationExport | undefined {
  if (value === undefined) return undefined;
  if (!(value in MITIGATION_EXPORTS)) {
    throw new UsageError(`unknown --export '${value}'; one of: ${Object.keys(MITIGATION_EXPORTS).join(', ')}`);
  }
  const clash = Object.keys(others).find((k) => others[k]);
  if (clash) throw new UsageError(`--export and --${clash} are exclusive`);
  return value as MitigationExport;
}
