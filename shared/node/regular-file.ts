// Reading a file a user named, for every Node host: look at what the path is before opening it, and
// at its size before reading it. A named pipe opened for reading blocks until some writer comes
// (forever, for a CLI or a main process); a device such as /dev/zero reads without end; a file
// larger than its format allows would be read whole only to be refused.

import { constants, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { errnoCode, fileError, FileRefusal } from './fs-errors';

/** What a path that is not a regular file is, in words. */
export function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The refusal of anything but a regular file: 'is not a regular file (it is a named pipe)'. */
export const notRegular = (info: Stats): string => `is not a regular file (it is ${kindOf(info)})`;

/** stat (following links), refused as 'PATH: cannot be opened: <reason>'. */
export async function statPath(path: string): Promise<Stats> {
  try {
    return await stat(path);
  } catch (e) {
    throw fileError('open', path, e);
  }
}

export interface ReadChecks {
  /** Says what a folder at the path should have been ('a project file'). */
  what: string;
  /** Throws when a file of this size must not be read (called before opening it, and again on what was opened). */
  checkSize?(size: number): void;
  /** Throws when the file's first bytes (up to `headBytes`) show it is not what was asked for; the rest is not read then. */
  checkHead?(head: Uint8Array, size: number): void;
  headBytes?: number;
}

/** Non-blocking: should the path turn into a pipe between stat and open, open returns at once instead of waiting for a writer. Windows has no such flag and no such pipes. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const CHUNK = 64 * 1024 ** 2;

/**
 * The bytes of the regular file at `path`. Refused as FileRefusals 'PATH: ...' (cannot be opened,
 * is a folder, is not a regular file, changed while read) or by the caller's checks, which throw
 * their own errors. A folder or a special file is never opened.
 */
export async function readRegularFile(path: string, checks: ReadChecks): Promise<Uint8Array> {
  return withRegularFile(path, checks, (handle, size) => readAll(handle, path, size, checks));
}

/** At most the first `bytes` bytes of the regular file at `path`, after the same checks as readRegularFile: enough to tell a format by. */
export async function readFileHead(path: string, bytes: number, checks: ReadChecks): Promise<Uint8Array> {
  return withRegularFile(path, checks, (handle, size) => readFrom(handle, new Uint8Array(Math.min(bytes, size)), 0));
}

async function withRegularFile<T>(path: string, checks: ReadChecks, use: (handle: FileHandle, size: number) => Promise<T>): Promise<T> {
  const before = await statPath(path);
  judge(path, before, checks);
  let handle: FileHandle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (e) {
    throw fileError('open', path, e);
  }
  try {
    // What was opened is what is read: the path may have been replaced since the stat.
    const info = await handle.stat();
    judge(path, info, checks);
    return await use(handle, info.size);
  } catch (e) {
    // The checks' own refusals pass as they are; only Node's failures are worded here.
    if (e instanceof FileRefusal || !errnoCode(e)) throw e;
    throw fileError('read', path, e);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function judge(path: string, info: Stats, checks: ReadChecks): void {
  if (info.isDirectory()) throw new FileRefusal(path, `is a folder, not ${checks.what}`, 'EISDIR');
  if (!info.isFile()) throw new FileRefusal(path, notRegular(info), 'EINVAL');
  checks.checkSize?.(info.size);
}

/** Exactly `size` bytes; a file that grows or shrinks meanwhile is refused rather than read in part. */
async function readAll(handle: FileHandle, path: string, size: number, checks: ReadChecks): Promise<Uint8Array> {
  // The head is judged before the whole is allocated: a large file of the wrong kind costs nothing.
  const head = await readFrom(handle, new Uint8Array(Math.min(size, checks.headBytes ?? 0)), 0);
  if (head.length > 0) checks.checkHead?.(head, size);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(size);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new FileRefusal(path, `is ${size} bytes, more than this machine can hold in memory now`, 'ENOMEM', { cause: e });
  }
  bytes.set(head);
  const filled = (await readFrom(handle, bytes, head.length)).length;
  const { bytesRead: more } = await handle.read(new Uint8Array(1), 0, 1, size);
  if (filled !== size || more !== 0) throw new FileRefusal(path, 'changed while it was being read; try again once nothing is writing to it');
  return bytes;
}

/** Fills `into` from file position `from` (its own index) until full or at the end of the file; what was filled. */
async function readFrom(handle: FileHandle, into: Uint8Array, from: number): Promise<Uint8Array> {
  let filled = from;
  while (filled < into.length) {
    const { bytesRead } = await handle.read(into, filled, Math.min(CHUNK, into.length - filled), filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return into.subarray(0, filled);
}
