// Checklist 20, do not expose Electron APIs to untrusted web content: the preload exposes
// `window.studio` with exactly the named functions, each a plain invoke of its channel; events
// reach the page as values, never as IPC events; the engine port goes through window.postMessage.

import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_IDS } from '../../shared/commands';
import {
  ENGINE_PORT_MESSAGE,
  IPC_CHANNEL_NAMES,
  MAIN_EVENTS,
  STUDIO_EXTRA_FUNCTIONS,
  STUDIO_METHODS,
  type StudioApi,
} from '../../shared/protocol/ipc';
import { contextBridge, exposed, ipcRenderer, webUtils } from './electron-stub';

vi.mock('electron', () => import('./electron-stub'));

const postMessage = vi.fn();
let studio: StudioApi;

beforeAll(async () => {
  vi.stubGlobal('window', { postMessage, location: { origin: 'app://studio' } });
  await import('../../main/preload');
  studio = exposed['studio'] as StudioApi;
});

beforeEach(() => {
  ipcRenderer.invoke.mockClear();
  postMessage.mockClear();
});

describe('checklist 20: the preload exposes only the named functions', () => {
  it('exposes one object, as window.studio', () => {
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(Object.keys(exposed)).toEqual(['studio']);
  });

  it('has exactly one function per channel plus onCommand, onOpenRequest, onEngineStatus and getPathForFile', () => {
    const expected = [...Object.keys(STUDIO_METHODS), ...STUDIO_EXTRA_FUNCTIONS].sort();
    expect(Object.keys(studio).sort()).toEqual(expected);
    for (const value of Object.values(studio)) expect(typeof value).toBe('function');
    // Every channel has its method, and no method is left over.
    expect(Object.values(STUDIO_METHODS).sort()).toEqual([...IPC_CHANNEL_NAMES].sort());
  });

  it('exposes nothing that is ipcRenderer or one of its methods', () => {
    const electronThings = new Set<unknown>([ipcRenderer, ipcRenderer.invoke, ipcRenderer.send, ipcRenderer.on, ipcRenderer.sendSync, ipcRenderer.postMessage]);
    for (const [name, value] of Object.entries(studio)) {
      expect(electronThings.has(value), name).toBe(false);
      expect(Object.keys(value as object), name).toEqual([]);
    }
    expect(electronThings.has(studio)).toBe(false);
  });

  it('each function invokes its own channel with the one payload given', async () => {
    await studio.openProjectPath({ path: '/home/u/iris.mlpstudio' });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith('project:open-path', { path: '/home/u/iris.mlpstudio' });
    await studio.newProject();
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith('project:new');
    await studio.invokeCommand({ id: 'train.start' });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith('command:invoke', { id: 'train.start' });
    for (const [method, channel] of Object.entries(STUDIO_METHODS)) {
      await (studio[method as keyof typeof STUDIO_METHODS] as (p?: unknown) => Promise<unknown>)({ probe: method });
      expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(channel, { probe: method });
    }
  });

  it('getPathForFile goes through webUtils', () => {
    const file = { name: 'iris.csv', size: 10 };
    expect(studio.getPathForFile(file)).toBe('/data/dropped.csv');
    expect(webUtils.getPathForFile).toHaveBeenCalledWith(file);
  });
});

describe('events from main reach the page as values', () => {
  it('onCommand passes the command id only, drops unknown ids, and unsubscribes', () => {
    const seen: unknown[][] = [];
    const stop = studio.onCommand((...args) => seen.push(args));
    ipcRenderer.emit(MAIN_EVENTS.command, { sender: ipcRenderer, ports: [] }, COMMAND_IDS[0]);
    ipcRenderer.emit(MAIN_EVENTS.command, { sender: ipcRenderer, ports: [] }, 'rm -rf');
    stop();
    ipcRenderer.emit(MAIN_EVENTS.command, { sender: ipcRenderer, ports: [] }, COMMAND_IDS[0]);
    expect(seen).toEqual([[COMMAND_IDS[0]]]);
  });

  it('onOpenRequest passes a request that matches the contract, and nothing else', () => {
    const seen: unknown[][] = [];
    const stop = studio.onOpenRequest((...args) => seen.push(args));
    const request = { path: '/p/iris.mlpstudio' };
    ipcRenderer.emit(MAIN_EVENTS.openRequested, { sender: ipcRenderer }, request);
    ipcRenderer.emit(MAIN_EVENTS.openRequested, { sender: ipcRenderer }, { path: 'relative' });
    ipcRenderer.emit(MAIN_EVENTS.openRequested, { sender: ipcRenderer }, { path: '/p/x.mlpstudio', file: new Uint8Array(1) });
    stop();
    expect(seen).toEqual([[request]]);
  });

  it('onEngineStatus passes a crash report that matches the contract, and nothing else', () => {
    const seen: unknown[][] = [];
    const stop = studio.onEngineStatus((...args) => seen.push(args));
    ipcRenderer.emit(MAIN_EVENTS.engineStatus, { sender: ipcRenderer }, { reason: 'exited with code 9', restarting: true });
    ipcRenderer.emit(MAIN_EVENTS.engineStatus, { sender: ipcRenderer }, { reason: 42, restarting: true });
    stop();
    ipcRenderer.emit(MAIN_EVENTS.engineStatus, { sender: ipcRenderer }, { reason: 'late', restarting: false });
    expect(seen).toEqual([[{ reason: 'exited with code 9', restarting: true }]]);
  });

  it('the engine port is posted to the page’s own origin, without the IPC event', () => {
    const port = { postMessage: vi.fn() };
    ipcRenderer.emit(MAIN_EVENTS.enginePort, { sender: ipcRenderer, ports: [port] });
    expect(postMessage).toHaveBeenCalledWith({ type: ENGINE_PORT_MESSAGE }, 'app://studio', [port]);
    ipcRenderer.emit(MAIN_EVENTS.enginePort, { sender: ipcRenderer, ports: [] });
    expect(postMessage).toHaveBeenCalledTimes(1);
  });
});
