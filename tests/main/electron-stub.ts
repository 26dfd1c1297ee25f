// A stand-in for the 'electron' module (its runtime is not installed here, and tests run in Node):
// each API records what main and the preload register, so tests can fire events and call handlers.
// Use it with: vi.mock('electron', () => import('./electron-stub'));

import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';

/** A WebFrameMain: its URL, and its parent (null for a top frame). */
export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

export function fakeFrame(url: string, parent: FakeFrame | null = null): FakeFrame {
  return { url, parent };
}

/** An Electron event: preventDefault is a spy, and extra fields (url, ...) ride along. */
export function fakeEvent<T extends object>(fields?: T): { preventDefault: ReturnType<typeof vi.fn>; defaultPrevented: () => boolean } & T {
  let prevented = false;
  return {
    preventDefault: vi.fn(() => {
      prevented = true;
    }),
    defaultPrevented: () => prevented,
    ...(fields as T),
  };
}

let nextId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  readonly setWindowOpenHandler = vi.fn((handler: (details: { url: string }) => { action: string }) => {
    this.windowOpenHandler = handler;
  });
  readonly send = vi.fn();
  readonly postMessage = vi.fn();
  readonly isLoading = vi.fn(() => false);
  readonly undo = vi.fn();
  readonly redo = vi.fn();
  readonly cut = vi.fn();
  readonly copy = vi.fn();
  readonly paste = vi.fn();
  readonly selectAll = vi.fn();
  readonly getZoomLevel = vi.fn(() => 0);
  readonly setZoomLevel = vi.fn();
  readonly toggleDevTools = vi.fn();
}

export class BrowserWindow extends EventEmitter {
  static readonly instances: BrowserWindow[] = [];
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.instances;
  }
  readonly webContents = new FakeWebContents();
  readonly loadURL = vi.fn(async (_url: string) => undefined);
  readonly setTitle = vi.fn();
  readonly setDocumentEdited = vi.fn();
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  readonly isMinimized = vi.fn(() => false);
  readonly isFullScreen = vi.fn(() => false);
  readonly setFullScreen = vi.fn();
  /** close() emits 'close' (which main may prevent) and, unless prevented, 'closed'. */
  readonly close = vi.fn(() => {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) {
      this.destroyed = true;
      this.emit('closed');
    }
  });
  destroyed = false;
  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    BrowserWindow.instances.push(this);
  }
}

interface TemplateItem {
  id?: string;
  enabled?: boolean;
  submenu?: TemplateItem[];
  [key: string]: unknown;
}

function findItem(items: TemplateItem[], id: string): TemplateItem | null {
  for (const item of items) {
    if (item.id === id) return item;
    const inner = item.submenu ? findItem(item.submenu, id) : null;
    if (inner) return inner;
  }
  return null;
}

/** A built menu keeps its template; getMenuItemById returns the template item itself. */
export class FakeMenu {
  constructor(readonly template: TemplateItem[]) {}
  getMenuItemById(id: string): TemplateItem | null {
    return findItem(this.template, id);
  }
}

let applicationMenu: FakeMenu | null = null;
export const Menu = {
  buildFromTemplate: vi.fn((template: TemplateItem[]) => new FakeMenu(template)),
  setApplicationMenu: vi.fn((menu: FakeMenu | null) => {
    applicationMenu = menu;
  }),
  getApplicationMenu: vi.fn(() => applicationMenu),
};

type Listener = (...args: unknown[]) => unknown;

/** ipcMain: handle() records each channel's handler; call them with invokeHandler. */
export const ipcMainHandlers = new Map<string, Listener>();
export const ipcMain = {
  handle: vi.fn((channel: string, handler: Listener) => {
    if (ipcMainHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcMainHandlers.set(channel, handler);
  }),
  removeHandler: vi.fn((channel: string) => ipcMainHandlers.delete(channel)),
};

export async function invokeHandler(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
  const handler = ipcMainHandlers.get(channel);
  if (!handler) throw new Error(`No handler for '${channel}'`);
  return handler(event, ...args);
}

/** ipcRenderer: events main sends arrive through emit(channel, event, ...args). */
class FakeIpcRenderer extends EventEmitter {
  readonly invoke = vi.fn(async (_channel: string, ..._args: unknown[]): Promise<unknown> => undefined);
  readonly send = vi.fn();
  readonly sendSync = vi.fn();
  readonly postMessage = vi.fn();
}
export const ipcRenderer = new FakeIpcRenderer();

/** contextBridge: what the preload exposes, by key. */
export const exposed: Record<string, unknown> = {};
export const contextBridge = {
  exposeInMainWorld: vi.fn((key: string, api: unknown) => {
    exposed[key] = api;
  }),
};

export const webUtils = { getPathForFile: vi.fn((_file: unknown) => '/data/dropped.csv') };

export const shell = { openExternal: vi.fn(async (_url: string) => undefined) };

export class FakeSession {
  headersListener: Listener | undefined;
  permissionRequestHandler: Listener | undefined;
  permissionCheckHandler: Listener | undefined;
  devicePermissionHandler: Listener | undefined;
  readonly webRequest = {
    onHeadersReceived: vi.fn((listener: Listener) => {
      this.headersListener = listener;
    }),
  };
  readonly setPermissionRequestHandler = vi.fn((handler: Listener) => {
    this.permissionRequestHandler = handler;
  });
  readonly setPermissionCheckHandler = vi.fn((handler: Listener) => {
    this.permissionCheckHandler = handler;
  });
  readonly setDevicePermissionHandler = vi.fn((handler: Listener) => {
    this.devicePermissionHandler = handler;
  });
}
export const session = { defaultSession: new FakeSession() };

export const protocolHandlers = new Map<string, (request: Request) => Promise<Response> | Response>();
export const protocol = {
  registerSchemesAsPrivileged: vi.fn(),
  handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response> | Response) => {
    protocolHandlers.set(scheme, handler);
  }),
};

