/**
 * The hardening electronegativity asks for, in one place so it can be tested with fakes:
 * isolated, sandboxed renderer; no navigation, no new windows, no permission grants but notifications.
 */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  nodeIntegration: false,
  sandbox: true,
  webSecurity: true,
  disableBlinkFeatures: 'Auxclick',
} as const;

export interface WebContentsLike {
  on(event: 'will-navigate', listener: (e: { preventDefault(): void }, url: string) => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export function lockDownNavigation(contents: WebContentsLike): void {
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export interface SessionLike {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
}

/** The one permission the dashboard asks for: desktop notifications of new alerts (the analyst turns them on). */
const GRANTED = new Set(['notifications']);

export function denyAllPermissionsButNotifications(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(GRANTED.has(permission)));
}
