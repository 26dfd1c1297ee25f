// The desktop app: window.studio (main/preload.ts) for files and dialogs, and the engine's
// MessagePort that main posts to the page at each engine start.

import type { EngineClient } from '../../../shared/engine-host/client';
import { ENGINE_PORT_MESSAGE, type StudioApi } from '../../../shared/protocol/ipc';
import { portLink } from '../engine/links';
import { downloadBytes, type Platform } from './platform';

/** Electron prefixes errors from main: "Error invoking remote method 'x': Error: message". */
function plain<T>(promise: Promise<T>): Promise<T> {
  return promise.catch((e: unknown) => {
    const message = e instanceof Error ? e.message : String(e);
    throw new Error(message.replace(/^Error invoking remote method '[^']+': (\w*Error: )?/, ''));
  });
}

export function desktopPlatform(studio: StudioApi): Platform {
  /** Main checks the path (type, size) and lets the engine read it. */
  const datasetFromPath = async (path: string) => {
    const check = await plain(studio.checkDatasetPath({ path }));
    if (!check.ok) throw new Error(check.reason);
    return { source: 'file' as const, path: check.dataset.path };
  };
  return {
    kind: 'desktop',
    connectEngine(client: EngineClient) {
      window.addEventListener('message', (event) => {
        // Only the preload posts this, to the page's own origin, with the port attached.
        if (event.source !== window || event.origin !== window.location.origin) return;
        if ((event.data as { type?: unknown } | null)?.type !== ENGINE_PORT_MESSAGE || !event.ports[0]) return;
        client.connect(portLink(event.ports[0]));
      });
      studio.onEngineStatus(({ reason, restarting }) => client.disconnect(reason, restarting));
    },
    openProject: () => plain(studio.openProject()),
    openProjectPath: (path) => plain(studio.openProjectPath({ path })),
    saveProject: async (file, _name, saveAs) => {
      const saved = await plain(saveAs ? studio.saveProjectAs({ file }) : studio.saveProject({ file }));
      return saved ? { name: saved.name, path: saved.path } : null;
    },
    newProject: () => plain(studio.newProject()),
    autosave: (file) => plain(studio.autosaveProject({ file })),
    setDirty: (title, dirty) => plain(studio.setDirty({ title: title.slice(0, 200), dirty })),
    listRecovery: async () => (await plain(studio.listRecovery())).map((e) => ({ key: e.key, name: e.name, savedAt: e.savedAt })),
    restoreRecovery: (key) => plain(studio.restoreRecovery({ key })),
    discardRecovery: (key) => plain(studio.discardRecovery({ key })),
    // Main's one dialog serves both: an IDX file stands for its folder.
    chooseDataset: async () => {
      const chosen = await plain(studio.chooseDataset());
      return chosen ? { source: 'file', path: chosen.path } : null;
    },
    datasetFromFiles: (files) => {
      // A folder or a file dropped: its path, checked by main like any other.
      const path = files.length > 0 ? studio.getPathForFile(files[0]) : '';
      return path ? datasetFromPath(path) : Promise.reject(new Error('The dropped item is not a file on disk'));
    },
    datasetFromPath,
    projectPathOf: (file) => {
      const path = studio.getPathForFile(file);
      return /\.(mlpstudio|json)$/i.test(path) ? path : null;
    },
    onCommand: (callback) => studio.onCommand(callback),
    onOpenRequest: (callback) => studio.onOpenRequest(({ path }) => callback(path)),
    download: downloadBytes,
  };
}
