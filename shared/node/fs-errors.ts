// Node's file-system errors in words a user can act on, one line naming the path: the same words
// for datasets, project files and anything else the app reads or writes.

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
};

/** Why an operation failed: the code's words, or the first line of the error's own message. */
export function fsReason(e: unknown): string {
  const code = errnoCode(e);
  return (code && REASONS[code]) ?? (e instanceof Error ? e.message : String(e)).split('\n')[0];
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

/** 'Could not <action> <path>: <reason>', keeping Node's code and error. */
export function fileError(action: string, path: string, e: unknown): FileError {
  return new FileError(`Could not ${action} ${path}: ${fsReason(e)}`, errnoCode(e), { cause: e });
}
