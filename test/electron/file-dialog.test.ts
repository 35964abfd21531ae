import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from '../../electron/contract/bridge';
import { bridgeFileDialog, type DialogLike, type PickIpcLike } from '../../electron/main/file-dialog';

/** ipcMain and dialog fakes: what main does with a renderer's "pick a log file". */
function setup(answer: { canceled: boolean; filePaths: string[] }) {
  const handlers = new Map<string, (event: { sender: unknown }, ...args: unknown[]) => Promise<string | null>>();
  const ipc: PickIpcLike = { handle: (ch, l) => void handlers.set(ch, l), removeHandler: (ch) => void handlers.delete(ch) };
  const shown: { window: unknown; options: Parameters<DialogLike['showOpenDialog']>[1] }[] = [];
  const dialog: DialogLike = { showOpenDialog: async (window, options) => (shown.push({ window, options }), answer) };
  const off = bridgeFileDialog(ipc, dialog, (sender) => `window of ${String(sender)}`);
  const invoke = (...args: unknown[]) => handlers.get(IPC_CHANNELS.pickFile)!({ sender: 'tab-1' }, ...args);
  return { handlers, shown, off, invoke };
}

describe('file dialog for the renderer', () => {
  it('opens the native dialog over the asking window and answers the picked path', async () => {
    const t = setup({ canceled: false, filePaths: ['/var/log/nginx/access.log.2.gz'] });
    await expect(t.invoke('import')).resolves.toBe('/var/log/nginx/access.log.2.gz');
    expect(t.shown[0]!.window).toBe('window of tab-1');
    expect(t.shown[0]!.options).toMatchObject({ title: 'Import a log file', buttonLabel: 'Import', properties: ['openFile'] });
    expect(t.shown[0]!.options.filters[0]!.extensions).toContain('gz');
    await t.invoke('watch');
    expect(t.shown[1]!.options).toMatchObject({ title: 'Watch a log file', buttonLabel: 'Watch' });
  });

  it('answers null when cancelled', async () => {
    await expect(setup({ canceled: true, filePaths: [] }).invoke('import')).resolves.toBeNull();
  });

  it.each([[undefined], ['delete'], ['__proto__'], [{ title: 'x' }], ['toString']])(
    'shows no dialog for a purpose it does not know (%j)',
    async (purpose) => {
      const t = setup({ canceled: false, filePaths: ['/etc/shadow'] });
      await expect(t.invoke(purpose)).resolves.toBeNull();
      expect(t.shown).toEqual([]);
    },
  );

  it('removes its handler', () => {
    const t = setup({ canceled: true, filePaths: [] });
    t.off();
    expect(t.handlers.size).toBe(0);
  });
});
