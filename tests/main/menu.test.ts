// The native menu built from the command registry: the File/Edit/View/Train/Help sections with
// their accelerators, the macOS app menu, enabled states, and where each command runs.

import { describe, expect, it, vi } from 'vitest';
import { applyCommandState, buildMenu, menuTemplate, runCommand, type CommandContext, type MenuOptions } from '../../main/menu';
import { COMMANDS, type CommandId } from '../../shared/commands';
import { MAIN_EVENTS } from '../../shared/protocol/ipc';
import { BrowserWindow, Menu } from './electron-stub';

vi.mock('electron', () => import('./electron-stub'));

interface Item {
  id?: string;
  label?: string;
  role?: string;
  type?: string;
  accelerator?: string;
  enabled?: boolean;
  registerAccelerator?: boolean;
  click?: () => void;
  submenu?: Item[];
}

const run = vi.fn();
const options = (over: Partial<MenuOptions> = {}): MenuOptions => ({
  platform: 'linux',
  appName: 'MLP Studio',
  isPackaged: false,
  state: { hasProject: true, running: false },
  run,
  ...over,
});

function items(template: Item[]): Item[] {
  return template.flatMap((i) => [i, ...items(i.submenu ?? [])]).filter((i) => i.type !== 'separator');
}

describe('the menu built from the registry', () => {
  it('has File, Edit, View, Train and Help, in that order (Windows and Linux)', () => {
    const template = menuTemplate(options()) as Item[];
    expect(template.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Train', 'Help']);
  });

  it('carries every command with its label and accelerator', () => {
    const all = items(menuTemplate(options()) as Item[]);
    for (const command of COMMANDS) {
      const item = all.find((i) => i.id === command.id);
      expect(item, command.id).toBeDefined();
      expect(item?.label).toBe(command.label);
      expect(item?.accelerator).toBe('accelerator' in command ? command.accelerator : undefined);
    }
  });

  it('puts the expected accelerators in each section', () => {
    const template = menuTemplate(options()) as Item[];
    const accelerators = (label: string) =>
      Object.fromEntries(items(template.find((m) => m.label === label)?.submenu ?? []).map((i) => [i.id, i.accelerator]));
    expect(accelerators('File')).toMatchObject({
      'file.new': 'CmdOrCtrl+N',
      'file.open': 'CmdOrCtrl+O',
      'file.save': 'CmdOrCtrl+S',
      'file.save-as': 'CmdOrCtrl+Shift+S',
      'app.quit': 'CmdOrCtrl+Q',
    });
    expect(accelerators('Edit')).toMatchObject({ 'edit.undo': 'CmdOrCtrl+Z', 'edit.redo': 'CmdOrCtrl+Shift+Z', 'edit.copy': 'CmdOrCtrl+C' });
    expect(accelerators('View')).toMatchObject({ 'view.workbench': 'CmdOrCtrl+1', 'view.network': 'CmdOrCtrl+2', 'view.zoom-in': 'CmdOrCtrl+=' });
    expect(accelerators('Train')).toMatchObject({ 'train.start': 'CmdOrCtrl+Enter', 'train.stop': 'CmdOrCtrl+.' });
    expect(accelerators('Help')).toMatchObject({ 'help.shortcuts': 'CmdOrCtrl+/' });
  });

  it('window commands click through to run() and leave their keys to the page; native ones use roles', () => {
    const all = items(menuTemplate(options()) as Item[]);
    const save = all.find((i) => i.id === 'file.save')!;
    expect(save.registerAccelerator).toBe(false);
    save.click?.();
    expect(run).toHaveBeenCalledWith('file.save');
    expect(all.find((i) => i.id === 'edit.copy')).toMatchObject({ role: 'copy' });
    expect(all.find((i) => i.id === 'edit.copy')?.click).toBeUndefined();
  });

  it('lists recent projects under File > Open Recent, greyed out when there are none', () => {
    const openRecent = vi.fn();
    const none = items(menuTemplate(options()) as Item[]).find((i) => i.id === 'file.open-recent');
    expect(none).toMatchObject({ label: 'Open Recent', enabled: false, submenu: [] });
    const recent = [
      { path: '/home/u/b.mlpstudio', name: 'b' },
      { path: '/home/u/a.mlpstudio', name: 'a' },
    ];
    const file = (menuTemplate(options({ recent, openRecent })) as Item[])[0].submenu!;
    const at = file.findIndex((i) => i.id === 'file.open-recent');
    expect(file[at - 1].id).toBe('file.open');
    expect(file[at].enabled).toBe(true);
    expect(file[at].submenu!.map((i) => i.label)).toEqual(['b', 'a']);
    file[at].submenu![1].click!();
    expect(openRecent).toHaveBeenCalledWith('/home/u/a.mlpstudio');
  });

  it('macOS: an app menu with About and Quit first, a Window menu, the five sections kept', () => {
    const template = menuTemplate(options({ platform: 'darwin' })) as Item[];
    expect(template.map((m) => m.label ?? m.role)).toEqual(['MLP Studio', 'File', 'Edit', 'View', 'Train', 'windowMenu', 'Help']);
    const appItems = items(template[0].submenu ?? []);
    expect(appItems.map((i) => i.id ?? i.role)).toEqual(['help.about', 'services', 'hide', 'hideOthers', 'unhide', 'app.quit']);
    expect(items(template[1].submenu ?? []).some((i) => i.id === 'app.quit')).toBe(false);
  });

  it('developer tools only in development builds', () => {
    const has = (isPackaged: boolean) => items(menuTemplate(options({ isPackaged })) as Item[]).some((i) => i.id === 'view.devtools');
    expect(has(false)).toBe(true);
    expect(has(true)).toBe(false);
  });

  it('greys out commands that need a project or a run, and updates as the state changes', () => {
    const menu = buildMenu(options({ state: { hasProject: false, running: false } }));
    expect(Menu.buildFromTemplate).toHaveBeenCalled();
    const enabled = (id: string) => menu.getMenuItemById(id)?.enabled;
    expect([enabled('file.new'), enabled('file.save'), enabled('train.start'), enabled('train.stop')]).toEqual([true, false, false, false]);
    applyCommandState(menu, { hasProject: true, running: true });
    expect([enabled('file.new'), enabled('file.save'), enabled('train.start'), enabled('train.stop')]).toEqual([true, true, false, true]);
    applyCommandState(menu, { hasProject: true, running: false });
    expect([enabled('train.start'), enabled('train.stop')]).toEqual([true, false]);
  });
});

describe('running a command (menu click or command:invoke)', () => {
  const context = (over: Partial<CommandContext> = {}): CommandContext => ({
    window: new BrowserWindow() as never,
    state: { hasProject: true, running: false },
    isPackaged: false,
    app: { quit: vi.fn(), showAboutPanel: vi.fn() },
    ...over,
  });

  it('sends window commands to the page', () => {
    const ctx = context();
    expect(runCommand('file.save', ctx)).toBe(true);
    expect((ctx.window as unknown as BrowserWindow).webContents.send).toHaveBeenCalledWith(MAIN_EVENTS.command, 'file.save');
  });

  it('runs native roles in main', () => {
    const ctx = context();
    const contents = (ctx.window as unknown as BrowserWindow).webContents;
    runCommand('edit.copy', ctx);
    runCommand('view.zoom-in', ctx);
    runCommand('app.quit', ctx);
    expect(contents.copy).toHaveBeenCalled();
    expect(contents.setZoomLevel).toHaveBeenCalledWith(0.5);
    expect(ctx.app.quit).toHaveBeenCalled();
    expect(contents.send).not.toHaveBeenCalled();
  });

  it('refuses a disabled command, and developer tools in a packaged app', () => {
    const ctx = context({ state: { hasProject: false, running: false }, isPackaged: true });
    const contents = (ctx.window as unknown as BrowserWindow).webContents;
    for (const id of ['file.save', 'train.start', 'train.stop', 'view.devtools'] as CommandId[]) expect(runCommand(id, ctx), id).toBe(false);
    expect(contents.send).not.toHaveBeenCalled();
    expect(contents.toggleDevTools).not.toHaveBeenCalled();
  });
});
