// `npm start`: the desktop app on a live demo feed. Where Electron's binary could not be downloaded (as on
// air-gapped build machines), the same dashboard in the browser instead: `api-shield serve --demo`.
// The decision itself lives in start-plan.mjs (unit-tested without Electron).
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { startPlan } from './start-plan.mjs';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');

function electronBinary() {
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env }, shell: process.platform === 'win32' }).status ?? 1;

const plan = startPlan({ electronBinary: electronBinary(), env: process.env });

if (plan.mode === 'electron') {
  // Electron needs better-sqlite3 compiled for its own ABI; keep that build apart from the Node build the
  // tests and CLI use, so neither `npm test` nor `npm start` breaks the other.
  const native = run(process.execPath, ['scripts/electron-native.mjs']);
  if (native !== 0) process.exit(native);
  // The engine's training and store-writer threads are bundled with the CLI.
  if (!existsSync(join(root, 'out/cli/store-writer.js'))) {
    const s = run('npm', ['run', '--silent', 'build:cli']);
    if (s !== 0) process.exit(s);
  }
  process.exit(run('npx', ['electron-vite', 'dev'], plan.env));
}

for (const line of plan.notice) console.error(line);
// serve needs the dashboard bundle and the CLI bundle; build what is missing (no Electron binary needed).
if (!existsSync(join(root, 'out/renderer/index.html'))) {
  const s = run('npx', ['electron-vite', 'build']);
  if (s !== 0) process.exit(s);
}
if (!existsSync(join(root, 'out/cli/index.js')) || !existsSync(join(root, 'out/cli/store-writer.js'))) {
  const s = run('npm', ['run', '--silent', 'build:cli']);
  if (s !== 0) process.exit(s);
}
process.exit(run(process.execPath, [join(root, 'bin/api-shield.js'), ...plan.args]));
