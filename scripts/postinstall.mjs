// Electron's own postinstall is disabled in package.json ("allowScripts": electron false) because on a
// machine without access to Electron's download host it fails and npm rolls the whole install back.
// Here we try the same download ourselves and treat failure as "desktop window unavailable":
// the CLI, the engine, `serve` and the tests need no Electron binary.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronInstallScript() {
  try {
    return require.resolve('electron/install.js');
  } catch {
    return null;
  }
}

const script = electronInstallScript();
if (!script) {
  console.log('[api-shield] electron is not installed (production install?): desktop window unavailable.');
} else if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log('[api-shield] ELECTRON_SKIP_BINARY_DOWNLOAD is set: skipping the Electron binary; desktop window unavailable.');
} else {
  const pathFile = script.replace(/install\.js$/, 'path.txt');
  if (existsSync(pathFile)) {
    console.log('[api-shield] Electron binary already present.');
  } else {
    const r = spawnSync(process.execPath, [script], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
    if (r.status === 0) console.log('[api-shield] Electron binary downloaded.');
    else {
      const why = (r.stderr?.toString() ?? '').split('\n').find((l) => /Error|ENOTFOUND|ECONN/.test(l)) ?? 'download failed';
      console.log(`[api-shield] Could not download the Electron binary (${why.trim()}).`);
      console.log('[api-shield] The desktop window is unavailable on this machine; the CLI, `api-shield serve` and `npm test` work without it.');
    }
  }
}
