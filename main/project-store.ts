// Project files on disk: atomic saves, opening with one-line errors, the crash-recovery
// autosaves and the recent-projects list. Node only (no Electron), so it is tested as is.

import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { decodeProjectFile, decodeProjectFileMetadata, encodeProjectFile, type ProjectDocument } from '../shared/project/container';
import { ProjectError } from '../shared/project/parse';

/** An I/O problem with a project file, in one line naming the path; `code` is Node's (ENOENT, ...). */
export class ProjectFileError extends Error {
  override readonly name = 'ProjectFileError';
  constructor(
    message: string,
    readonly code?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Larger than any real project; reading more would only exhaust memory. */
export const MAX_PROJECT_FILE_BYTES = 2 * 1024 ** 3;

const codeOf = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | null)?.code;

/** Node's error in words a user can act on, one line, naming the path. */
function fileError(action: string, path: string, e: unknown): ProjectFileError {
  const code = codeOf(e);
  const reasons: Record<string, string> = {
    ENOENT: 'the file or its folder does not exist',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the disk is read-only',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is exhausted',
    EISDIR: 'it is a folder',
    ENOTDIR: 'part of the path is not a folder',
    EBUSY: 'the file is in use by another program',
    EMFILE: 'too many files are open',
  };
  const reason = (code && reasons[code]) ?? (e instanceof Error ? e.message : String(e)).split('\n')[0];
  return new ProjectFileError(`Could not ${action} ${path}: ${reason}`, code, { cause: e });
}

// ---------------------------------------------------------------------------------------------
// Atomic writes

const TEMP_SUFFIX = '.tmp';
/** Temporary files start `.<name>.`, the name cut so that the whole stays within 255 characters. */
const tempPrefix = (target: string) => `.${basename(target).slice(0, 200)}.`;
/** `.<name>.<pid>.<random>.tmp` next to the target: same folder (so rename is atomic), hidden, and owned by a visible pid. */
const tempName = (target: string) => join(dirname(target), `${tempPrefix(target)}${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);

/** Writes to one path are queued so that the last save started is the one that stays. */
const writeQueues = new Map<string, Promise<unknown>>();

/**
 * Replaces `path` with `bytes` so that a crash or kill at any moment leaves the old file or the
 * new one, never a mix: write a temporary file in the same folder, fsync it, rename it over the
 * target (atomic on one filesystem), fsync the folder so the rename itself survives a power cut.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const target = resolve(path);
  const previous = writeQueues.get(target) ?? Promise.resolve();
  const write = previous.catch(() => undefined).then(() => writeNow(target, bytes));
  writeQueues.set(target, write);
  const forget = () => {
    if (writeQueues.get(target) === write) writeQueues.delete(target);
  };
  write.then(forget, forget);
  return write;
}

async function writeNow(target: string, bytes: Uint8Array): Promise<void> {
  await removeStaleTemps(target);
  const temp = tempName(target);
  let handle: FileHandle | undefined;
  let renamed = false;
  try {
    // 'wx': never follow or reuse someone else's file.
    handle = await open(temp, 'wx', 0o666);
    // Keep the permissions of the file being replaced (umask applies to new files only).
    const old = await stat(target).catch(() => undefined);
    if (old?.isFile()) await handle.chmod(old.mode & 0o7777).catch(() => undefined);
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await renameOver(temp, target);
    renamed = true;
    await syncFolder(dirname(target));
  } catch (e) {
    if (handle) await handle.close().catch(() => undefined);
    if (!renamed) await unlink(temp).catch(() => undefined);
    if (codeOf(e) === 'ENOENT' && !renamed) throw new ProjectFileError(`Could not save ${target}: the folder ${dirname(target)} does not exist`, 'ENOENT', { cause: e });
    throw fileError('save', target, e);
  }
}

/** Windows refuses to replace a file another program (indexer, antivirus) holds for a moment; retry briefly there. */
async function renameOver(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (e) {
      const transient = process.platform === 'win32' && ['EPERM', 'EACCES', 'EBUSY'].includes(codeOf(e) ?? '');
      if (!transient || attempt >= 10) throw e;
      await new Promise((r) => setTimeout(r, 20 * (attempt + 1)));
    }
  }
}

/** Makes a rename durable. Windows cannot open folders (EISDIR/EPERM) and some filesystems cannot sync them (EINVAL): nothing more to do there. */
async function syncFolder(folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch (e) {
    if (!['EISDIR', 'EPERM', 'EINVAL', 'ENOTSUP', 'EACCES'].includes(codeOf(e) ?? '')) throw e;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Temporary files a killed save of this target left behind (their process is gone). Best effort. */
async function removeStaleTemps(target: string): Promise<void> {
  const prefix = tempPrefix(target);
  let names: string[];
  try {
    names = await readdir(dirname(target));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) continue;
    const match = /^(\d+)\.[0-9a-f]{12}$/.exec(name.slice(prefix.length, -TEMP_SUFFIX.length));
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isAlive(pid)) continue;
    await unlink(join(dirname(target), name)).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return codeOf(e) === 'EPERM';
  }
}

// ---------------------------------------------------------------------------------------------
// Project files

/** Saves atomically: the file holds the old project or the new one whatever happens. */
export async function saveProjectFile(path: string, doc: ProjectDocument): Promise<void> {
  await writeFileAtomic(path, encodeProjectFile(doc));
}

/** Reads the whole file after checking it is a regular file of a sane size. */
async function readProjectBytes(path: string): Promise<Uint8Array> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    if (codeOf(e) === 'ENOENT') throw new ProjectFileError(`Could not open ${path}: the file does not exist`, 'ENOENT', { cause: e });
    if (codeOf(e) === 'EISDIR') throw new ProjectFileError(`Could not open ${path}: it is a folder, not a project file`, 'EISDIR', { cause: e });
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
    await writeFileAtomic(this.fileOf(key), bytes);
  }

  /** Every readable autosave, newest first; damaged ones are skipped, not reported. */
  async list(): Promise<RecoveryEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      if (codeOf(e) === 'ENOENT') return [];
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
      if (codeOf(e) === 'ENOENT') throw new ProjectFileError(`There is no autosave of '${key}' in ${this.dir}`, 'ENOENT', { cause: e });
      throw fileError('read', file, e);
    }
  }

  async discard(key: string): Promise<void> {
    try {
      await unlink(this.fileOf(key));
    } catch (e) {
      if (codeOf(e) !== 'ENOENT') throw fileError('delete', this.fileOf(key), e);
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
        await writeFileAtomic(this.file, Buffer.from(`${JSON.stringify({ recent: paths }, null, 2)}\n`));
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
