import { EXIT, UsageError, type CliIO, type Command } from './command';
import { scanCommand } from './commands/scan';
import { generateCommand } from './commands/generate';
import { watchCommand } from './commands/watch';
import { importCommand } from './commands/import';
import { alertsCommand } from './commands/alerts';
import { eventsCommand } from './commands/events';
import { statsCommand } from './commands/stats';
import { trainCommand } from './commands/train';
import { evaluateCommand } from './commands/evaluate';
import { serveCommand } from './commands/serve';
export { tuneHeapForStreaming } from '../core/io/heap-tuning';

const COMMANDS: Command[] = [scanCommand, generateCommand, watchCommand, serveCommand, importCommand, alertsCommand, eventsCommand, statsCommand, trainCommand, evaluateCommand];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: api-shield <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'api-shield <command> --help' for a command's options.",
  ].join('\n');
}

/** Entry point shared by bin/api-shield.js and in-process tests; returns the exit code. */
export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help() + '\n');
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write('0.1.0\n');
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`api-shield: unknown command '${name}'\n\n${help()}\n`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`api-shield ${name}: ${err.message}\n(see 'api-shield ${name} --help')\n`);
      return EXIT.usage;
    }
    // Another engine holds the data directory (dir-lock.ts) or the database: say so, no stack trace.
    if ((err as { code?: unknown }).code === 'db-locked') {
      io.stderr.write(`api-shield ${name}: ${(err as Error).message}\n`);
      return EXIT.busy;
    }
    io.stderr.write(`api-shield ${name}: internal error: ${(err as Error).stack ?? err}\n`);
    return EXIT.internal;
  }
}

function defaultIO(): CliIO {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}
