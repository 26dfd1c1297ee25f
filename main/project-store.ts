// Project files on disk: atomic saves, opening with one-line errors, the crash-recovery
// autosaves and the recent-projects list. Node only (no Electron), so it is tested as is.

import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../shared/node/atomic-write';
import { errnoCode, FileError, fileError as describeFileError } from '../shared/node/fs-errors';
import { decodeProjectFile, decodeProjectFileMetadata, encodeProjectFile, type ProjectDocument } from '../shared/project/container';
import { ProjectError } from '../shared/project/parse';

/** An I/O problem with a project file, in one line naming the path; `code` is Node's (ENOENT, ...). */
export class ProjectFileError extends FileError {
  override readonly name = 'ProjectFileError';
}

/** Larger than any real project; reading more would only exhaust memory. */
export const MAX_PROJECT_FILE_BYTES = 2 * 1024 ** 3;

/** Every file failure of this module is a ProjectFileError, whichever helper worded it. */
const asProjectFileError = (e: FileError) => new ProjectFileError(e.message, e.code, { cause: e.cause });
const fileError = (action: string, path: string, e: unknown) => asProjectFileError(describeFileError(action, path, e));

async function saveAtomically(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFileAtomic(path, data);
  } catch (e) {
    throw e instanceof FileError ? asProjectFileError(e) : e;
  }
}

// ---------------------------------------------------------------------------------------------
// Project files

/** Saves atomically: the file holds the old project or the new one whatever happens. */
export async function saveProjectFile(path: string, doc: ProjectDocument): Promise<void> {
  await saveAtomically(path, encodeProjectFile(doc));
}

/** Reads the whole file after checking it is a regular file of a sane size. */
async function readProjectBytes(path: string): Promise<Uint8Array> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') throw new ProjectFileError(`Could not open ${path}: the file does not exist`, 'ENOENT', { cause: e });
    if (errnoCode(e) === 'EISDIR') throw new ProjectFileError(`Could not open ${path}: it is a folder, not a project file`, 'EISDIR', { cause: e });
    throw fileError('open', path, e);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new ProjectFileError(`Could not open ${path}: it is a folder, not a project file`, 'EISDIR');
    if (!info.isFile()) throw new ProjectFileError(`Could not open ${path}: it is not a regular file`);
    if (info.size > MAX_PROJECT_FILE_BYTES) {
      throw new ProjectFileError(`Could not open ${path}: it is too large for a project (${(info.size / 1024 ** 3).toFixed(1)} GiB; the limit is 2 GiB)`, 'EFBIG');
    }
    return await handle.readFile();
  } catch (e) {
    throw e instanceof ProjectFileError ? e : fileError('read', path, e);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Opens a project file (MLP Studio's safetensors or a plain JSON project); errors are one line naming the path. */
export async function openProjectFile(path: string): Promise<ProjectDocument> {
  return decodeProjectFile(await readProjectBytes(path), path);
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
      const bytes = await readFile(file);
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
      return decodeProjectFile(await readFile(file), file);
    } catch (e) {
      if (e instanceof ProjectError) throw e;
      if (errnoCode(e) === 'ENOENT') throw new ProjectFileError(`There is no autosave of '${key}' in ${this.dir}`, 'ENOENT', { cause: e });
      throw fileError('read', file, e);
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
      const json = JSON.parse(await readFile(this.file, 'utf8')) as { recent?: unknown };
      if (!Array.isArray(json?.recent)) return [];
      const paths: string[] = [];
      for (const p of json.recent) if (typeof p === 'string' && p !== '' && !paths.some((q) => samePath(q, p))) paths.push(p);
      return paths.slice(0, this.limit);
    } catch {
      return [];
    }
  }
}

/** Windows paths are case-insensitive; elsewhere two spellings are two files. */
function samePath(a: string, b: string): boolean {
  return process.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b;
}
