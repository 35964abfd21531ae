// Builds better-sqlite3 for Electron's ABI into .electron-native/ (never into node_modules, whose build
// is the Node one that `npm test` and the CLI load). Electron's main process passes the result to
// better-sqlite3 as `nativeBinding`. Needs Electron's headers, i.e. network access to its headers host.
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
const outDir = resolve('.electron-native', `electron-${electronVersion}`);
const target = join(outDir, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

if (existsSync(target)) process.exit(0);
console.log(`[api-shield] Building better-sqlite3 for Electron ${electronVersion} into ${outDir} …`);
mkdirSync(outDir, { recursive: true });
cpSync(sqliteDir, join(outDir, 'better-sqlite3'), {
  recursive: true,
  filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`),
});
const gyp = require.resolve('node-gyp/bin/node-gyp.js');
const r = spawnSync(
  process.execPath,
  [gyp, 'rebuild', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers', '--release'],
  { cwd: join(outDir, 'better-sqlite3'), stdio: 'inherit', env: { ...process.env, npm_config_nodedir: '' } },
);
if (r.status !== 0 || !existsSync(target)) {
  console.error('[api-shield] Could not build better-sqlite3 for Electron (its headers could not be fetched?).');
  process.exit(1);
}
