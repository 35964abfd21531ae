// What `npm start` does, decided from facts only (no side effects), so it is unit-tested without Electron.
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * @param {{ electronBinary: string | null, env: Record<string, string | undefined>, home?: string }} facts
 * @returns {{ mode: 'electron', env: Record<string, string> } | { mode: 'serve', dataDir: string, port: string, args: string[], notice: string[] }}
 */
export function startPlan({ electronBinary, env, home = homedir() }) {
  const dataDir = env.API_SHIELD_DATA_DIR || join(home, '.api-shield', 'demo');
  if (electronBinary && env.API_SHIELD_NO_ELECTRON !== '1') {
    // The desktop app on a live demo feed: main starts the feed when API_SHIELD_DEMO is set.
    return { mode: 'electron', env: { API_SHIELD_DEMO: env.API_SHIELD_DEMO ?? '1' } };
  }
  const port = env.API_SHIELD_PORT || '7410';
  return {
    mode: 'serve',
    dataDir,
    port,
    args: ['serve', '--demo', '--data-dir', dataDir, '--port', port],
    notice: [
      electronBinary
        ? '[api-shield] API_SHIELD_NO_ELECTRON=1: not opening the desktop window.'
        : '[api-shield] The Electron binary is not installed, so the desktop window is unavailable here.',
      `[api-shield] Serving the dashboard in your browser instead, on a live demo feed (data in ${dataDir}).`,
    ],
  };
}
