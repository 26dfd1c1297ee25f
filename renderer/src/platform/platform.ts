// What differs between the desktop app and the browser edition, behind one interface: where the
// engine runs, how project files are opened and saved, where autosaves go, and how dataset files
// reach the engine. Everything else in the window is the same code.

import type { EngineClient } from '../../../shared/engine-host/client';
import type { CommandId } from '../../../shared/commands';
import type { DatasetSource } from '../../../shared/protocol/engine';

export interface OpenedFile {
  /** The project's name as the file gives it. */
  name: string;
  /** Where it lives (desktop); null in the browser or for a recovered project never saved. */
  path: string | null;
  file: Uint8Array;
  /** The file's own name where there is no path (a browser's chosen file): what messages about it name. */
  fileName?: string;
}

export interface SavedFile {
  name: string;
  path: string | null;
}

export interface RecoveryEntry {
  key: string;
  name: string;
  savedAt: number;
}

export interface Platform {
  readonly kind: 'desktop' | 'browser';
  /** Connects the engine to the client now and again after every engine restart. */
  connectEngine(client: EngineClient): void;
  /** Null when the user cancelled. */
  openProject(): Promise<OpenedFile | null>;
  /** A project file named from outside (a drop, Open Recent, the command line): desktop only. */
  openProjectPath(path: string): Promise<OpenedFile>;
  saveProject(file: Uint8Array, suggestedName: string, saveAs: boolean): Promise<SavedFile | null>;
  /** The window started a new project: the old file and autosave are forgotten. */
  newProject(): Promise<void>;
  autosave(file: Uint8Array, name: string): Promise<void>;
  /** The title and unsaved state, for the title bar (desktop) or the tab (browser). */
  setDirty(title: string, dirty: boolean): Promise<void>;
  listRecovery(): Promise<RecoveryEntry[]>;
  restoreRecovery(key: string): Promise<OpenedFile>;
  discardRecovery(key: string): Promise<void>;
  /** A dataset through the platform's picker (a table file, or a folder of IDX files); null when cancelled. */
  chooseDataset(what: 'file' | 'folder'): Promise<DatasetSource | null>;
  /** Dropped files as a dataset source (desktop: checked by main; browser: read into memory). */
  datasetFromFiles(files: File[]): Promise<DatasetSource>;
  /**
   * A dataset path a project names, made readable (desktop: main checks it and lets the engine
   * read it); the browser cannot reach paths and throws, so the user picks the files again.
   */
  datasetFromPath(path: string): Promise<DatasetSource>;
  /** Project files dropped on the window, if any is one (desktop: its path). */
  projectPathOf(file: File): string | null;
  onCommand(callback: (id: CommandId) => void): () => void;
  /** Desktop: main asks the page to open a file (after the page asks about unsaved changes). */
  onOpenRequest(callback: (path: string) => void): () => void;
  /** Hands a file to the user: a download in both editions. */
  download(bytes: Uint8Array | string, fileName: string, mime: string): void;
}

/** Hands a file to the user as a download: an object URL on a temporary <a download>. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some engines; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function downloadBytes(bytes: Uint8Array | string, fileName: string, mime: string): void {
  downloadBlob(new Blob([typeof bytes === 'string' ? bytes : (bytes as Uint8Array<ArrayBuffer>)], { type: mime }), fileName);
}

/** The desktop preload exposes window.studio; the browser has none. */
export async function currentPlatform(): Promise<Platform> {
  const studio = (window as unknown as { studio?: unknown }).studio;
  if (studio) {
    const { desktopPlatform } = await import('./desktop');
    return desktopPlatform(studio as import('../../../shared/protocol/ipc').StudioApi);
  }
  const { browserPlatform } = await import('./browser');
  return browserPlatform();
}
