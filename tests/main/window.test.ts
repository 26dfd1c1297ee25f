// The studio window: the system theme, a title that shows the project and its unsaved state
// (which the page's <title> cannot override), and shown only once painted.

import { describe, expect, it, vi } from 'vitest';
import { APP_NAME, createMainWindow, showProjectState, windowTitle } from '../../main/window';
import { BrowserWindow, fakeEvent, nativeTheme } from './electron-stub';

vi.mock('electron', () => import('./electron-stub'));

const open = () =>
  createMainWindow({ preloadPath: '/out/preload/index.cjs', url: 'app://studio/index.html' }) as unknown as BrowserWindow;

describe('the window', () => {
  it('follows the system theme and paints a dark background on a dark desktop', () => {
    nativeTheme.themeSource = 'light';
    nativeTheme.shouldUseDarkColors = true;
    const win = open();
    expect(nativeTheme.themeSource).toBe('system');
    expect(win.options['backgroundColor']).toBe('#1e1f22');
  });

  it('loads the URL it is given, and shows itself once ready', () => {
    const win = open();
    expect(win.loadURL).toHaveBeenCalledWith('app://studio/index.html');
    expect(win.options['show']).toBe(false);
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalled();
  });

  it('keeps its own title: the page’s <title> changes are prevented', () => {
    const win = open();
    const event = fakeEvent();
    win.emit('page-title-updated', event, 'Injected');
    expect(event.defaultPrevented()).toBe(true);
  });
});

describe('the title shows the project name and unsaved state', () => {
  it('formats', () => {
    expect(windowTitle(null, false)).toBe(APP_NAME);
    expect(windowTitle('  ', true)).toBe(APP_NAME);
    expect(windowTitle('Iris MLP', false)).toBe('Iris MLP — MLP Studio');
    expect(windowTitle('Iris MLP', true)).toBe('● Iris MLP — MLP Studio');
  });

  it('sets the title everywhere and the edited dot on macOS only', () => {
    const win = new BrowserWindow();
    showProjectState(win as never, 'Iris', true, 'linux');
    expect(win.setTitle).toHaveBeenLastCalledWith('● Iris — MLP Studio');
    expect(win.setDocumentEdited).not.toHaveBeenCalled();
    showProjectState(win as never, 'Iris', false, 'darwin');
    expect(win.setTitle).toHaveBeenLastCalledWith('Iris — MLP Studio');
    expect(win.setDocumentEdited).toHaveBeenCalledWith(false);
  });
});
