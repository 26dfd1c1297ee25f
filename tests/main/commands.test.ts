// The command registry's keyboard matcher (shared/commands.ts), which drives the page's
// shortcuts: CmdOrCtrl per platform, exact modifiers, and no double run of native-role commands.

import { describe, expect, it } from 'vitest';
import { COMMANDS, acceleratorLabel, commandById, isCommandEnabled, matchShortcut, parseAccelerator, type KeyLike } from '../../shared/commands';

const key = (k: string, mods: Partial<Omit<KeyLike, 'key'>> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('the keyboard matcher', () => {
  it('CmdOrCtrl is Control on Windows and Linux, Command on macOS', () => {
    expect(matchShortcut(key('s', { ctrlKey: true }), 'win32')?.id).toBe('file.save');
    expect(matchShortcut(key('s', { ctrlKey: true }), 'linux')?.id).toBe('file.save');
    expect(matchShortcut(key('s', { metaKey: true }), 'darwin')?.id).toBe('file.save');
    expect(matchShortcut(key('s', { ctrlKey: true }), 'darwin')).toBeUndefined();
    expect(matchShortcut(key('s', { metaKey: true }), 'linux')).toBeUndefined();
  });

  it('needs exactly the accelerator’s modifiers', () => {
    expect(matchShortcut(key('S', { ctrlKey: true, shiftKey: true }), 'linux')?.id).toBe('file.save-as');
    expect(matchShortcut(key('s', { ctrlKey: true, altKey: true }), 'linux')).toBeUndefined();
    expect(matchShortcut(key('s'), 'linux')).toBeUndefined();
    expect(matchShortcut(key('z', { metaKey: true }), 'darwin')?.id).toBe('edit.undo');
    expect(matchShortcut(key('Z', { metaKey: true, shiftKey: true }), 'darwin')?.id).toBe('edit.redo');
  });

  it('reads named keys: Enter, digits, punctuation', () => {
    expect(matchShortcut(key('Enter', { ctrlKey: true }), 'linux')?.id).toBe('train.start');
    expect(matchShortcut(key('Enter', { ctrlKey: true, shiftKey: true }), 'linux')?.id).toBe('train.step');
    expect(matchShortcut(key('5', { ctrlKey: true }), 'linux')?.id).toBe('view.insight');
    expect(matchShortcut(key('.', { metaKey: true }), 'darwin')?.id).toBe('train.stop');
    expect(matchShortcut(key('4', { ctrlKey: true }), 'win32')?.id).toBe('view.training');
    expect(matchShortcut(key('/', { ctrlKey: true }), 'linux')?.id).toBe('help.shortcuts');
  });

  it('leaves native-role commands (copy, zoom, quit) to the menu, so they never run twice', () => {
    expect(matchShortcut(key('c', { ctrlKey: true }), 'linux')).toBeUndefined();
    expect(matchShortcut(key('=', { ctrlKey: true }), 'linux')).toBeUndefined();
    expect(matchShortcut(key('q', { metaKey: true }), 'darwin')).toBeUndefined();
  });

  it('parses accelerators with aliases and rejects malformed ones', () => {
    expect(parseAccelerator('CommandOrControl+Shift+Plus', 'darwin')).toEqual({ key: '+', ctrl: false, meta: true, alt: false, shift: true });
    expect(parseAccelerator('Ctrl+Option+Return', 'darwin')).toEqual({ key: 'enter', ctrl: true, meta: false, alt: true, shift: false });
    expect(() => parseAccelerator('CmdOrCtrl+Shift', 'linux')).toThrow('no key');
    expect(() => parseAccelerator('CmdOrCtrl+A+B', 'linux')).toThrow('more than one key');
  });
});

describe('accelerator labels', () => {
  it('print as each platform’s menus do', () => {
    expect(acceleratorLabel('CmdOrCtrl+Shift+S', 'linux')).toBe('Ctrl+Shift+S');
    expect(acceleratorLabel('CmdOrCtrl+Shift+S', 'win32')).toBe('Ctrl+Shift+S');
    expect(acceleratorLabel('CmdOrCtrl+Shift+S', 'darwin')).toBe('⇧⌘S');
    expect(acceleratorLabel('CmdOrCtrl+Enter', 'linux')).toBe('Ctrl+Enter');
    expect(acceleratorLabel('CmdOrCtrl+Alt+I', 'darwin')).toBe('⌥⌘I');
    expect(acceleratorLabel('CmdOrCtrl+/', 'linux')).toBe('Ctrl+/');
    expect(acceleratorLabel('F11', 'linux')).toBe('F11');
    expect(acceleratorLabel('Alt+Up', 'win32')).toBe('Alt+↑');
  });
});

describe('the registry', () => {
  it('has unique ids, parseable accelerators, and no accelerator used twice on any platform', () => {
    expect(new Set(COMMANDS.map((c) => c.id)).size).toBe(COMMANDS.length);
    for (const platform of ['darwin', 'win32', 'linux']) {
      const seen = new Set<string>();
      for (const c of COMMANDS) {
        if (!('accelerator' in c)) continue;
        const a = JSON.stringify(parseAccelerator(c.accelerator, platform));
        expect(seen.has(a), `${c.id} on ${platform}`).toBe(false);
        seen.add(a);
      }
    }
  });

  it('every window shortcut is reachable by the matcher (no Shift+punctuation the key value would hide)', () => {
    for (const platform of ['darwin', 'linux']) {
      for (const c of COMMANDS) {
        if (c.runsIn !== 'window' || !('accelerator' in c)) continue;
        const a = parseAccelerator(c.accelerator, platform);
        const k = a.key.length === 1 && a.shift ? a.key.toUpperCase() : a.key;
        const pressed = key(k === 'enter' ? 'Enter' : k, { ctrlKey: a.ctrl, metaKey: a.meta, altKey: a.alt, shiftKey: a.shift });
        expect(matchShortcut(pressed, platform)?.id, `${c.id} on ${platform}`).toBe(c.id);
      }
    }
  });

  it('enabled states follow the project and the run', () => {
    const state = (hasProject: boolean, running: boolean) => ({ hasProject, running });
    const save = commandById('file.save')!;
    const start = commandById('train.start')!;
    const stop = commandById('train.stop')!;
    expect([save, start, stop].map((c) => isCommandEnabled(c, state(false, false)))).toEqual([false, false, false]);
    expect([save, start, stop].map((c) => isCommandEnabled(c, state(true, false)))).toEqual([true, true, false]);
    expect([save, start, stop].map((c) => isCommandEnabled(c, state(true, true)))).toEqual([true, false, true]);
  });
});
