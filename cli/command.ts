/** One CLI sub-command. Each lives in cli/commands/<name>.ts and is registered in cli/main.ts. */
export interface CliIO {
  /** What `scan -` reads; absent in in-process tests that pipe nothing. */
  stdin?: NodeJS.ReadableStream;
  /** `columns`: the terminal's width, when stdout is one (tables are cut to it). */
  stdout: NodeJS.WritableStream & { columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Environment (API_SHIELD_DATA_DIR etc.); injected so tests can run commands in-process. */
  env: Record<string, string | undefined>;
}

export interface Command {
  name: string;
  /** One line for `api-shield --help`. */
  summary: string;
  /** Full usage text for `api-shield <name> --help`. */
  usage: string;
  /** Returns the process exit code (see docs/cli.md). */
  run(args: string[], io: CliIO): Promise<number>;
}

/** Exit codes, documented in README and `--help`. */
export const EXIT = {
  ok: 0,
  /** scan/evaluate: the run finished and found alerts (like grep: 0 = nothing found). Only with --fail-on-alert. */
  alerts: 1,
  usage: 2,
  /** An input file could not be opened or read. */
  input: 3,
  /** The data directory is in use by another engine (a running watch, serve, import or desktop app). */
  busy: 4,
  /** Unexpected internal error. */
  internal: 70,
} as const;

export class UsageError extends Error {
  override name = 'UsageError';
}
