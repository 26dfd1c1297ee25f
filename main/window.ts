// The studio window: created with the secure web preferences, following the system's light or
// dark theme, its title showing the project's name and whether it has unsaved changes.

import { BrowserWindow, nativeTheme } from 'electron';
import type { Platform } from '../shared/commands';
import { secureWebPreferences } from './security';

export const APP_NAME = 'MLP Studio';

/** 'MLP Studio' with no project; '● Iris MLP — MLP Studio' for a project with unsaved changes. */
export function windowTitle(projectName: string | null, dirty: boolean): string {
  const name = projectName?.trim();
  if (!name) return APP_NAME;
  return `${dirty ? '● ' : ''}${name} — ${APP_NAME}`;
}

export interface WindowOptions {
  readonly preloadPath: string;
  /** app://studio/index.html, or the dev server's URL in development. */
  readonly url: string;
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  // Follow the system; the page's prefers-color-scheme follows too, dark by the user's choice.
  nativeTheme.themeSource = 'system';
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: APP_NAME,
    show: false,
    // Painted before the page loads, so a dark desktop sees no white flash.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1e1f22' : '#ffffff',
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  // The title is main's (project and unsaved state), not the page's <title>.
  win.on('page-title-updated', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  win.loadURL(options.url).catch((error: unknown) => console.error(`MLP Studio: cannot load ${options.url}:`, error));
  return win;
}

/** Shows a project's name and unsaved state: in the title, and as macOS's edited dot. */
export function showProjectState(
  win: Pick<BrowserWindow, 'setTitle' | 'setDocumentEdited'>,
  projectName: string | null,
  dirty: boolean,
  platform: Platform,
): void {
  win.setTitle(windowTitle(projectName, dirty));
  if (platform === 'darwin') win.setDocumentEdited(dirty);
}
