// The preload: exposes `window.studio`, one function per IPC channel plus onCommand,
// onOpenRequest, onEngineStatus and getPathForFile, and hands the engine's MessagePort to the page. It never
// exposes ipcRenderer or an IPC event: the page gets plain values, never Electron objects.

import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { isCommandId, type CommandId } from '../shared/commands';
import {
  ENGINE_PORT_MESSAGE,
  MAIN_EVENTS,
  STUDIO_METHODS,
  engineStatusSchema,
  openRequestSchema,
  type EngineStatus,
  type FileLike,
  type OpenRequest,
  type StudioApi,
  type StudioMethod,
} from '../shared/protocol/ipc';

// The preload runs in the page's isolated world; the root tsconfig has no DOM types, so just
// what is used here is declared.
declare const window: {
  postMessage(message: unknown, targetOrigin: string, transfer?: unknown[]): void;
  readonly location: { readonly origin: string };
};

function invoker(channel: string): (payload?: unknown) => Promise<unknown> {
  // Main validates every payload; an absent one is sent as no argument at all.
  return (payload?: unknown) =>
    payload === undefined ? ipcRenderer.invoke(channel) : ipcRenderer.invoke(channel, payload);
}

function subscribe<T>(channel: string, accept: (value: unknown) => value is T, callback: (value: T) => void): () => void {
  const listener = (_event: unknown, value: unknown): void => {
    if (accept(value)) callback(value);
  };
  ipcRenderer.on(channel, listener);
  return () => {
    ipcRenderer.removeListener(channel, listener);
  };
}

// The receiving side checks what it receives, main's events included.
const isOpenRequest = (value: unknown): value is OpenRequest => openRequestSchema.safeParse(value).success;
const isEngineStatus = (value: unknown): value is EngineStatus => engineStatusSchema.safeParse(value).success;

const methods = Object.fromEntries(
  (Object.keys(STUDIO_METHODS) as StudioMethod[]).map((name) => [name, invoker(STUDIO_METHODS[name])]),
);

const api = {
  ...methods,
  onCommand: (callback: (id: CommandId) => void) => subscribe(MAIN_EVENTS.command, isCommandId, callback),
  onOpenRequest: (callback: (request: OpenRequest) => void) => subscribe(MAIN_EVENTS.openRequested, isOpenRequest, callback),
  onEngineStatus: (callback: (status: EngineStatus) => void) => subscribe(MAIN_EVENTS.engineStatus, isEngineStatus, callback),
  getPathForFile: (file: FileLike) => webUtils.getPathForFile(file as File),
} as StudioApi;

contextBridge.exposeInMainWorld('studio', api);

// The engine's port cannot cross contextBridge; it goes to the page as a window message to the
// page's own origin. The page listens from its first script, before the load that main waits for.
ipcRenderer.on(MAIN_EVENTS.enginePort, (event) => {
  const [port] = event.ports;
  if (port) window.postMessage({ type: ENGINE_PORT_MESSAGE }, window.location.origin, [port]);
});
