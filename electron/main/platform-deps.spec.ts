import { join } from 'node:path';
import type { BrowserWindow } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  app: {
    getPreferredSystemLanguages: vi.fn(() => ['ky-KG', 'ru-RU']),
    getPath: vi.fn((_name: string) => '/home/monitor/Documents'),
  },
  shell: { openExternal: vi.fn(async (_url: string) => undefined) },
  clipboard: { writeText: vi.fn((_text: string) => undefined) },
  session: {
    defaultSession: { clearStorageData: vi.fn(async (_options: unknown) => undefined) },
  },
  dialog: {
    showOpenDialog: vi.fn(
      async (..._args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> => ({
        canceled: true,
        filePaths: [],
      }),
    ),
    showSaveDialog: vi.fn(
      async (..._args: unknown[]): Promise<{ canceled: boolean; filePath?: string }> => ({
        canceled: true,
      }),
    ),
  },
}));

vi.mock('electron', () => electron);

const { electronApiDeps } = await import('./platform-deps');

beforeEach(() => {
  electron.dialog.showSaveDialog.mockClear();
  electron.dialog.showOpenDialog.mockClear();
});

describe('electronApiDeps', () => {
  it('reads the OS preferred languages', () => {
    expect(electronApiDeps(() => null).getSystemLocales()).toEqual(['ky-KG', 'ru-RU']);
  });

  it('opens links through the shell', async () => {
    await electronApiDeps(() => null).openExternal('https://uwazi.io/');
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://uwazi.io/');
  });

  it('writes copied text to the system clipboard, passing its refusal on', () => {
    const deps = electronApiDeps(() => null);
    deps.writeClipboardText('depter-contact: 1\n');
    expect(electron.clipboard.writeText).toHaveBeenCalledExactlyOnceWith('depter-contact: 1\n');
    electron.clipboard.writeText.mockImplementationOnce(() => {
      throw new Error('no clipboard');
    });
    expect(() => deps.writeClipboardText('x')).toThrow('no clipboard');
  });

  it('proposes the name in the documents folder, attached to the window', async () => {
    const window = { id: 1 } as unknown as BrowserWindow;
    electron.dialog.showSaveDialog.mockResolvedValueOnce({
      canceled: false,
      filePath: '/home/monitor/Documents/record.json',
    });
    const path = await electronApiDeps(() => window).chooseSavePath('record.json');
    expect(path).toBe('/home/monitor/Documents/record.json');
    expect(electron.app.getPath).toHaveBeenCalledWith('documents');
    expect(electron.dialog.showSaveDialog).toHaveBeenCalledWith(
      window,
      expect.objectContaining({
        defaultPath: join('/home/monitor/Documents', 'record.json'),
        properties: expect.arrayContaining(['showOverwriteConfirmation']),
      }),
    );
  });

  it('returns null when the user cancels', async () => {
    expect(await electronApiDeps(() => null).chooseSavePath('a.json')).toBeNull();
  });

  it('returns null when the dialog gives no path', async () => {
    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '' });
    expect(await electronApiDeps(() => null).chooseSavePath('a.json')).toBeNull();
  });

  it('asks for evidence files, several at once, attached to the window', async () => {
    const window = { id: 1 } as unknown as BrowserWindow;
    electron.dialog.showOpenDialog.mockResolvedValueOnce({
      canceled: false,
      filePaths: ['/home/monitor/марш.mp4', '/home/monitor/photo.jpg'],
    });
    expect(await electronApiDeps(() => window).chooseOpenPaths()).toEqual([
      '/home/monitor/марш.mp4',
      '/home/monitor/photo.jpg',
    ]);
    expect(electron.dialog.showOpenDialog).toHaveBeenCalledWith(window, {
      properties: ['openFile', 'multiSelections'],
    });
  });

  it('answers no evidence files when the user cancels, even if the dialog names some', async () => {
    electron.dialog.showOpenDialog.mockResolvedValueOnce({
      canceled: true,
      filePaths: ['/home/monitor/x.mp4'],
    });
    expect(await electronApiDeps(() => null).chooseOpenPaths()).toEqual([]);
    expect(electron.dialog.showOpenDialog).toHaveBeenCalledWith({
      properties: ['openFile', 'multiSelections'],
    });
  });

  it('deletes the database by clearing only IndexedDB from the default session', async () => {
    await electronApiDeps(() => null).deleteDatabase();
    expect(electron.session.defaultSession.clearStorageData).toHaveBeenCalledExactlyOnceWith({
      storages: ['indexdb'],
    });
  });

  it('reports a failed database deletion to the wipe', async () => {
    electron.session.defaultSession.clearStorageData.mockRejectedValueOnce(new Error('busy'));
    await expect(electronApiDeps(() => null).deleteDatabase()).rejects.toThrow('busy');
  });
});
