// The app's lifecycle: one instance, the app:// scheme, a hardened session, the window, the IPC
// handlers and the menu; the engine supervised in a utility process and connected straight to
// the window; projects through ProjectService; a project named in argv or by macOS's open-file
// goes to the window; closing with unsaved changes asks first.

import { randomBytes } from 'node:crypto';
import { extname, join, resolve } from 'node:path';
import { BrowserWindow, Menu, app, ipcMain, net, protocol, session, shell } from 'electron';
import type { CommandId, CommandState } from '../shared/commands';
import { datasetLimits } from '../shared/node/dataset-files';
import { MAIN_EVENTS, openRequestSchema, type OpenedProject } from '../shared/protocol/ipc';
import { APP_INDEX_URL, APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol';
import { originOf, registerIpcHandlers, type IpcHandlers } from './ipc';
import { applyCommandState, buildMenu, runCommand } from './menu';
import { nativeDialogs } from './dialogs';
import { EngineSupervisor } from './engine/supervisor';
import { connectEngineToWindow, grantDatasetPath, reportEngineStatus, spawnUtilityEngine, type UtilityEngine } from './engine/utility-engine';
import { ProjectService } from './project-service';
import { RecentProjects, RecoveryStore } from './project-store';
import { contentSecurityPolicy, hardenSession, hardenWebContents, openExternalIfAllowed } from './security';
import { APP_NAME, createMainWindow, showProjectState } from './window';

// electron-vite dev sets this; a packaged app never loads anything but app://.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const preloadPath = join(import.meta.dirname, '../preload/index.cjs');
const engineEntry = join(import.meta.dirname, 'engine.js');
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

const engine = new EngineSupervisor<UtilityEngine>(() => spawnUtilityEngine(engineEntry));

const projects = new ProjectService({
  dialogs: nativeDialogs(() => mainWindow),
  recovery: new RecoveryStore(join(app.getPath('userData'), 'recovery')),
  recent: new RecentProjects(join(app.getPath('userData'), 'recent-projects.json')),
  // Autosaves of this run go under this key; others are from runs that ended without closing.
  sessionKey: randomBytes(12).toString('base64url'),
  grantDataset: (path) => {
    if (engine.child) grantDatasetPath(engine.child, path);
  },
  // The limit the engine's own reader applies, so that what main lets through the engine opens.
  datasetLimits: datasetLimits(),
  onStateChange: ({ name, dirty }) => {
    if (mainWindow) showProjectState(mainWindow, name, dirty, process.platform);
    setCommandState({ hasProject: true });
  },
});

/** The menu, rebuilt with the recent projects (after each open and save). */
async function refreshMenu(): Promise<void> {
  const recent = await projects.recentProjects().catch(() => []);
  Menu.setApplicationMenu(
    buildMenu({
      platform: process.platform,
      appName: APP_NAME,
      isPackaged: app.isPackaged,
      state: commandState,
      run: command,
      recent,
      openRecent: (path) => void openFromShell(path),
    }),
  );
}

/** Marks a project open once a handler has opened one. */
function opens<T extends OpenedProject | null>(result: T): T {
  if (result) {
    setCommandState({ hasProject: true });
    void refreshMenu();
  }
  return result;
}

/** A save that wrote a file changes the recent list. */
function saved<T extends { path: string } | null>(result: T): T {
  if (result) void refreshMenu();
  return result;
}

const handlers: IpcHandlers = {
  'project:new': () => projects.newProject(),
  'project:open': async () => opens(await projects.open()),
  'project:open-path': async ({ path }) => opens(await projects.openPath(path)),
  'project:save': async (payload) => {
    const result = saved(await projects.save(payload));
    // The close that waited for this save goes ahead once the handler has answered.
    if (projects.takeCloseAfterSave()) setImmediate(() => mainWindow?.close());
    return result;
  },
  'project:save-as': async (payload) => saved(await projects.saveAs(payload)),
  'project:recent': () => projects.recentProjects(),
  'project:autosave': (payload) => projects.autosave(payload),
  'project:set-dirty': ({ dirty, title }) => projects.setDirty(dirty, title),
  'dataset:choose': () => projects.chooseDataset(),
  'dataset:check-path': ({ path }) => projects.checkDataset(path),
  'app:recovery-list': () => projects.recoveryList(),
  'app:recovery-restore': async ({ key }) => opens(await projects.recoveryRestore(key)),
  'app:recovery-discard': ({ key }) => projects.recoveryDiscard(key),
  // Main's own.
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

/** Asks the page to open a file (it first asks about its own unsaved changes). */
async function openFromShell(path: string): Promise<void> {
  const win = mainWindow;
  if (!win) {
    pendingPaths.push(path);
    return;
  }
  const request = openRequestSchema.safeParse({ path });
  if (!request.success) {
    console.error(`MLP Studio: cannot open ${path}: not an absolute path to a file`);
    return;
  }
  if (win.webContents.isLoading()) await new Promise<void>((done) => win.webContents.once('did-finish-load', () => done()));
  win.webContents.send(MAIN_EVENTS.openRequested, request.data);
}

function openWindow(): void {
  const win = createMainWindow({ preloadPath, url: devServerUrl ?? APP_INDEX_URL });
  mainWindow = win;
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  // Closing asks about unsaved changes first; 'save-then-close' closes from the save handler.
  let closing = false;
  win.on('close', (event) => {
    if (closing) return;
    event.preventDefault();
    void projects.decideClose().then(
      (decision) => {
        if (decision === 'close') {
          closing = true;
          win.close();
        } else if (decision === 'save-then-close') {
          win.webContents.send(MAIN_EVENTS.command, 'file.save' satisfies CommandId);
        }
      },
      (error: unknown) => console.error('MLP Studio: cannot ask about unsaved changes:', error),
    );
  });
  // Every page load (the first, a reload) gets its own channel to the running engine.
  win.webContents.on('did-finish-load', () => {
    if (engine.child) connectEngineToWindow(engine.child, win.webContents);
  });
  for (const path of pendingPaths.splice(0)) void openFromShell(path);
}

function superviseEngine(): void {
  engine.onStart((child) => {
    const contents = mainWindow?.webContents;
    if (contents && !contents.isLoading()) connectEngineToWindow(child, contents);
  });
  engine.onCrash((reason, restarting) => {
    console.error(`MLP Studio: the engine stopped (${reason})${restarting ? '; restarting it' : ''}`);
    setCommandState({ running: false });
    if (mainWindow) reportEngineStatus(mainWindow.webContents, { reason, restarting });
  });
  app.on('will-quit', () => engine.stop());
  engine.start();
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
    void refreshMenu();
    superviseEngine();
    openWindow();
  });
}

// A second launch hands its arguments to the first (the 'second-instance' event) and quits.
if (app.requestSingleInstanceLock()) start();
else app.quit();
