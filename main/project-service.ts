// The project side of main's IPC handlers: which file the window's project lives in, opening and
// saving it (main alone names the paths it writes), autosaves for crash recovery, the recent
// list, dataset paths checked and granted to the engine, and the unsaved-changes question at
// close. Dialogs and the engine come in as functions, so all of it is tested without Electron.

import { basename, extname } from 'node:path';
import { decodeProjectFile, encodeProjectFile, type ProjectDocument } from '../shared/project/container';
import type { IpcParsedPayload, IpcResult, OpenedProject } from '../shared/protocol/ipc';
import type { DataLimits } from '../shared/engine/datasets/errors';
import { checkDatasetPath } from './dataset-check';
import { openProject, saveProjectFile, type RecentProjects, type RecoveryStore } from './project-store';

export type UnsavedAnswer = 'save' | 'discard' | 'cancel';

export interface ProjectDialogs {
  /** The project file to open, or null when cancelled. */
  openProject(): Promise<string | null>;
  /** Where to save, or null when cancelled; `suggested` is a file name. */
  saveProject(suggested: string): Promise<string | null>;
  /** A dataset file (an IDX file stands for its folder), or null when cancelled. */
  chooseDataset(): Promise<string | null>;
  /** Save / Don't Save / Cancel for a project with unsaved changes. */
  confirmUnsaved(projectName: string): Promise<UnsavedAnswer>;
}

export interface ProjectServiceOptions {
  dialogs: ProjectDialogs;
  recovery: RecoveryStore;
  recent: RecentProjects;
  /** This run's autosave key: autosaves under other keys are from earlier sessions. */
  sessionKey: string;
  /** Lets the engine read a dataset path main checked. */
  grantDataset(path: string): void;
  datasetLimits: DataLimits;
  /** The window's title and unsaved state changed. */
  onStateChange?(state: { name: string | null; dirty: boolean }): void;
}

/** What closing the window should do. */
export type CloseDecision = 'close' | 'keep-open' | 'save-then-close';

export const PROJECT_EXTENSION = '.mlpstudio';

/** A project file's name without its extension. */
const nameOfPath = (path: string) => basename(path, extname(path));

export class ProjectService {
  /** The file Save writes to; null until the project was opened from or saved to one. */
  private path: string | null = null;
  private name: string | null = null;
  private dirty = false;
  private closeAfterSave = false;
  /** Recovered autosaves of earlier sessions whose content the window now holds. */
  private readonly restored = new Set<string>();

  constructor(private readonly options: ProjectServiceOptions) {}

  get hasUnsavedChanges(): boolean {
    return this.dirty;
  }

  async newProject(): Promise<void> {
    await this.forgetAutosaves();
    this.path = null;
    this.name = null;
    this.setState(null, false);
  }

  async open(): Promise<OpenedProject | null> {
    const path = await this.options.dialogs.openProject();
    return path === null ? null : this.openPath(path);
  }

  /**
   * Opens a file (a dialog, a drop, the command line) whatever its name: its content says whether
   * it is a project. Errors name the file, read as the CLI's do, and change nothing.
   */
  async openPath(path: string): Promise<OpenedProject> {
    const { document: doc, format } = await openProject(path);
    await this.forgetAutosaves();
    // A plain JSON project is an import: saving writes a project file, never over the JSON.
    this.path = format === 'mlpstudio' ? path : null;
    this.setState(doc.project.name, false);
    await this.options.recent.add(path).catch(() => undefined);
    return this.opened(doc, this.path);
  }

  save({ file }: IpcParsedPayload<'project:save'>): Promise<IpcResult<'project:save'>> {
    return this.saveTo(file, this.path);
  }

  saveAs({ file }: IpcParsedPayload<'project:save-as'>): Promise<IpcResult<'project:save-as'>> {
    return this.saveTo(file, null);
  }

  private async saveTo(file: Uint8Array, path: string | null): Promise<IpcResult<'project:save'>> {
    try {
      const doc = decodeProjectFile(file, 'the project to save');
      const target = path ?? (await this.options.dialogs.saveProject(`${safeFileName(doc.project.name)}${PROJECT_EXTENSION}`));
      if (target === null) {
        this.closeAfterSave = false;
        return null;
      }
      await saveProjectFile(target, doc);
      this.path = target;
      this.setState(doc.project.name, false);
      await this.forgetAutosaves();
      await this.options.recent.add(target).catch(() => undefined);
      return { path: target, name: nameOfPath(target) };
    } catch (e) {
      this.closeAfterSave = false;
      throw e;
    }
  }

