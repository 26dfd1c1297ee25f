// What the Keyboard Shortcuts dialog lists: the registry's commands with their keys as this
// platform prints them, and the keys of the network canvas, the palette and the view tabs, which
// are not commands (they act on whatever has the focus).

import { COMMANDS, MENU_SECTIONS, acceleratorLabel, type MenuSection, type Platform } from '../../../shared/commands';

export interface KeyHelp {
  readonly keys: string;
  readonly action: string;
}

export interface KeyHelpSection {
  readonly title: string;
  readonly rows: readonly KeyHelp[];
}

/** The platform whose key names apply, from navigator.platform ('MacIntel', 'Win32', 'Linux x86_64'). */
export function keyboardPlatform(navigatorPlatform: string): Platform {
  const p = navigatorPlatform.toLowerCase();
  return p.includes('mac') ? 'darwin' : p.includes('win') ? 'win32' : 'linux';
}

const FOCUS_KEYS: KeyHelpSection[] = [
  {
    title: 'Network canvas',
    rows: [
      { keys: 'Tab', action: 'Move between blocks and links' },
      { keys: 'Enter or Space', action: 'Select the focused block or link' },
      { keys: 'Esc', action: 'Clear the selection' },
      { keys: 'Arrow keys', action: 'Move the selected block (with Shift: faster)' },
      { keys: 'Alt+↑ / Alt+↓', action: 'Move the selected block along the chain' },
      { keys: 'Delete or Backspace', action: 'Delete the selected block or link' },
    ],
  },
  {
    title: 'Palette and views',
    rows: [
      { keys: 'Enter or Space on a block button', action: 'Add that block at the end of the chain, linked' },
      { keys: '← / → on the view tabs', action: 'Show the previous or next view' },
    ],
  },
];

/**
 * The sections to list. In the browser edition only the commands the page carries out have keys
 * (zoom, quit and the like belong to the browser itself).
 */
export function keyboardHelp(platform: Platform, edition: 'desktop' | 'browser'): KeyHelpSection[] {
  const bySection = new Map<MenuSection, KeyHelp[]>(MENU_SECTIONS.map((s) => [s, []]));
  for (const c of COMMANDS) {
    if (!('accelerator' in c) || ('devOnly' in c && c.devOnly)) continue;
    if (edition === 'browser' && c.runsIn !== 'window') continue;
    bySection.get(c.section)!.push({ keys: acceleratorLabel(c.accelerator, platform), action: c.label.replace(/…$/, '') });
  }
  const commands = [...bySection].filter(([, rows]) => rows.length).map(([title, rows]) => ({ title, rows }));
  return [...commands, ...FOCUS_KEYS];
}
