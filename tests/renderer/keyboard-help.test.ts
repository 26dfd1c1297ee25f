// The Keyboard Shortcuts dialog's content: the registry's keys as each platform names them, only
// the page's own commands in the browser edition, and the canvas keys.

import { describe, expect, it } from 'vitest';
import { keyboardHelp, keyboardPlatform } from '../../renderer/src/model/keyboard-help';

const rows = (sections: ReturnType<typeof keyboardHelp>, title: string) => sections.find((s) => s.title === title)?.rows ?? [];

describe('keyboard help', () => {
  it('names each platform from navigator.platform', () => {
    expect(keyboardPlatform('MacIntel')).toBe('darwin');
    expect(keyboardPlatform('Win32')).toBe('win32');
    expect(keyboardPlatform('Linux x86_64')).toBe('linux');
  });

  it('lists the commands by menu section with their platform keys', () => {
    const linux = keyboardHelp('linux', 'desktop');
    expect(rows(linux, 'File')).toContainEqual({ keys: 'Ctrl+Shift+S', action: 'Save As' });
    expect(rows(linux, 'Edit')).toContainEqual({ keys: 'Ctrl+Z', action: 'Undo' });
    expect(rows(linux, 'View')).toContainEqual({ keys: 'Ctrl+5', action: 'Insight' });
    expect(rows(linux, 'Train')).toContainEqual({ keys: 'Ctrl+Enter', action: 'Start Training' });
    const mac = keyboardHelp('darwin', 'desktop');
    expect(rows(mac, 'File')).toContainEqual({ keys: '⌘S', action: 'Save' });
    // Developer tools are not in a packaged app, so not in its help either.
    expect(linux.flatMap((s) => s.rows).some((r) => /Developer/.test(r.action))).toBe(false);
  });

  it('leaves the browser’s own keys (zoom, copy, quit) out of the browser edition', () => {
    const desktop = keyboardHelp('linux', 'desktop').flatMap((s) => s.rows.map((r) => r.action));
    const browser = keyboardHelp('linux', 'browser').flatMap((s) => s.rows.map((r) => r.action));
    expect(desktop).toEqual(expect.arrayContaining(['Zoom In', 'Copy', 'Quit']));
    expect(browser).not.toEqual(expect.arrayContaining(['Zoom In']));
    expect(browser).not.toContain('Copy');
    expect(browser).toEqual(expect.arrayContaining(['Undo', 'Save', 'Start Training', 'Keyboard Shortcuts']));
  });

  it('ends with the canvas keys, which act on the focus rather than run a command', () => {
    const canvas = rows(keyboardHelp('linux', 'browser'), 'Network canvas').map((r) => r.keys);
    expect(canvas).toEqual(expect.arrayContaining(['Delete or Backspace', 'Alt+↑ / Alt+↓', 'Enter or Space']));
  });
});
