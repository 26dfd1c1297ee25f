// Project files on disk: atomic saves, opening with one-line errors, the crash-recovery
// autosaves and the recent-projects list. Node only (no Electron), so it is tested as is.

import { createHash } from 'node:crypto';
import { mkdir, readdir, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../shared/node/atomic-write';
import { errnoCode, FileError, fileError as describeFileError, FileRefusal, type FileAction } from '../shared/node/fs-errors';
import { readProjectFile, type ProjectFileFormat } from '../shared/node/project-file';
import { readRegularFile } from '../shared/node/regular-file';
import { decodeProjectFile, decodeProjectFileMetadata, encodeProjectFile, MAX_PROJECT_FILE_BYTES, type ProjectDocument } from '../shared/project/container';
import { ProjectError } from '../shared/project/parse';

/** An I/O problem with a project file, in one line naming the path; `code` is Node's (ENOENT, ...). */
export class ProjectFileError extends FileError {
  override readonly name = 'ProjectFileError';
}

export { MAX_PROJECT_FILE_BYTES };

/** Every file failure of this module is a ProjectFileError, whichever helper worded it. */
const asProjectFileError = (e: FileError) => new ProjectFileError(e.message, e.code, { cause: e.cause });
const fileError = (action: FileAction, path: string, e: unknown) => asProjectFileError(describeFileError(action, path, e));
const rethrow = (e: unknown): never => {
  throw e instanceof FileError ? asProjectFileError(e) : e;
};

async function saveAtomically(path: string, data: string | Uint8Array): Promise<void> {
  await writeFileAtomic(path, data).catch(rethrow);
}

// ---------------------------------------------------------------------------------------------
// Project files

/** Saves atomically: the file holds the old project or the new one whatever happens. */
export async function saveProjectFile(path: string, doc: ProjectDocument): Promise<void> {
  await saveAtomically(path, encodeProjectFile(doc));
}

/**
 * Opens a project file, MLP Studio's .mlpstudio or a JSON project, told apart by content (the
 * CLI reads them alike, shared/node/project-file.ts). The path is checked before it is opened (a
 * named pipe would block main forever) and the size before it is read. Errors are one line
 * naming the path: ProjectFileError for the file, ProjectError for its content.
 */
export async function openProject(path: string): Promise<{ document: ProjectDocument; format: ProjectFileFormat }> {
  return readProjectFile(path).catch(rethrow);
}

export async function openProjectFile(path: string): Promise<ProjectDocument> {
  return (await openProject(path)).document;
}

/** A file of main's own (an autosave, the recent list), read with the same care as a user's: a pipe planted there must not hang the start-up. */
async function readOwnFile(path: string, maxBytes: number): Promise<Uint8Array> {
  const checkSize = (size: number) => {
    if (size > maxBytes) throw new FileRefusal(path, `is ${size} bytes, more than the ${maxBytes} expected of it`, 'EFBIG');
  };
  return readRegularFile(path, { what: 'a file', checkSize }).catch(rethrow);
}

// ---------------------------------------------------------------------------------------------
// Crash recovery

export interface RecoveryEntry {
  key: string;
  /** ISO 8601. */
  savedAt: string;
  /** The project's name. */
  name: string;
  /** Where the project lives, when it has been saved somewhere. */
  path?: string;
}

/** The recovery bookkeeping travels inside the autosave itself, so entry and content cannot disagree. */
const RECOVERY_METADATA = 'mlp-studio-recovery';

/**
 * Autosaves of open projects, one file per project key (a window's or document's id), in the
 * app's recovery folder. After a crash, list() shows what can be restored; a project closed
 * normally is discarded.
 */
export class RecoveryStore {
  constructor(readonly dir: string) {}

  private fileOf(key: string): string {
    // A digest: keys may hold any characters, file names may not.
    return join(this.dir, `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.mlpstudio`);
  }

  async save(key: string, doc: ProjectDocument, options: { path?: string } = {}): Promise<void> {
    const info: RecoveryEntry = { key, savedAt: new Date().toISOString(), name: doc.project.name };
    if (options.path !== undefined) info.path = options.path;
    const bytes = encodeProjectFile(doc, { [RECOVERY_METADATA]: JSON.stringify(info) });
    try {
      // The first autosave ever creates the folder.
      await mkdir(this.dir, { recursive: true });
    } catch (e) {
      throw fileError('create', this.dir, e);
    }
    await saveAtomically(this.fileOf(key), bytes);
  }

  /** Every readable autosave, newest first; damaged ones are skipped, not reported. */
  async list(): Promise<RecoveryEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return [];
      throw fileError('read', this.dir, e);
    }
    const entries: RecoveryEntry[] = [];
    for (const name of names) {
      if (!/^[0-9a-f]{40}\.mlpstudio$/.test(name)) continue;
      const entry = await this.readEntry(join(this.dir, name));
      if (entry) entries.push(entry);
    }
    return entries.sort((a, b) => (a.savedAt < b.savedAt ? 1 : a.savedAt > b.savedAt ? -1 : 0));
  }

  private async readEntry(file: string): Promise<RecoveryEntry | null> {
    try {
      const bytes = await readOwnFile(file, MAX_PROJECT_FILE_BYTES);
      // Decoding it all is the only proof that load() will succeed.
      const doc = decodeProjectFile(bytes, file);
      const info = JSON.parse(decodeProjectFileMetadata(bytes, file)[RECOVERY_METADATA] ?? 'null') as Partial<RecoveryEntry> | null;
      if (typeof info?.key !== 'string' || typeof info.savedAt !== 'string' || this.fileOf(info.key) !== file) return null;
      const entry: RecoveryEntry = { key: info.key, savedAt: info.savedAt, name: doc.project.name };
      if (typeof info.path === 'string') entry.path = info.path;
      return entry;
    } catch {
      return null;
    }
  }

  async load(key: string): Promise<ProjectDocument> {
    const file = this.fileOf(key);
    try {
      return decodeProjectFile(await readOwnFile(file, MAX_PROJECT_FILE_BYTES), file);
    } catch (e) {
      if (e instanceof ProjectError) throw e;
      if (errnoCode(e) === 'ENOENT') throw new ProjectFileError(`There is no autosave of '${key}' in ${this.dir}`, 'ENOENT', { cause: e });
      throw e instanceof FileError ? e : fileError('read', file, e);
    }
  }

  async discard(key: string): Promise<void> {
    try {
      await unlink(this.fileOf(key));
    } catch (e) {
      if (errnoCode(e) !== 'ENOENT') throw fileError('delete', this.fileOf(key), e);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Recent projects

/**
 * The recently opened project files, newest first, persisted as {"recent": [paths]}. A missing
 * or damaged file is an empty list: losing this list must never stop the app from starting.
 */
export class RecentProjects {
  /** add/remove read, change and write the file; queued so that two at once do not lose one. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    readonly limit = 10,
  ) {}

  async list(): Promise<string[]> {
    await this.queue.catch(() => undefined);
    return this.read();
  }

  add(path: string): Promise<string[]> {
    const full = resolve(path);
    return this.update((paths) => [full, ...paths.filter((p) => !samePath(p, full))]);
  }

  remove(path: string): Promise<string[]> {
    const full = resolve(path);
    return this.update((paths) => paths.filter((p) => !samePath(p, full)));
  }

  private update(change: (paths: string[]) => string[]): Promise<string[]> {
    const next = this.queue
      .catch(() => undefined)
      .then(async () => {
        const paths = change(await this.read()).slice(0, this.limit);
        await mkdir(dirname(this.file), { recursive: true });
        await saveAtomically(this.file, `${JSON.stringify({ recent: paths }, null, 2)}\n`);
        return paths;
      });
    this.queue = next;
    return next;
  }

  private async read(): Promise<string[]> {
    try {
      const json = JSON.parse(new TextDecoder().decode(await readOwnFile(this.file, RECENT_MAX_BYTES))) as { recent?: unknown };
      if (!Array.isArray(json?.recent)) return [];
      const paths: string[] = [];
      for (const p of json.recent) if (typeof p === 'string' && p !== '' && !paths.some((q) => samePath(q, p))) paths.push(p);
      return paths.slice(0, this.limit);
    } catch {
      return [];
    }
  }
}

/** Ten paths of at most 4096 characters, written as JSON: far less than this. */
const RECENT_MAX_BYTES = 1024 ** 2;

/** Windows paths are case-insensitive; elsewhere two spellings are two files. */
function samePath(a: string, b: string): boolean {
  return process.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b;
}
