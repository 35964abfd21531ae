#!/usr/bin/env node
// Thin launcher: the CLI is bundled by `npm run build:cli` (run automatically by `npm install`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../out/cli/index.js', import.meta.url));
if (!existsSync(entry)) {
  console.error('api-shield: the CLI is not built yet. Run `npm run build:cli` (npm install does it for you).');
  process.exit(70);
}
// A reader that stops early (`api-shield scan big.log --json | head`) closes the pipe: stop quietly, as a
// command killed by SIGPIPE would, instead of dying on an unhandled EPIPE with a stack trace.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const { main, tuneHeapForStreaming } = await import(entry);
// Here and not in main(): a V8 setting for the whole process, which in-process tests should not get.
tuneHeapForStreaming();
process.exitCode = await main(process.argv.slice(2));
