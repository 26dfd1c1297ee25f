// The app's lifecycle: one instance, the app:// scheme, a hardened session, the window, the IPC
// handlers and the menu; a project named in argv or by macOS's open-file goes to the window.
// The engine supervisor (main/engine/) and the project store (main/project-store.ts) plug in at
// the places marked HOOK; until then their channels answer that they are not available yet.

import { extname, join, resolve } from 'node:path';
import { BrowserWindow, Menu, app, ipcMain, net, protocol, session, shell } from 'electron';
import type { CommandId, CommandState } from '../shared/commands';
import { IPC_CHANNELS, MAIN_EVENTS, type OpenedProject } from '../shared/protocol/ipc';
import { APP_INDEX_URL, APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol';
import { originOf, registerIpcHandlers, type IpcHandlers } from './ipc';
import { applyCommandState, buildMenu, runCommand } from './menu';
import { contentSecurityPolicy, hardenSession, hardenWebContents, openExternalIfAllowed } from './security';
import { APP_NAME, createMainWindow, showProjectState } from './window';

// electron-vite dev sets this; a packaged app never loads anything but app://.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const preloadPath = join(import.meta.dirname, '../preload/index.cjs');
const rendererRoot = join(import.meta.dirname, '../renderer');
const policy = contentSecurityPolicy({ devServerUrl });
const openExternal = (url: string): Promise<void> => shell.openExternal(url);

let mainWindow: BrowserWindow | null = null;
let commandState: CommandState = { hasProject: false, running: false };
/** Projects named before the window could take them. */
const pendingPaths: string[] = [];

function setCommandState(next: Partial<CommandState>): void {
  commandState = { ...commandState, ...next };
  const menu = Menu.getApplicationMenu();
  if (menu) applyCommandState(menu, commandState);
}

function command(id: CommandId): void {
  runCommand(id, { window: mainWindow, state: commandState, isPackaged: app.isPackaged, app });
}

const notYet = (what: string) => (): never => {
  throw new Error(`${what} is not available in this version yet`);
};

/** Marks a project open once a handler has opened one. */
function opens<T extends OpenedProject | null>(result: T): T {
  if (result) setCommandState({ hasProject: true });
  return result;
}

const handlers: IpcHandlers = {
  // HOOK(project-store): main/project-store.ts implements these; wrap opened projects in opens().
  'project:new': notYet('New project'),
  'project:open': notYet('Opening projects'),
  'project:open-path': notYet('Opening projects'),
  'project:save': notYet('Saving projects'),
  'project:save-as': notYet('Saving projects'),
  'project:recent': () => [],
  'dataset:choose': notYet('Choosing a dataset'),
  'dataset:check-path': notYet('Checking a dataset'),
  'app:recovery-list': () => [],
  'app:recovery-restore': notYet('Restoring a project'),
  'app:recovery-discard': notYet('Discarding a recovered project'),
  // Main's own.
  'project:set-dirty': ({ dirty, title }) => {
    if (mainWindow) showProjectState(mainWindow, title, dirty, process.platform);
    setCommandState({ hasProject: true });
  },
  'shell:open-external': ({ url }) => openExternalIfAllowed(url, openExternal),
  'command:invoke': ({ id }) => {
    command(id);
  },
};

/** The project file a command line names: the last .mlpstudio or .json argument that is not a flag. */
function projectPathFromArgv(argv: readonly string[], cwd: string): string | undefined {
  const files = argv.slice(1).filter((a) => !a.startsWith('-') && ['.mlpstudio', '.json'].includes(extname(a).toLowerCase()));
  const file = files[files.length - 1];
  return file ? resolve(cwd, file) : undefined;
}

async function openFromShell(path: string): Promise<void> {
  const win = mainWindow;
  if (!win) {
    pendingPaths.push(path);
    return;
  }
  try {
    const payload = IPC_CHANNELS['project:open-path'].payload.parse({ path });
    const project = opens(await handlers['project:open-path'](payload));
    if (win.webContents.isLoading()) await new Promise<void>((done) => win.webContents.once('did-finish-load', () => done()));
    win.webContents.send(MAIN_EVENTS.projectOpened, project);
  } catch (error) {
    console.error(`MLP Studio: cannot open ${path}:`, error);
  }
}

function openWindow(): void {
  mainWindow = createMainWindow({ preloadPath, url: devServerUrl ?? APP_INDEX_URL });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  // HOOK(project-store): ask about unsaved changes on 'close' once saving exists.
  // HOOK(engine): once the page has loaded ('did-finish-load'), transfer the engine's port with
  // mainWindow.webContents.postMessage(MAIN_EVENTS.enginePort, null, [port]).
  for (const path of pendingPaths.splice(0)) void openFromShell(path);
}

function start(): void {
  registerAppScheme(protocol);

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openExternal));
  app.on('open-file', (event, path) => {
    event.preventDefault();
    void openFromShell(path);
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
    const path = projectPathFromArgv(argv, workingDirectory);
    if (path) void openFromShell(path);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) openWindow();
  });

  const firstPath = projectPathFromArgv(process.argv, process.cwd());
  if (firstPath) pendingPaths.push(firstPath);

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession, policy);
    serveRenderer(protocol, net, rendererRoot, policy);
    const devOrigin = devServerUrl ? originOf(devServerUrl) : null;
    registerIpcHandlers(ipcMain, handlers, {
      webContents: () => mainWindow?.webContents ?? null,
      origins: devOrigin ? [APP_ORIGIN, devOrigin] : [APP_ORIGIN],
    });
    Menu.setApplicationMenu(
      buildMenu({ platform: process.platform, appName: APP_NAME, isPackaged: app.isPackaged, state: commandState, run: command }),
    );
    // HOOK(engine): start the engine supervisor here (main/engine/) and report runs with
    // setCommandState({ running }) as they start and end.
    openWindow();
  });
}

// A second launch hands its arguments to the first (the 'second-instance' event) and quits.
if (app.requestSingleInstanceLock()) start();
else app.quit();
