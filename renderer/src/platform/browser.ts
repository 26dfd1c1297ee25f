// The browser edition: the engine in a Web Worker (restarted if it dies), projects saved as
// downloads and opened from the file chooser, autosaves in IndexedDB, datasets read from the
// files the user picks.

import type { EngineClient } from '../../../shared/engine-host/client';
import type { DatasetSource } from '../../../shared/protocol/engine';
import { workerLink } from '../engine/links';
import { IdbRecovery } from './idb-recovery';
import { pickFiles, readBytes } from './pick-files';
import { downloadBytes, type Platform } from './platform';

const MAX_RESTARTS = 5;
const PROJECT_ACCEPT = '.mlpstudio,.json';
const nameWithoutExtension = (name: string) => name.replace(/\.[^.]+$/, '');

/** A worker that errors out is replaced, up to a limit, and the client hears why. */
function superviseWorker(client: EngineClient): void {
  let crashes = 0;
  const start = () => {
    const worker = new Worker(new URL('../engine/worker.ts', import.meta.url), { type: 'module', name: 'mlp-studio-engine' });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      worker.terminate();
      crashes++;
      const reason = event.message || 'the engine worker failed';
      const restarting = crashes <= MAX_RESTARTS;
      client.disconnect(restarting ? reason : `engine keeps crashing: ${crashes} crashes, the last because ${reason}`, restarting);
      if (restarting) start();
    });
    client.connect(workerLink(worker));
  };
  start();
}

/** Picked files as the engine's 'files' source: one table, or the IDX files of one folder. */
async function filesSource(files: File[]): Promise<DatasetSource> {
  if (files.length === 0) throw new Error('No files were chosen');
  // A folder pick: the folder's name is the dataset's (it tells Fashion-MNIST by name).
  const folder = files[0].webkitRelativePath.split('/')[0] || undefined;
  const idx = files.filter((f) => /idx\d-ubyte(\.gz)?$/i.test(f.name));
  const chosen = folder ? (idx.length > 0 ? idx : files) : files;
  if (chosen.length > 8) throw new Error(`${chosen.length} files chosen: choose one CSV/TSV file, or the IDX files of one dataset`);
  const read = await Promise.all(chosen.map(async (f) => ({ name: f.name, bytes: await readBytes(f) })));
  return { source: 'files', ...(folder ? { name: folder } : {}), files: read };
}

export function browserPlatform(): Platform {
  const sessionKey = crypto.randomUUID();
  const recovery = new IdbRecovery(sessionKey);
  const baseTitle = document.title || 'MLP Studio';
  return {
    kind: 'browser',
    connectEngine: superviseWorker,
    openProject: async () => {
      const [file] = await pickFiles({ accept: PROJECT_ACCEPT });
      if (!file) return null;
      return { name: nameWithoutExtension(file.name), path: null, file: await readBytes(file), fileName: file.name };
    },
    openProjectPath: () => Promise.reject(new Error('The browser edition opens projects through the file chooser')),
    saveProject: async (file, suggestedName) => {
      const fileName = `${suggestedName}.mlpstudio`;
      downloadBytes(file, fileName, 'application/octet-stream');
      await recovery.discard(sessionKey).catch(() => undefined);
      return { name: suggestedName, path: null };
    },
    newProject: () => recovery.discard(sessionKey).catch(() => undefined),
    autosave: (file, name) => recovery.save(file, name),
    setDirty: async (title, dirty) => {
      document.title = title ? `${dirty ? '● ' : ''}${title} — ${baseTitle}` : baseTitle;
      if (!dirty) await recovery.discard(sessionKey).catch(() => undefined);
    },
    listRecovery: () => recovery.list().catch(() => []),
    restoreRecovery: (key) => recovery.load(key),
    discardRecovery: (key) => recovery.discard(key),
    chooseDataset: async (what) => {
      const files = await pickFiles(
        what === 'folder' ? { folder: true } : { multiple: true, accept: '.csv,.tsv,.txt,.gz,.idx,.idx1-ubyte,.idx3-ubyte' },
      );
      return files.length === 0 ? null : filesSource(files);
    },
    datasetFromFiles: filesSource,
    datasetFromPath: (path) => Promise.reject(new Error(`The browser edition cannot read ${path} by its path: open the dataset's files again`)),
    projectPathOf: () => null,
    onCommand: () => () => {},
    onOpenRequest: () => () => {},
    download: downloadBytes,
  };
}
