import { PassThrough } from 'node:stream';
import { main } from '../../cli/main';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured streams (not a TTY, so no progress bar). */
export async function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  out.on('data', (c: Buffer) => chunks.out.push(c));
  err.on('data', (c: Buffer) => chunks.err.push(c));
  const code = await main(args, { stdout: out, stderr: err, env });
  return { code, stdout: Buffer.concat(chunks.out).toString(), stderr: Buffer.concat(chunks.err).toString() };
}
