// The one command registry: each command's id, label, menu section, accelerator and when it is
// enabled. Main builds the native menu from it; the window matches its keyboard shortcuts with it.

export const MENU_SECTIONS = ['File', 'Edit', 'View', 'Train', 'Help'] as const;
export type MenuSection = (typeof MENU_SECTIONS)[number];

/**
 * When a command can run: always, with a project open, with a project open and no run going
 * (a second run would fight the first for the engine), or only while a run is going.
 */
export type EnabledWhen = 'always' | 'project' | 'project-idle' | 'run';

/** Electron menu roles the shell uses; native text editing and zoom need the real roles. */
export type NativeRole =
  | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll'
  | 'zoomIn' | 'zoomOut' | 'resetZoom' | 'togglefullscreen' | 'toggleDevTools' | 'quit' | 'about';

export interface CommandSpec {
  readonly id: string;
  readonly label: string;
  readonly section: MenuSection;
  /** Electron accelerator syntax, e.g. 'CmdOrCtrl+Shift+S'. */
  readonly accelerator?: string;
  readonly enabledWhen: EnabledWhen;
  /**
   * 'window': the page carries it out (main forwards menu clicks to it); 'main': a native role
   * that main carries out itself, so the page never handles its keys.
   */
  readonly runsIn: 'window' | 'main';
  readonly role?: NativeRole;
  /** Only in development builds (developer tools are off in a packaged app). */
  readonly devOnly?: boolean;
  /** Draw a separator above this item. */
  readonly separatorBefore?: boolean;
}

