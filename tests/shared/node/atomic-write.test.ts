// writeFileAtomic: writes and overwrites strings and bytes, keeps the last of concurrent writes,
// after any failure leaves the target as it was and no temporary file behind, names the user's
// path (never the temporary file) and clears what killed writers left. checkWritable: a save's
// failure told before the work it would keep.

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkWritable, writeFileAtomic } from '../../../shared/node/atomic-write';
import { FileError } from '../../../shared/node/fs-errors';

// A failure injected into one step: the partial write stands for a full disk; 'rename-node'
// fails the way Node does, its message ending in the call and both paths.
const fault = vi.hoisted(() => ({ at: null as null | 'write' | 'rename' | 'rename-node' }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const failure = (code: string) => Object.assign(new Error(`${code}: injected failure`), { code });
  return {
    ...fs,
    open: async (...args: Parameters<typeof fs.open>) => {
      const handle = await fs.open(...args);
      if (args[1] !== 'wx' || fault.at !== 'write') return handle;
      return new Proxy(handle, {
        get(target, key) {
          if (key === 'writeFile') {
            return async (data: string | Uint8Array) => {
              const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
              await target.write(bytes.subarray(0, bytes.length >> 1));
              // Once: the disk has room again for the next write.
              fault.at = null;
              throw failure('ENOSPC');
            };
          }
          const value = Reflect.get(target, key, target) as unknown;
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
    rename: async (...args: Parameters<typeof fs.rename>) => {
      if (fault.at === 'rename') throw failure('EXDEV');
      if (fault.at === 'rename-node') {
        const [from, to] = args.map(String);
        throw Object.assign(new Error(`EXDEV: cross-device link not permitted, rename '${from}' -> '${to}'`), { code: 'EXDEV', errno: -18, syscall: 'rename', path: from, dest: to });
      }
      return fs.rename(...args);
    },
  };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlp-atomic-'));
  fault.at = null;
});
afterEach(() => {
  fault.at = null;
  rmSync(dir, { recursive: true, force: true });
});

const failureOf = (p: Promise<unknown>) => p.then(() => expect.unreachable('the write should fail'), (e: unknown) => e as FileError);

describe('writeFileAtomic', () => {
  it('writes text as UTF-8 and bytes as they are, and overwrites', async () => {
    const path = join(dir, 'a.txt');
    await writeFileAtomic(path, 'grüße\n');
    expect(readFileSync(path, 'utf8')).toBe('grüße\n');
    await writeFileAtomic(path, Uint8Array.from([0, 1, 2, 255]));
    expect([...readFileSync(path)]).toEqual([0, 1, 2, 255]);
    await writeFileAtomic(path, '');
    expect(readFileSync(path, 'utf8')).toBe('');
    expect(readdirSync(dir)).toEqual(['a.txt']);
  });

  it('keeps the last of several writes started at once', async () => {
    const path = join(dir, 'a.txt');
    await Promise.all(['1', '2', '3', '4'].map((text) => writeFileAtomic(path, text)));
    expect(readFileSync(path, 'utf8')).toBe('4');
    expect(readdirSync(dir)).toEqual(['a.txt']);
  });

  it.skipIf(process.platform === 'win32')('keeps the permissions of the file it replaces', async () => {
    const path = join(dir, 'secret.txt');
    writeFileSync(path, 'old');
    chmodSync(path, 0o600);
    await writeFileAtomic(path, 'new');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('into a folder that does not exist: a FileError naming the folder, nothing written', async () => {
    const path = join(dir, 'gone', 'a.txt');
    const error = await failureOf(writeFileAtomic(path, 'x'));
    expect(error).toBeInstanceOf(FileError);
    expect(error.message).toBe(`${path}: cannot be saved: the folder ${join(dir, 'gone')} does not exist`);
    expect(error.code).toBe('ENOENT');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('over a folder: the rename fails, the folder stays as it was and no temporary file is left', async () => {
    const path = join(dir, 'folder');
    mkdirSync(path);
    writeFileSync(join(path, 'inside.txt'), 'kept');
    const error = await failureOf(writeFileAtomic(path, 'x'));
    expect(error.message).toBe(`${path}: cannot be saved: it is a folder`);
    expect(readdirSync(dir)).toEqual(['folder']);
    expect(readdirSync(path)).toEqual(['inside.txt']);
  });

  it.each(['write', 'rename'] as const)('a failure at %s leaves the old content and no temporary file', async (step) => {
    const path = join(dir, 'a.txt');
    await writeFileAtomic(path, 'old content');
    fault.at = step;
    const error = await failureOf(writeFileAtomic(path, 'new content'));
    expect(error).toBeInstanceOf(FileError);
    expect(error.message).toMatch(step === 'write' ? /: the disk is full$/ : /: EXDEV: injected failure$/);
    fault.at = null;
    expect(readFileSync(path, 'utf8')).toBe('old content');
    expect(readdirSync(dir)).toEqual(['a.txt']);
  });

  it('a failed write does not block the next one queued for the same path', async () => {
    const path = join(dir, 'a.txt');
    fault.at = 'write';
    const [first, second] = await Promise.allSettled([writeFileAtomic(path, 'first'), writeFileAtomic(path, 'second')]);
    expect(first.status).toBe('rejected');
    expect(second.status).toBe('fulfilled');
    expect(readFileSync(path, 'utf8')).toBe('second');
    expect(readdirSync(dir)).toEqual(['a.txt']);
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('writeFileAtomic: what a failure names and what killed writers leave', () => {
  it("a failure Node words with the temporary file's name names the user's path only", async () => {
    const path = join(dir, 'a.txt');
    await writeFileAtomic(path, 'old');
    fault.at = 'rename-node';
    const error = await failureOf(writeFileAtomic(path, 'new'));
    expect(error.message).toBe(`${path}: cannot be saved: EXDEV: cross-device link not permitted`);
    expect(error.message).not.toContain('.tmp');
    expect(error.code).toBe('EXDEV');
    fault.at = null;
    expect(readdirSync(dir)).toEqual(['a.txt']);
  });

  it('a relative path is named as given', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const error = await failureOf(writeFileAtomic(join('gone', 'a.txt'), 'x'));
      expect(error.message).toBe(`${join('gone', 'a.txt')}: cannot be saved: the folder gone does not exist`);
    } finally {
      process.chdir(cwd);
    }
  });

  it('the next write removes temporary files of dead writers of the same target only', async () => {
    // No process has pid 2^22 + 1 (above Linux's pid_max); the parent process is alive.
    const dead = '.a.txt.4194305.0123456789ab.tmp';
    const alive = `.a.txt.${process.ppid}.0123456789ab.tmp`;
    const other = '.b.txt.4194305.0123456789ab.tmp';
    const notOurs = '.a.txt.4194305.tmp';
    for (const name of [dead, alive, other, notOurs]) writeFileSync(join(dir, name), 'partial');
    await writeFileAtomic(join(dir, 'a.txt'), 'x');
    expect(readdirSync(dir).sort()).toEqual(['a.txt', alive, other, notOurs].sort());
  });
});

describe('checkWritable', () => {
  it('passes a new file in an existing folder and an existing file, and leaves nothing behind', async () => {
    await checkWritable(join(dir, 'new.json'));
    writeFileSync(join(dir, 'old.json'), 'kept');
    await checkWritable(join(dir, 'old.json'));
    expect(readdirSync(dir)).toEqual(['old.json']);
    expect(readFileSync(join(dir, 'old.json'), 'utf8')).toBe('kept');
  });

  it('refuses a missing folder, a folder, and a path through a file, naming the path', async () => {
    const missing = join(dir, 'gone', 'x.json');
    await expect(checkWritable(missing)).rejects.toThrow(`${missing}: cannot be saved: the folder ${join(dir, 'gone')} does not exist`);
    await expect(checkWritable(dir)).rejects.toThrow(`${dir}: cannot be saved: it is a folder`);
    writeFileSync(join(dir, 'file'), '');
    const through = join(dir, 'file', 'x.json');
    await expect(checkWritable(through)).rejects.toThrow(`${through}: cannot be saved: part of the path is not a folder`);
  });

  it.skipIf(process.platform === 'win32')('refuses a named pipe and a device, which a save would replace', async () => {
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    await expect(checkWritable(fifo)).rejects.toThrow(`${fifo}: cannot be saved: it is not a regular file (it is a named pipe)`);
    await expect(checkWritable('/dev/null')).rejects.toThrow('/dev/null: cannot be saved: it is not a regular file (it is a character device)');
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)('refuses a read-only folder', async () => {
    chmodSync(dir, 0o555);
    try {
      await expect(checkWritable(join(dir, 'x.json'))).rejects.toThrow(new RegExp(`^${escape(join(dir, 'x.json'))}: cannot be saved: permission denied$`));
    } finally {
      chmodSync(dir, 0o755);
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});
