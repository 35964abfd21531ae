// `npm start`: the desktop app on a live demo feed. Needs Electron's binary; where it could not be
// downloaded (as on air-gapped build machines) say so and point at the browser/CLI routes instead.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

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

if (!electronBinary()) {
  console.error('[api-shield] The Electron binary is not installed, so the desktop window is unavailable here.');
  console.error('[api-shield] Retry the download with `node node_modules/electron/install.js`, or use the CLI:');
  console.error('             npx api-shield generate --lines 100000 --out demo.log && npx api-shield scan demo.log');
  process.exit(1);
}

// Electron needs better-sqlite3 compiled for its own ABI; keep that build apart from the Node build the
// tests and CLI use, so neither `npm test` nor `npm start` breaks the other.
const native = spawnSync(process.execPath, ['scripts/electron-native.mjs'], { stdio: 'inherit' });
if (native.status !== 0) process.exit(native.status ?? 1);

const dev = spawnSync('npx', ['electron-vite', 'dev'], { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(dev.status ?? 0);
