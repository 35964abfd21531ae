import { describe, expect, it } from 'vitest';
import { SECURE_WEB_PREFERENCES, denyAllPermissionsButNotifications, lockDownNavigation } from '../../electron/main/window-security';

describe('desktop window hardening', () => {
  it('isolates and sandboxes the renderer', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true, webSecurity: true });
  });

  it('blocks navigation and new windows', () => {
    const listeners: Array<(e: { preventDefault(): void }, url: string) => void> = [];
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    lockDownNavigation({
      on: (_event, l) => listeners.push(l),
      setWindowOpenHandler: (h) => (openHandler = h),
    });
    let prevented = false;
    listeners[0]({ preventDefault: () => (prevented = true) }, 'https://evil.example/');
    expect(prevented).toBe(true);
    expect(openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it.each([
    ['media', false],
    ['geolocation', false],
    ['clipboard-read', false],
    ['openExternal', false],
    ['notifications', true],
  ])('answers a %s permission request with %s', (permission, granted) => {
    let answer: boolean | undefined;
    denyAllPermissionsButNotifications({
      setPermissionRequestHandler: (h) => h({}, permission, (g) => (answer = g)),
    });
    expect(answer).toBe(granted);
  });
});
