// Replacing a file so that a crash, a kill or a full disk at any moment leaves the old file or the
// new one, never a mix: the one way the app and the CLI write what a user would hate to lose.

import { randomBytes } from 'node:crypto';
import { open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { errnoCode, fileError, FileRefusal } from './fs-errors';
import { notRegular } from './regular-file';

const TEMP_SUFFIX = '.tmp';
/** Temporary files start `.<name>.`, the name cut so that the whole stays within 255 characters. */
const tempPrefix = (target: string) => `.${basename(target).slice(0, 200)}.`;
/** `.<name>.<pid>.<random>.tmp` next to the target: same folder (so rename is atomic), hidden, and owned by a visible pid. */
const tempName = (target: string) => join(dirname(target), `${tempPrefix(target)}${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);

/** Writes to one path are queued so that the last write started is the one that stays. */
const writeQueues = new Map<string, Promise<unknown>>();

/**
 * Replaces `path` with `data` (UTF-8 for a string): write a temporary file in the same folder,
 * fsync it, rename it over the target (atomic on one filesystem), fsync the folder so the rename
 * itself survives a power cut. On any failure the temporary file is removed and a FileRefusal
 * '<path>: cannot be saved: <reason>' thrown, naming `path` as given, never the temporary file;
 * the target is then as it was.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const target = resolve(path);
  const previous = writeQueues.get(target) ?? Promise.resolve();
  const write = previous.catch(() => undefined).then(() => writeNow(path, target, data));
  writeQueues.set(target, write);
  const forget = () => {
    if (writeQueues.get(target) === write) writeQueues.delete(target);
  };
  write.then(forget, forget);
  return write;
}

/** Refusals name the path as the user gave it; the folder is named too when it is the problem. */
const missingFolder = (path: string, e?: unknown) =>
  new FileRefusal(path, `cannot be saved: the folder ${dirname(path)} does not exist`, 'ENOENT', { cause: e });

/**
 * Whether `path` can be saved to, asked before the work whose result it will hold (a training
 * run): its folder exists and takes a new file, and the path is not a folder or a special file.
 * The proof is the save's own first step, creating a temporary file beside the target, undone at
 * once. Throws the FileRefusal the save itself would throw.
 */
export async function checkWritable(path: string): Promise<void> {
  const target = resolve(path);
  const existing = await stat(target).catch((e: unknown) => {
    if (errnoCode(e) === 'ENOENT') return undefined;
    throw fileError('save', path, e);
  });
  if (existing?.isDirectory()) throw new FileRefusal(path, 'cannot be saved: it is a folder', 'EISDIR');
  if (existing && !existing.isFile()) throw new FileRefusal(path, `cannot be saved: it ${notRegular(existing)}`, 'EINVAL');
  await removeStaleTemps(target);
  const probe = tempName(target);
  try {
    await (await open(probe, 'wx', 0o666)).close();
  } catch (e) {
    throw errnoCode(e) === 'ENOENT' ? missingFolder(path, e) : fileError('save', path, e);
  }
  await unlink(probe).catch(() => undefined);
}

async function writeNow(path: string, target: string, data: string | Uint8Array): Promise<void> {
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
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await renameOver(temp, target);
    renamed = true;
    await syncFolder(dirname(target));
  } catch (e) {
    if (handle) await handle.close().catch(() => undefined);
    if (!renamed) await unlink(temp).catch(() => undefined);
    if (errnoCode(e) === 'ENOENT' && !renamed) throw missingFolder(path, e);
    throw fileError('save', path, e);
  }
}

/** Windows refuses to replace a file another program (indexer, antivirus) holds for a moment; retry briefly there. */
async function renameOver(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (e) {
      const transient = process.platform === 'win32' && ['EPERM', 'EACCES', 'EBUSY'].includes(errnoCode(e) ?? '');
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
    if (!['EISDIR', 'EPERM', 'EINVAL', 'ENOTSUP', 'EACCES'].includes(errnoCode(e) ?? '')) throw e;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Temporary files a killed write of this target left behind (their process is gone). Best effort. */
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
    return errnoCode(e) === 'EPERM';
  }
}
