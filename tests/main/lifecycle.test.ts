// main/index.ts wiring, with the stub runtime: one instance, the app:// scheme registered before
// ready, then a hardened session, app:// served, every IPC channel handled, the menu, and a
// secure window on app://studio/index.html; a second launch quits before touching anything.

import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANNEL_NAMES, MAIN_EVENTS } from '../../shared/protocol/ipc';
import { fakeEvent, fakeFrame } from './electron-stub';

vi.mock('electron', () => import('./electron-stub'));

type Stub = typeof import('./electron-stub');

/** A fresh main/index.ts on a reset runtime stub, started as Electron would start it. */
async function launch(lock = true): Promise<Stub> {
  vi.resetModules();
  // The mocked module itself, the very object main/index.ts imports (vi.resetModules keeps it).
  const stub = (await import('electron')) as unknown as Stub;
  stub.resetElectronStub();
  stub.app.requestSingleInstanceLock.mockReturnValue(lock);
  await import('../../main/index');
  return stub;
}

describe('the app lifecycle', () => {
  it('a second instance quits without registering anything', async () => {
    const stub = await launch(false);
    expect(stub.app.quit).toHaveBeenCalled();
    expect(stub.protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
    expect(stub.app.whenReady).not.toHaveBeenCalled();
  });

  it('registers the app scheme before ready, then wires everything once ready', async () => {
    const stub = await launch();
    expect(stub.protocol.registerSchemesAsPrivileged).toHaveBeenCalled();
    expect(stub.BrowserWindow.instances).toHaveLength(0);

    await stub.makeAppReady();
    const session = stub.session.defaultSession;
    expect(session.webRequest.onHeadersReceived).toHaveBeenCalled();
    expect(session.setPermissionRequestHandler).toHaveBeenCalled();
    expect(stub.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect([...stub.ipcMainHandlers.keys()].sort()).toEqual([...IPC_CHANNEL_NAMES].sort());
    expect(stub.Menu.setApplicationMenu).toHaveBeenCalled();

    const [win] = stub.BrowserWindow.instances;
    expect(win.loadURL).toHaveBeenCalledWith('app://studio/index.html');
    expect(win.options['webPreferences']).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String((win.options['webPreferences'] as { preload: string }).preload)).toMatch(/preload[/\\]index\.cjs$/);
  });

  it('hardens every webContents created (checklist 13, 14)', async () => {
    const stub = await launch();
    const contents = new stub.FakeWebContents();
    stub.app.emit('web-contents-created', fakeEvent(), contents);
    const event = fakeEvent({ url: 'https://evil.example/' });
    contents.emit('will-navigate', event, event.url);
    expect(event.defaultPrevented()).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('the window’s calls work, and set-dirty shows the project in the title', async () => {
    const stub = await launch();
    await stub.makeAppReady();
    const [win] = stub.BrowserWindow.instances;
    const event = { sender: win.webContents, senderFrame: fakeFrame('app://studio/index.html') };
    await stub.invokeHandler('project:set-dirty', event, { dirty: true, title: 'Iris' });
    expect(win.setTitle).toHaveBeenLastCalledWith('● Iris — MLP Studio');
    await stub.invokeHandler('command:invoke', event, { id: 'file.save' });
    expect(win.webContents.send).toHaveBeenCalledWith(MAIN_EVENTS.command, 'file.save');
    await expect(stub.invokeHandler('shell:open-external', event, { url: 'https://evil.example/' })).resolves.toBe(false);
    expect(stub.shell.openExternal).not.toHaveBeenCalled();
  });

  it('a project opened from the shell before the store exists is reported, not crashed on', async () => {
    const stub = await launch();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await stub.makeAppReady();
    const event = fakeEvent();
    stub.app.emit('open-file', event, '/home/u/iris.mlpstudio');
    expect(event.defaultPrevented()).toBe(true);
    await vi.waitFor(() => expect(error).toHaveBeenCalledWith(expect.stringContaining('/home/u/iris.mlpstudio'), expect.any(Error)));
    error.mockRestore();
  });
});