export const COMMANDS = [
  { id: 'file.new', label: 'New Project', section: 'File', accelerator: 'CmdOrCtrl+N', enabledWhen: 'always', runsIn: 'window' },
  { id: 'file.open', label: 'Open Project…', section: 'File', accelerator: 'CmdOrCtrl+O', enabledWhen: 'always', runsIn: 'window' },
  { id: 'file.save', label: 'Save', section: 'File', accelerator: 'CmdOrCtrl+S', enabledWhen: 'project', runsIn: 'window', separatorBefore: true },
  { id: 'file.save-as', label: 'Save As…', section: 'File', accelerator: 'CmdOrCtrl+Shift+S', enabledWhen: 'project', runsIn: 'window' },
  { id: 'file.choose-dataset', label: 'Choose Dataset…', section: 'File', accelerator: 'CmdOrCtrl+Shift+O', enabledWhen: 'project', runsIn: 'window', separatorBefore: true },
  { id: 'app.quit', label: 'Quit', section: 'File', accelerator: 'CmdOrCtrl+Q', enabledWhen: 'always', runsIn: 'main', role: 'quit', separatorBefore: true },

  { id: 'edit.undo', label: 'Undo', section: 'Edit', accelerator: 'CmdOrCtrl+Z', enabledWhen: 'always', runsIn: 'window' },
  { id: 'edit.redo', label: 'Redo', section: 'Edit', accelerator: 'CmdOrCtrl+Shift+Z', enabledWhen: 'always', runsIn: 'window' },
  { id: 'edit.cut', label: 'Cut', section: 'Edit', accelerator: 'CmdOrCtrl+X', enabledWhen: 'always', runsIn: 'main', role: 'cut', separatorBefore: true },
  { id: 'edit.copy', label: 'Copy', section: 'Edit', accelerator: 'CmdOrCtrl+C', enabledWhen: 'always', runsIn: 'main', role: 'copy' },
  { id: 'edit.paste', label: 'Paste', section: 'Edit', accelerator: 'CmdOrCtrl+V', enabledWhen: 'always', runsIn: 'main', role: 'paste' },
  { id: 'edit.select-all', label: 'Select All', section: 'Edit', accelerator: 'CmdOrCtrl+A', enabledWhen: 'always', runsIn: 'main', role: 'selectAll' },

  { id: 'view.workbench', label: 'Workbench', section: 'View', accelerator: 'CmdOrCtrl+1', enabledWhen: 'always', runsIn: 'window' },
  { id: 'view.network', label: 'Network', section: 'View', accelerator: 'CmdOrCtrl+2', enabledWhen: 'always', runsIn: 'window' },
  { id: 'view.data', label: 'Data', section: 'View', accelerator: 'CmdOrCtrl+3', enabledWhen: 'always', runsIn: 'window' },
  { id: 'view.training', label: 'Training', section: 'View', accelerator: 'CmdOrCtrl+4', enabledWhen: 'always', runsIn: 'window' },
  { id: 'view.insight', label: 'Insight', section: 'View', accelerator: 'CmdOrCtrl+5', enabledWhen: 'always', runsIn: 'window' },
  { id: 'view.step', label: 'Step', section: 'View', accelerator: 'CmdOrCtrl+6', enabledWhen: 'always', runsIn: 'window' },
  { id: 'view.lab', label: 'Init Lab', section: 'View', accelerator: 'CmdOrCtrl+7', enabledWhen: 'always', runsIn: 'window' },
  { id: 'view.zoom-in', label: 'Zoom In', section: 'View', accelerator: 'CmdOrCtrl+=', enabledWhen: 'always', runsIn: 'main', role: 'zoomIn', separatorBefore: true },
  { id: 'view.zoom-out', label: 'Zoom Out', section: 'View', accelerator: 'CmdOrCtrl+-', enabledWhen: 'always', runsIn: 'main', role: 'zoomOut' },
  { id: 'view.zoom-reset', label: 'Actual Size', section: 'View', accelerator: 'CmdOrCtrl+0', enabledWhen: 'always', runsIn: 'main', role: 'resetZoom' },
  { id: 'view.fullscreen', label: 'Toggle Full Screen', section: 'View', accelerator: 'F11', enabledWhen: 'always', runsIn: 'main', role: 'togglefullscreen' },
  { id: 'view.devtools', label: 'Toggle Developer Tools', section: 'View', accelerator: 'CmdOrCtrl+Alt+I', enabledWhen: 'always', runsIn: 'main', role: 'toggleDevTools', devOnly: true },

  { id: 'train.start', label: 'Start Training', section: 'Train', accelerator: 'CmdOrCtrl+Enter', enabledWhen: 'project-idle', runsIn: 'window' },
  { id: 'train.stop', label: 'Stop Training', section: 'Train', accelerator: 'CmdOrCtrl+.', enabledWhen: 'run', runsIn: 'window' },
  { id: 'train.step', label: 'Inspect One Step', section: 'Train', accelerator: 'CmdOrCtrl+Shift+Enter', enabledWhen: 'project-idle', runsIn: 'window', separatorBefore: true },

  { id: 'help.shortcuts', label: 'Keyboard Shortcuts', section: 'Help', accelerator: 'CmdOrCtrl+/', enabledWhen: 'always', runsIn: 'window' },
  { id: 'help.about', label: 'About MLP Studio', section: 'Help', enabledWhen: 'always', runsIn: 'main', role: 'about' },
] as const satisfies readonly CommandSpec[];

export type Command = (typeof COMMANDS)[number];
export type CommandId = Command['id'];
export const COMMAND_IDS = COMMANDS.map((c) => c.id) as [CommandId, ...CommandId[]];

const BY_ID = new Map<string, CommandSpec>(COMMANDS.map((c) => [c.id, c]));

export function commandById(id: string): CommandSpec | undefined {
  return BY_ID.get(id);
}

export function isCommandId(id: unknown): id is CommandId {
  return typeof id === 'string' && BY_ID.has(id);
}

/** What the enabled state of commands depends on. */
export interface CommandState {
  readonly hasProject: boolean;
  readonly running: boolean;
}

export function isCommandEnabled(command: CommandSpec, state: CommandState): boolean {
  switch (command.enabledWhen) {
    case 'always':
      return true;
    case 'project':
      return state.hasProject;
    case 'project-idle':
      return state.hasProject && !state.running;
    case 'run':
      return state.running;
  }
}

/** Node's process.platform values the shell cares about; anything else behaves like Linux. */
export type Platform = 'darwin' | 'win32' | 'linux' | (string & {});

