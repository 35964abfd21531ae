import { intOption } from '../args';
/** Flags and helpers shared by the engine commands (watch, import, alerts, stats). */
import { FORMAT_IDS } from '../../electron/contract/params';
import type { FormatId } from '../../electron/contract/types';
import { resolveDataDir, type Db } from '../../electron/engine/store/db';
import { openStoreReadOnly } from '../../electron/engine/launch';
import { UsageError, type CliIO } from '../command';

export const DATA_DIR_HELP = `  --data-dir <dir>   where the engine keeps its database (default: $API_SHIELD_DATA_DIR)`;

export function dataDirOf(flag: string | undefined, io: CliIO): string {
  const dir = resolveDataDir(flag, io.env);
  if (!dir) throw new UsageError('no data directory: pass --data-dir DIR or set API_SHIELD_DATA_DIR');
  return dir;
}

/** The store of a data directory, read-only (safe beside a running engine); null after saying there is none. */
export function openStoreOrSay(dataDir: string, io: Pick<CliIO, 'stderr'>): Db | null {
  const db = openStoreReadOnly(dataDir);
  if (!db) io.stderr.write(`api-shield: no data in ${dataDir} (run 'watch' or 'import' first)\n`);
  return db;
}

export function formatOf(value: string | undefined): FormatId | undefined {
  if (value === undefined) return undefined;
  if (!(FORMAT_IDS as readonly string[]).includes(value)) {
    throw new UsageError(`unknown --format '${value}'; one of: ${FORMAT_IDS.join(', ')}`);
  }
  return value as FormatId;
}

/** Options of every command that runs the engine on watched logs (watch, serve). */
export const ENGINE_RUN_OPTIONS = {
  'data-dir': { type: 'string' },
  format: { type: 'string' },
  'keep-days': { type: 'string' },
  'max-db-mb': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const RETENTION_HELP = `  --keep-days <n>    delete events older than n days of log time (default: keep all)
  --max-db-mb <n>    delete the oldest hours of events while the data exceeds n MiB`;

/** Retention from `--keep-days` / `--max-db-mb` (both optional). */
export function retentionOf(keepDays: string | undefined, maxDbMb: string | undefined): { maxAgeMs?: number; maxDbBytes?: number } {
  const days = keepDays === undefined ? undefined : intOption(keepDays, 'keep-days', 0, 1);
  const mb = maxDbMb === undefined ? undefined : intOption(maxDbMb, 'max-db-mb', 0, 1);
  return {
    maxAgeMs: days === undefined ? undefined : days * 86_400_000,
    maxDbBytes: mb === undefined ? undefined : mb * 1024 * 1024,
  };
}
