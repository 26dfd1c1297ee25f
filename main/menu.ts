// The native menu, built from the command registry (shared/commands.ts), and the one way main
// runs a command: window commands go to the page, native roles run here.

import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import {
  COMMANDS,
  MENU_SECTIONS,
  commandById,
  isCommandEnabled,
  type CommandId,
  type CommandSpec,
  type CommandState,
  type MenuSection,
  type Platform,
} from '../shared/commands';
import { MAIN_EVENTS } from '../shared/protocol/ipc';

export interface MenuOptions {
  readonly platform: Platform;
  readonly appName: string;
  readonly isPackaged: boolean;
  readonly state: CommandState;
  /** What a click does; main passes a function that calls runCommand. */
  readonly run: (id: CommandId) => void;
  /** File > Open Recent, newest first; the menu is rebuilt when it changes. */
  readonly recent?: readonly { readonly path: string; readonly name: string }[];
  readonly openRecent?: (path: string) => void;
}

function openRecentItem(options: MenuOptions): MenuItemConstructorOptions {
  const recent = options.recent ?? [];
  return {
    id: 'file.open-recent',
    label: 'Open Recent',
    enabled: recent.length > 0,
    submenu: recent.map((r) => ({ label: r.name, sublabel: r.path, toolTip: r.path, click: () => options.openRecent?.(r.path) })),
  };
}

function item(command: CommandSpec, options: MenuOptions): MenuItemConstructorOptions {
  const base: MenuItemConstructorOptions = {
    id: command.id,
    label: command.label,
    accelerator: command.accelerator,
    enabled: isCommandEnabled(command, options.state),
  };
  if (command.role) return { ...base, role: command.role };
  return {
    ...base,
    click: () => options.run(command.id as CommandId),
    // The page matches these keys itself (matchShortcut) and stops them; registering them too
    // would run the command twice on Windows and Linux. The menu still shows the accelerator.
    registerAccelerator: false,
  };
}

function sectionItems(section: MenuSection, options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const items: MenuItemConstructorOptions[] = [];
  for (const command of COMMANDS as readonly CommandSpec[]) {
    if (command.section !== section || (command.devOnly && options.isPackaged)) continue;
    // On macOS, About and Quit live in the app menu.
    if (mac && (command.role === 'about' || command.role === 'quit')) continue;
    if (command.separatorBefore && items.length > 0) items.push({ type: 'separator' });
    items.push(item(command, options));
    if (command.id === 'file.open') items.push(openRecentItem(options));
  }
  return items;
}

export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const about = commandById('help.about');
  const quit = commandById('app.quit');
  const sections: MenuItemConstructorOptions[] = MENU_SECTIONS.map((section) => ({
    label: section,
    ...(mac && section === 'Help' ? { role: 'help' as const } : {}),
    submenu: sectionItems(section, options),
  }));
  if (!mac) return sections;
  const appMenu: MenuItemConstructorOptions = {
    label: options.appName,
    submenu: [
      ...(about ? [item(about, options)] : []),
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      ...(quit ? [item(quit, options)] : []),
    ],
  };
  // macOS expects a Window menu before Help.
  return [appMenu, ...sections.slice(0, -1), { role: 'windowMenu' }, sections[sections.length - 1]];
}

export function buildMenu(options: MenuOptions): Menu {
  return Menu.buildFromTemplate(menuTemplate(options));
}

/** Greys items in or out as a project opens or a run starts and ends. */
export function applyCommandState(menu: Pick<Menu, 'getMenuItemById'>, state: CommandState): void {
  for (const command of COMMANDS) {
    const menuItem = menu.getMenuItemById(command.id);
    if (menuItem) menuItem.enabled = isCommandEnabled(command, state);
  }
}

export interface CommandContext {
  readonly window: BrowserWindow | null;
  readonly state: CommandState;
  readonly isPackaged: boolean;
  readonly app: { quit(): void; showAboutPanel(): void };
}

/**
 * Runs a command for a menu click or a 'command:invoke' call; false when it is disabled now or
 * has nowhere to run. Window commands are sent to the page, which carries them out.
 */
export function runCommand(id: CommandId, ctx: CommandContext): boolean {
  const command = commandById(id);
  if (!command || !isCommandEnabled(command, ctx.state)) return false;
  const win = ctx.window;
  const contents = win?.webContents;
  if (command.runsIn === 'window') {
    if (!contents) return false;
    contents.send(MAIN_EVENTS.command, id);
    return true;
  }
  if (command.role === 'quit') ctx.app.quit();
  else if (command.role === 'about') ctx.app.showAboutPanel();
  else if (!win || !contents) return false;
  else if (command.role === 'undo') contents.undo();
  else if (command.role === 'redo') contents.redo();
  else if (command.role === 'cut') contents.cut();
  else if (command.role === 'copy') contents.copy();
  else if (command.role === 'paste') contents.paste();
  else if (command.role === 'selectAll') contents.selectAll();
  else if (command.role === 'zoomIn') contents.setZoomLevel(contents.getZoomLevel() + 0.5);
  else if (command.role === 'zoomOut') contents.setZoomLevel(contents.getZoomLevel() - 0.5);
  else if (command.role === 'resetZoom') contents.setZoomLevel(0);
  else if (command.role === 'togglefullscreen') win.setFullScreen(!win.isFullScreen());
  else if (command.role === 'toggleDevTools' && !ctx.isPackaged) contents.toggleDevTools();
  else return false;
  return true;
}