/** The parts of a KeyboardEvent the matcher reads (shared/ has no DOM types). */
export interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

export interface ParsedAccelerator {
  /** The key as KeyboardEvent.key reports it, lower-cased. */
  readonly key: string;
  readonly ctrl: boolean;
  readonly meta: boolean;
  readonly alt: boolean;
  readonly shift: boolean;
}

// Accelerator key names whose KeyboardEvent.key differs from the name.
const KEY_NAMES: Record<string, string> = {
  plus: '+', space: ' ', return: 'enter', esc: 'escape', up: 'arrowup', down: 'arrowdown',
  left: 'arrowleft', right: 'arrowright',
};

/** Reads an Electron accelerator for a platform: CmdOrCtrl is Command on macOS, Control elsewhere. */
export function parseAccelerator(accelerator: string, platform: Platform): ParsedAccelerator {
  const mac = platform === 'darwin';
  let ctrl = false, meta = false, alt = false, shift = false;
  let key: string | undefined;
  for (const part of accelerator.split('+')) {
    const p = part.toLowerCase();
    if (p === 'cmdorctrl' || p === 'commandorcontrol') {
      if (mac) meta = true;
      else ctrl = true;
    } else if (p === 'cmd' || p === 'command' || p === 'super' || p === 'meta') meta = true;
    else if (p === 'ctrl' || p === 'control') ctrl = true;
    else if (p === 'alt' || p === 'option' || p === 'altgr') alt = true;
    else if (p === 'shift') shift = true;
    else if (key === undefined && p !== '') key = KEY_NAMES[p] ?? p;
    else throw new Error(`Bad accelerator '${accelerator}': more than one key`);
  }
  if (key === undefined) throw new Error(`Bad accelerator '${accelerator}': no key`);
  return { key, ctrl, meta, alt, shift };
}

const MAC_SYMBOLS = { ctrl: '⌃', alt: '⌥', shift: '⇧', meta: '⌘' } as const;
const KEY_LABELS: Record<string, string> = { enter: 'Enter', ' ': 'Space', escape: 'Esc', arrowup: '↑', arrowdown: '↓', arrowleft: '←', arrowright: '→' };

/** An accelerator as the platform's menus print it: 'Ctrl+Shift+S' on Windows and Linux, '⇧⌘S' on macOS. */
export function acceleratorLabel(accelerator: string, platform: Platform): string {
  const a = parseAccelerator(accelerator, platform);
  const key = KEY_LABELS[a.key] ?? (a.key.length === 1 ? a.key.toUpperCase() : a.key.charAt(0).toUpperCase() + a.key.slice(1));
  if (platform === 'darwin') {
    // macOS's order: Control, Option, Shift, Command.
    return `${a.ctrl ? MAC_SYMBOLS.ctrl : ''}${a.alt ? MAC_SYMBOLS.alt : ''}${a.shift ? MAC_SYMBOLS.shift : ''}${a.meta ? MAC_SYMBOLS.meta : ''}${key}`;
  }
  return [a.ctrl && 'Ctrl', a.meta && 'Super', a.alt && 'Alt', a.shift && 'Shift', key].filter(Boolean).join('+');
}

export function matchesAccelerator(event: KeyLike, accelerator: string, platform: Platform): boolean {
  const a = parseAccelerator(accelerator, platform);
  return (
    event.key.toLowerCase() === a.key &&
    event.ctrlKey === a.ctrl &&
    event.metaKey === a.meta &&
    event.altKey === a.alt &&
    event.shiftKey === a.shift
  );
}

/**
 * The window-run command a key press triggers, or undefined. Commands that run in main are left
 * out: their native menu accelerators already fire, and matching them here would run them twice.
 * The window must preventDefault() a matched event so the menu does not also act on it.
 */
export function matchShortcut(event: KeyLike, platform: Platform): Command | undefined {
  return COMMANDS.find(
    (c): boolean => c.runsIn === 'window' && 'accelerator' in c && matchesAccelerator(event, c.accelerator, platform),
  );
}
