// writeFileAtomic: writes and overwrites strings and bytes, keeps the last of concurrent writes,
// and after any failure leaves the target as it was and no temporary file behind.

import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from '../../../shared/node/atomic-write';
import { FileError } from '../../../shared/node/fs-errors';

// A failure injected into one step: the partial write stands for a full disk.
const fault = vi.hoisted(() => ({ at: null as null | 'write' | 'rename' }));
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
    expect(error.message).toBe(`Could not save ${path}: the folder ${join(dir, 'gone')} does not exist`);
    expect(error.code).toBe('ENOENT');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('over a folder: the rename fails, the folder stays as it was and no temporary file is left', async () => {
    const path = join(dir, 'folder');
    mkdirSync(path);
    writeFileSync(join(path, 'inside.txt'), 'kept');
    const error = await failureOf(writeFileAtomic(path, 'x'));
    expect(error.message).toMatch(new RegExp(`^Could not save ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
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