  /** True once, after the save that a close was waiting for. */
  takeCloseAfterSave(): boolean {
    const close = this.closeAfterSave && !this.dirty;
    this.closeAfterSave = false;
    return close;
  }

  async autosave({ file }: IpcParsedPayload<'project:autosave'>): Promise<void> {
    const doc = decodeProjectFile(file, 'the project to autosave');
    await this.options.recovery.save(this.options.sessionKey, doc, this.path ? { path: this.path } : {});
  }

  async setDirty(dirty: boolean, title: string): Promise<void> {
    this.setState(title, dirty);
    // Nothing unsaved: there is nothing to recover either.
    if (!dirty) await this.forgetAutosaves();
  }

  async recentProjects(): Promise<IpcResult<'project:recent'>> {
    const paths = await this.options.recent.list();
    return paths.map((path) => ({ path, name: nameOfPath(path).slice(0, 200) }));
  }

  async recoveryList(): Promise<IpcResult<'app:recovery-list'>> {
    const entries = await this.options.recovery.list();
    return entries
      .filter((e) => e.key !== this.options.sessionKey && /^[A-Za-z0-9_-]{1,64}$/.test(e.key))
      .map((e) => ({ key: e.key, name: e.name.slice(0, 200), path: e.path ?? null, savedAt: Math.max(0, Date.parse(e.savedAt) || 0) }));
  }

  /** The autosave goes on existing until the restored project is saved or put away. */
  async recoveryRestore(key: string): Promise<OpenedProject> {
    const entry = (await this.options.recovery.list()).find((e) => e.key === key);
    const doc = await this.options.recovery.load(key);
    await this.forgetAutosaves();
    this.restored.add(key);
    this.path = entry?.path ?? null;
    this.setState(doc.project.name, true);
    return this.opened(doc, this.path);
  }

  async recoveryDiscard(key: string): Promise<void> {
    if (key === this.options.sessionKey) return;
    await this.options.recovery.discard(key);
    this.restored.delete(key);
  }

  async chooseDataset(): Promise<IpcResult<'dataset:choose'>> {
    const path = await this.options.dialogs.chooseDataset();
    if (path === null) return null;
    const check = await this.checkDataset(path);
    if (!check.ok) throw new Error(check.reason);
    return check.dataset;
  }

  /** Checks kind and size; a path that passes may be read by the engine. */
  async checkDataset(path: string): Promise<IpcResult<'dataset:check-path'>> {
    const check = await checkDatasetPath(path, this.options.datasetLimits);
    if (check.ok) this.options.grantDataset(check.dataset.path);
    return check;
  }

  /** Closing the window: ask about unsaved changes; a clean close leaves no autosave behind. */
  async decideClose(): Promise<CloseDecision> {
    if (!this.dirty) {
      await this.forgetAutosaves();
      return 'close';
    }
    const answer = await this.options.dialogs.confirmUnsaved(this.name ?? 'Untitled');
    if (answer === 'cancel') return 'keep-open';
    if (answer === 'save') {
      this.closeAfterSave = true;
      return 'save-then-close';
    }
    this.dirty = false;
    await this.forgetAutosaves();
    return 'close';
  }

  private opened(doc: ProjectDocument, path: string | null): OpenedProject {
    // Re-encoded: the window gets the current format version whatever version was on disk.
    return { path, name: doc.project.name.slice(0, 200), file: encodeProjectFile(doc) };
  }

  private setState(name: string | null, dirty: boolean): void {
    this.name = name;
    this.dirty = dirty;
    this.options.onStateChange?.({ name, dirty });
  }

  private async forgetAutosaves(): Promise<void> {
    const keys = [this.options.sessionKey, ...this.restored];
    this.restored.clear();
    await Promise.all(keys.map((k) => this.options.recovery.discard(k).catch(() => undefined)));
  }
}

/** A project's name as a file name: no path separators or characters Windows forbids. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 120);
  return cleaned || 'Untitled';
}