/** net.fetch answers file:// URLs with the URL itself as the body. */
export const net = {
  fetch: vi.fn(async (url: string) => new Response(`contents of ${url}`, { headers: { 'Content-Type': 'text/html' } })),
};

export const nativeTheme = { themeSource: 'light' as 'system' | 'light' | 'dark', shouldUseDarkColors: true };

let resolveReady: () => void = () => undefined;
let readyPromise = newReadyPromise();
function newReadyPromise(): Promise<void> {
  return new Promise<void>((resolve) => {
    resolveReady = resolve;
  });
}

/** userData and the like: a fresh temporary folder per reset. */
let appPaths = mkdtempSync(join(tmpdir(), 'mlp-studio-stub-'));

class FakeApp extends EventEmitter {
  isPackaged = false;
  readonly getPath = vi.fn((name: string) => join(appPaths, name));
  ready = false;
  readonly requestSingleInstanceLock = vi.fn(() => true);
  readonly quit = vi.fn();
  readonly showAboutPanel = vi.fn();
  readonly isReady = vi.fn(() => this.ready);
  readonly whenReady = vi.fn(() => readyPromise);
}
export const app = new FakeApp();

/** Fires 'ready': whenReady() resolves and its callbacks run. */
export async function makeAppReady(): Promise<void> {
  app.ready = true;
  resolveReady();
  await readyPromise;
  await new Promise((resolve) => setTimeout(resolve, 0));
}

export const dialog = { showOpenDialog: vi.fn(), showSaveDialog: vi.fn(), showMessageBox: vi.fn() };

/** A MessagePortMain end; `peer` is the other end of its channel. */
export class FakeMessagePortMain extends EventEmitter {
  peer: FakeMessagePortMain | null = null;
  readonly postMessage = vi.fn();
  readonly start = vi.fn();
  readonly close = vi.fn();
}
export class MessageChannelMain {
  readonly port1 = new FakeMessagePortMain();
  readonly port2 = new FakeMessagePortMain();
  constructor() {
    this.port1.peer = this.port2;
    this.port2.peer = this.port1;
  }
}

/** A utility process: records the messages main posts; emit('exit', code) ends it. */
export class FakeUtilityProcess extends EventEmitter {
  static readonly instances: FakeUtilityProcess[] = [];
  readonly postMessage = vi.fn();
  readonly kill = vi.fn(() => true);
  constructor(
    readonly modulePath: string,
    readonly options: Record<string, unknown>,
  ) {
    super();
    FakeUtilityProcess.instances.push(this);
  }
}
export const utilityProcess = {
  fork: vi.fn((modulePath: string, _args: string[] = [], options: Record<string, unknown> = {}) => new FakeUtilityProcess(modulePath, options)),
};

/**
 * Back to a just-launched runtime: no windows, handlers, listeners or recorded calls, not ready.
 * For tests that load main/index.ts more than once: vi.resetModules keeps the mocked module.
 */
export function resetElectronStub(): void {
  vi.clearAllMocks();
  BrowserWindow.instances.length = 0;
  FakeUtilityProcess.instances.length = 0;
  appPaths = mkdtempSync(join(tmpdir(), 'mlp-studio-stub-'));
  ipcMainHandlers.clear();
  protocolHandlers.clear();
  for (const key of Object.keys(exposed)) delete exposed[key];
  ipcRenderer.removeAllListeners();
  app.removeAllListeners();
  app.ready = false;
  app.isPackaged = false;
  app.requestSingleInstanceLock.mockReturnValue(true);
  applicationMenu = null;
  session.defaultSession = new FakeSession();
  nativeTheme.themeSource = 'light';
  nativeTheme.shouldUseDarkColors = true;
  readyPromise = newReadyPromise();
}

export default {
  app, BrowserWindow, Menu, ipcMain, ipcRenderer, contextBridge, webUtils, shell, session, protocol, net,
  nativeTheme, dialog, utilityProcess, MessageChannelMain,
};
