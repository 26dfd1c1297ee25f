// Node's file-system errors in words a user can act on, one line naming the path: the same words
// for datasets, project files and anything else the app reads or writes, in the one shape of
// every failure reached from a file, 'PATH: what is wrong'.

/** Node's error code (ENOENT, EACCES, ...), when `e` has one. */
export const errnoCode = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | null)?.code;

const REASONS: Record<string, string> = {
  ENOENT: 'it does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EISDIR: 'it is a folder',
  ENOTDIR: 'part of the path is not a folder',
  EBUSY: 'the file is in use by another program',
  EMFILE: 'too many files are open',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'it is a loop of symbolic links',
  EIO: 'the disk reported an input/output error',
};

/**
 * Why an operation failed: the code's words, or the first line of the error's own message. Node
 * ends a system error's message with the call and its paths ("EXDEV: cross-device link not
 * permitted, rename '/x/.a.123.tmp' -> '/x/a'"); that tail is cut, since the caller names the
 * path the user knows and a temporary file's name would only mislead.
 */
export function fsReason(e: unknown): string {
  const code = errnoCode(e);
  if (code && REASONS[code]) return REASONS[code];
  const first = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  const syscall = (e as NodeJS.ErrnoException | null)?.syscall;
  if (code && syscall) {
    const tail = first.indexOf(`, ${syscall}`);
    if (tail > 0) return first.slice(0, tail);
  }
  return first;
}

/** An I/O problem with a file, in one line naming the path; `code` is Node's. */
export class FileError extends Error {
  override readonly name: string = 'FileError';
  constructor(
    message: string,
    readonly code?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A file refused or failed: `${path}: ${problem}`, with the two parts kept for callers that word their own errors. */
export class FileRefusal extends FileError {
  override readonly name: string = 'FileRefusal';
  constructor(
    readonly path: string,
    readonly problem: string,
    code?: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${problem}`, code, options);
  }
}

const DONE: Record<FileAction, string> = { open: 'opened', read: 'read', save: 'saved', create: 'created', delete: 'deleted' };
export type FileAction = 'open' | 'read' | 'save' | 'create' | 'delete';

/** '<path>: cannot be <action>ed: <reason>', keeping Node's code and error. */
export function fileError(action: FileAction, path: string, e: unknown): FileRefusal {
  return new FileRefusal(path, `cannot be ${DONE[action]}: ${fsReason(e)}`, errnoCode(e), { cause: e });
}
