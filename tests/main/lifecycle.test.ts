// main/index.ts wiring, with the stub runtime: one instance, the app:// scheme registered before
// ready, then a hardened session, app:// served, every IPC channel handled, the menu, and a
// secure window on app://studio/index.html; a second launch quits before touching anything. The
// engine in a utility process, connected to each page load by its own channel, restarted after a
// crash that the page hears of; a project opened from the shell; closing with unsaved changes.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { decodeProjectFile, encodeProjectFile } from '../../shared/project/container';
import { parseProject } from '../../shared/project/parse';
import { IPC_CHANNEL_NAMES, MAIN_EVENTS } from '../../shared/protocol/ipc';
import { smallProjectJson } from '../helpers/project-fixture';
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

  it('a project named before the window exists is requested once the page has loaded', async () => {
    const stub = await launch();
    const event = fakeEvent();
    stub.app.emit('open-file', event, '/home/u/iris.mlpstudio');
    expect(event.defaultPrevented()).toBe(true);
    await stub.makeAppReady();
    const [win] = stub.BrowserWindow.instances;
    await vi.waitFor(() => expect(win.webContents.send).toHaveBeenCalledWith(MAIN_EVENTS.openRequested, { path: '/home/u/iris.mlpstudio' }));
  });

  it('runs the engine in a utility process, gives each page load its own channel, and restarts it after a crash', async () => {
    const stub = await launch();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await stub.makeAppReady();
    const [engine] = stub.FakeUtilityProcess.instances;
    expect(String(engine.modulePath)).toMatch(/engine\.js$/);
    const [win] = stub.BrowserWindow.instances;

    const connects = () => win.webContents.postMessage.mock.calls.filter(([channel]) => channel === MAIN_EVENTS.enginePort);
    win.webContents.emit('did-finish-load');
    expect(connects()).toHaveLength(1);
    const [connect, ports] = engine.postMessage.mock.calls[0] as [unknown, { peer: unknown }[]];
    expect(connect).toEqual({ type: 'connect' });
    // The page and the engine hold the two ends of one channel: main is not in between.
    const pagePort = (connects()[0][2] as unknown[])[0];
    expect(ports[0].peer).toBe(pagePort);
    win.webContents.emit('did-finish-load');
    expect(connects()).toHaveLength(2);

    engine.emit('exit', 9);
    expect(win.webContents.send).toHaveBeenCalledWith(MAIN_EVENTS.engineStatus, { reason: 'exited with code 9', restarting: true });
    await vi.waitFor(() => expect(stub.FakeUtilityProcess.instances).toHaveLength(2));
    // The new engine is connected to the page that is already loaded.
    expect(connects()).toHaveLength(3);
    expect(stub.FakeUtilityProcess.instances[1].postMessage).toHaveBeenCalledWith({ type: 'connect' }, [expect.anything()]);
    error.mockRestore();
  });

  it('grants the engine a dataset path only after main checked it', async () => {
    const stub = await launch();
    await stub.makeAppReady();
    const [win] = stub.BrowserWindow.instances;
    const [engine] = stub.FakeUtilityProcess.instances;
    const event = { sender: win.webContents, senderFrame: fakeFrame('app://studio/index.html') };
    const dir = mkdtempSync(join(tmpdir(), 'mlp-studio-grant-'));
    const csv = join(dir, 'iris.csv');
    writeFileSync(csv, 'a,b\n1,x\n');
    await expect(stub.invokeHandler('dataset:check-path', event, { path: join(dir, 'secret.key') })).resolves.toMatchObject({ ok: false });
    expect(engine.postMessage).not.toHaveBeenCalled();
    await expect(stub.invokeHandler('dataset:check-path', event, { path: csv })).resolves.toMatchObject({ ok: true });
    expect(engine.postMessage).toHaveBeenCalledWith({ type: 'grant-path', path: csv }, undefined);
  });

  it('asks the page to open a project named by the shell, which it then opens by path', async () => {
    const stub = await launch();
    await stub.makeAppReady();
    const [win] = stub.BrowserWindow.instances;
    const file = join(mkdtempSync(join(tmpdir(), 'mlp-studio-open-')), 'xor.mlpstudio');
    writeFileSync(file, encodeProjectFile({ project: parseProject(PROJECT), weights: null, runs: [] }));
    stub.app.emit('open-file', fakeEvent(), file);
    // Nothing is opened behind the page's back: it may have unsaved changes to ask about first.
    await vi.waitFor(() => expect(win.webContents.send).toHaveBeenCalledWith(MAIN_EVENTS.openRequested, { path: file }));
    expect(win.setTitle).not.toHaveBeenCalled();
    const event = { sender: win.webContents, senderFrame: fakeFrame('app://studio/index.html') };
    const opened = (await stub.invokeHandler('project:open-path', event, { path: file })) as { file: Uint8Array; name: string };
    expect(opened.name).toBe('XOR');
    expect(decodeProjectFile(opened.file, 'sent').project.name).toBe('XOR');
    expect(win.setTitle).toHaveBeenLastCalledWith('XOR — MLP Studio');
    // And it is on File > Open Recent.
    await vi.waitFor(() => {
      const menu = stub.Menu.getApplicationMenu() as unknown as { getMenuItemById(id: string): { submenu?: { sublabel?: string }[] } | null };
      expect(menu.getMenuItemById('file.open-recent')?.submenu?.map((i) => i.sublabel)).toEqual([file]);
    });
  });

  it('closing with unsaved changes asks, and Save closes only after the save', async () => {
    const stub = await launch();
    await stub.makeAppReady();
    const [win] = stub.BrowserWindow.instances;
    const event = { sender: win.webContents, senderFrame: fakeFrame('app://studio/index.html') };
    await stub.invokeHandler('project:set-dirty', event, { dirty: true, title: 'XOR' });

    stub.dialog.showMessageBox.mockResolvedValueOnce({ response: 2 });
    win.close();
    await vi.waitFor(() => expect(stub.dialog.showMessageBox).toHaveBeenCalledTimes(1));
    expect(stub.dialog.showMessageBox.mock.calls[0][1]).toMatchObject({ buttons: ['Save', "Don't Save", 'Cancel'] });
    await new Promise((r) => setTimeout(r, 10));
    expect(win.destroyed).toBe(false);

    // Save: the page is asked to save; once main has written the file, the window closes.
    stub.dialog.showMessageBox.mockResolvedValueOnce({ response: 0 });
    win.close();
    await vi.waitFor(() => expect(win.webContents.send).toHaveBeenCalledWith(MAIN_EVENTS.command, 'file.save'));
    expect(win.destroyed).toBe(false);
    const target = join(mkdtempSync(join(tmpdir(), 'mlp-studio-close-')), 'xor.mlpstudio');
    stub.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    const file = encodeProjectFile({ project: parseProject(PROJECT), weights: null, runs: [] });
    await expect(stub.invokeHandler('project:save', event, { file })).resolves.toEqual({ path: target, name: 'xor' });
    await vi.waitFor(() => expect(win.destroyed).toBe(true));
    expect(decodeProjectFile(readFileSync(target), target).project.name).toBe('XOR');
  });

  it("closing with unsaved changes and Don't Save closes at once", async () => {
    const stub = await launch();
    await stub.makeAppReady();
    const [win] = stub.BrowserWindow.instances;
    const event = { sender: win.webContents, senderFrame: fakeFrame('app://studio/index.html') };
    await stub.invokeHandler('project:set-dirty', event, { dirty: true, title: 'XOR' });
    stub.dialog.showMessageBox.mockResolvedValueOnce({ response: 1 });
    win.close();
    await vi.waitFor(() => expect(win.destroyed).toBe(true));
  });
});

const PROJECT = smallProjectJson('XOR');
