import { IPC_CHANNELS, type PickPurpose } from '../contract/bridge';

/** The slice of Electron's dialog this module uses, so tests drive it with a fake. */
export interface DialogLike {
  showOpenDialog(
    window: unknown,
    options: { title: string; buttonLabel: string; properties: 'openFile'[]; filters: { name: string; extensions: string[] }[] },
  ): Promise<{ canceled: boolean; filePaths: string[] }>;
}

/** ipcMain.handle's shape for this channel (the engine channel's IpcMainLike answers envelopes). */
export interface PickIpcLike {
  handle(channel: string, listener: (event: { sender: unknown }, ...args: unknown[]) => Promise<string | null>): void;
  removeHandler(channel: string): void;
}

const TITLES: Record<PickPurpose, { title: string; buttonLabel: string }> = {
  import: { title: 'Import a log file', buttonLabel: 'Import' },
  watch: { title: 'Watch a log file', buttonLabel: 'Watch' },
};

/**
 * Answers the renderer's "pick a log file" with the native open dialog, over the window that asked. The
 * renderer chooses only the purpose (checked here), never the dialog's options or a path to open: what it
 * gets back is the path the user picked, which it then passes to `import.file` or `sources.add` like a
 * typed one.
 */
export function bridgeFileDialog(ipc: PickIpcLike, dialog: DialogLike, windowOf: (sender: unknown) => unknown): () => void {
  ipc.handle(IPC_CHANNELS.pickFile, async (event, purpose) => {
    const labels = typeof purpose === 'string' && Object.hasOwn(TITLES, purpose) ? TITLES[purpose as PickPurpose] : null;
    if (!labels) return null;
    const r = await dialog.showOpenDialog(windowOf(event.sender), {
      ...labels,
      properties: ['openFile'],
      filters: [
        { name: 'Logs', extensions: ['log', 'gz', 'txt', 'json', 'jsonl', 'csv'] },
        { name: 'All files', extensions: ['*'] },
      ],
    });
    return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0]!;
  });
  return () => ipc.removeHandler(IPC_CHANNELS.pickFile);
}
