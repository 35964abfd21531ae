import { EngineError, type ErrorEnvelope } from '../../contract/errors';

/** Turns a better-sqlite3 / fs failure into the contract's error codes. */
export function storeErrorEnvelope(err: unknown): ErrorEnvelope {
  if (err instanceof EngineError) return err.toEnvelope();
  const code = String((err as { code?: unknown })?.code ?? '');
  const message = (err as Error)?.message ?? String(err);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return { name: 'StoreError', code: 'db-locked', message: `database is locked by another process: ${message}` };
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'SQLITE_IOERR_WRITE') {
    return { name: 'StoreError', code: 'disk-full', message: `database or disk is full: ${message}` };
  }
  if (code.startsWith('SQLITE')) return { name: 'StoreError', code: 'store-error', message };
  return { name: (err as Error)?.name ?? 'Error', code: 'internal', message };
}
