import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, session, type WebContents } from 'electron';
import { startDemoFeed } from './demo';
import { bridgeEngine } from './engine-ipc';
import { bridgeFileDialog } from './file-dialog';
import { startEngine } from './engine-start';
import { SECURE_WEB_PREFERENCES, denyAllPermissionsButNotifications, lockDownNavigation } from './window-security';

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    title: 'API Shield',
    show: false,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: join(import.meta.dirname, '../preload/index.cjs') },
  });
  lockDownNavigation(win.webContents);
  win.once('ready-to-show', () => win.show());
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(join(import.meta.dirname, '../renderer/index.html'));
  return win;
}

// One window per user: a second launch focuses the first (its engine already holds the data directory).
if (!app.requestSingleInstanceLock()) app.quit();
app.on('second-instance', () => {
  const win = BrowserWindow.getAllWindows()[0];
  if (win?.isMinimized()) win.restore();
  win?.focus();
});

void app.whenReady().then(async () => {
  denyAllPermissionsButNotifications(session.defaultSession);
  const dataDir = process.env.API_SHIELD_DATA_DIR ?? join(app.getPath('userData'), 'data');
  let engine;
  try {
    engine = await startEngine(app.getAppPath(), dataDir, process.versions.electron);
  } catch (err) {
    // E.g. `api-shield watch` is writing this data directory (engine/store/dir-lock.ts): say so, not a blank app.
    dialog.showErrorBox('API Shield cannot start its engine', (err as Error).message);
    app.quit();
    return;
  }
  bridgeEngine(ipcMain, engine, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
  bridgeFileDialog(
    ipcMain,
    { showOpenDialog: (win, options) => dialog.showOpenDialog(win as BrowserWindow, options) },
    (sender) => BrowserWindow.fromWebContents(sender as WebContents),
  );
  const stopDemo = await startDemoFeed(engine, dataDir, process.env);
  app.on('before-quit', () => {
    stopDemo?.();
    void engine.close();
  });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
