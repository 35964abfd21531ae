/** The error envelope every failed request resolves to; it survives structured clone and IPC unchanged. */
export type ErrorCode =
  | 'bad-request' // params failed validation
  | 'unknown-method'
  | 'not-found'
  | 'conflict'
  | 'io-error' // a log file could not be opened or read
  | 'db-locked' // another process holds the database lock
  | 'disk-full'
  | 'store-error' // any other SQLite failure
  | 'engine-stopped'
  | 'cancelled' // a long request (models.train) was cancelled
  | 'internal';

export interface ErrorEnvelope {
  name: string;
  code: ErrorCode;
  message: string;
}

/** Thrown by handlers; turned into an ErrorEnvelope by the host. */
export class EngineError extends Error {
  override name = 'EngineError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }

  toEnvelope(): ErrorEnvelope {
    return { name: this.name, code: this.code, message: this.message };
  }
}

export function isErrorEnvelope(v: unknown): v is ErrorEnvelope {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.name === 'string' && typeof r.code === 'string' && typeof r.message === 'string';
}

/** Client-side: a rejected request carries the envelope's fields. */
export class RemoteEngineError extends Error {
  readonly code: ErrorCode;
  constructor(envelope: ErrorEnvelope) {
    super(envelope.message);
    this.name = envelope.name;
    this.code = envelope.code;
  }
}
