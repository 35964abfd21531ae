import { describe, expect, it } from 'vitest';
import { startPlan } from '../../scripts/start-plan.mjs';

describe('npm start: desktop window or browser fallback', () => {
  it('opens Electron on the demo feed when its binary is present', () => {
    expect(startPlan({ electronBinary: '/x/electron', env: {}, home: '/home/a' })).toEqual({ mode: 'electron', env: { API_SHIELD_DEMO: '1' } });
    expect(startPlan({ electronBinary: '/x/electron', env: { API_SHIELD_DEMO: '0' }, home: '/home/a' })).toEqual({ mode: 'electron', env: { API_SHIELD_DEMO: '0' } });
  });

  it('falls back to serve --demo under the home folder when Electron is missing', () => {
    const plan = startPlan({ electronBinary: null, env: {}, home: '/home/a' });
    expect(plan).toMatchObject({ mode: 'serve', dataDir: '/home/a/.api-shield/demo', args: ['serve', '--demo', '--data-dir', '/home/a/.api-shield/demo', '--port', '7410'] });
    expect(plan.mode === 'serve' && plan.notice[0]).toMatch(/desktop window is unavailable/);
  });

  it('honours API_SHIELD_DATA_DIR, API_SHIELD_PORT and API_SHIELD_NO_ELECTRON', () => {
    const plan = startPlan({ electronBinary: '/x/electron', env: { API_SHIELD_DATA_DIR: '/data', API_SHIELD_PORT: '0', API_SHIELD_NO_ELECTRON: '1' }, home: '/h' });
    expect(plan).toMatchObject({ mode: 'serve', dataDir: '/data', port: '0' });
    expect(plan.mode === 'serve' && plan.args).toEqual(['serve', '--demo', '--data-dir', '/data', '--port', '0']);
  });
});
