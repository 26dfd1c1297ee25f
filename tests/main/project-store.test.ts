// Project files on disk: save and open, failures that must leave the old file and no temporary
// files behind, the recovery autosaves and the recent-projects list.

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_PROJECT_FILE_BYTES, ProjectFileError, RecentProjects, RecoveryStore, openProject, openProjectFile, saveProjectFile } from '../../main/project-store';
import { MAX_PROJECT_BYTES } from '../../shared/protocol/ipc';
import type { ProjectDocument } from '../../shared/project/container';
import { ProjectError, parseProject } from '../../shared/project/parse';
import { smallProjectJson } from '../helpers/project-fixture';

// A failure injected into one step of a save: the partial write stands for a full disk.
const fault = vi.hoisted(() => ({ at: null as null | 'write' | 'sync' | 'rename' }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const failure = (code: string) => Object.assign(new Error(`${code}: injected failure`), { code });
  return {
    ...fs,
    open: async (...args: Parameters<typeof fs.open>) => {
      const handle = await fs.open(...args);
      if (args[1] !== 'wx') return handle;
      return new Proxy(handle, {
        get(target, key) {
          if (key === 'writeFile' && fault.at === 'write') {
            return async (data: Uint8Array) => {
              await target.write(data.subarray(0, data.length >> 1));
              throw failure('ENOSPC');
            };
          }
          if (key === 'sync' && fault.at === 'sync') return async () => Promise.reject(failure('EIO'));
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
  dir = mkdtempSync(join(tmpdir(), 'mlp-studio-store-'));
  fault.at = null;
});
afterEach(() => {
  fault.at = null;
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

function documentNamed(name: string, values: number[] = [1, 2, 3, 4]): ProjectDocument {
  const project = parseProject(smallProjectJson(name));
  return { project, weights: new Map([['layers.0.weight', { shape: [2, 2], data: Float32Array.from(values) }]]), runs: [] };
}

const tempFiles = (folder = dir) => readdirSync(folder).filter((f) => f.endsWith('.tmp'));

describe('saveProjectFile and openProjectFile', () => {
  it('save and open a project', async () => {
    const path = join(dir, 'a.mlpstudio');
    const doc = documentNamed('A');
    await saveProjectFile(path, doc);
    expect(await openProjectFile(path)).toEqual(doc);
    expect(readdirSync(dir)).toEqual(['a.mlpstudio']);
  });

  it('overwrite keeps only the new content', async () => {
    const path = join(dir, 'a.mlpstudio');
    await saveProjectFile(path, documentNamed('A', Array.from({ length: 4 }, () => 9)));
    const b = documentNamed('B');
    await saveProjectFile(path, b);
    expect(await openProjectFile(path)).toEqual(b);
    expect(readdirSync(dir)).toEqual(['a.mlpstudio']);
  });

  it('saves a file whose name is as long as the filesystem allows', async () => {
    const path = join(dir, `${'n'.repeat(240)}.mlpstudio`);
    await saveProjectFile(path, documentNamed('Long'));
    expect((await openProjectFile(path)).project.name).toBe('Long');
    expect(tempFiles()).toEqual([]);
  });

  it('keeps the last of several saves started at once', async () => {
    const path = join(dir, 'a.mlpstudio');
    await Promise.all(['A', 'B', 'C', 'D'].map((n) => saveProjectFile(path, documentNamed(n))));
    expect((await openProjectFile(path)).project.name).toBe('D');
    expect(tempFiles()).toEqual([]);
  });

  it.each(['write', 'sync', 'rename'] as const)('a failure at %s leaves the old file intact and no temporary file', async (step) => {
    const path = join(dir, 'a.mlpstudio');
    await saveProjectFile(path, documentNamed('old'));
    const before = readFileSync(path);
    fault.at = step;
    const error = await saveProjectFile(path, documentNamed('new')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProjectFileError);
    expect((error as Error).message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot be saved: `));
    if (step === 'write') expect((error as Error).message).toMatch(/the disk is full$/);
    fault.at = null;
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(['a.mlpstudio']);
  });

  it('a failure to save a new file leaves nothing behind', async () => {
    fault.at = 'write';
    await expect(saveProjectFile(join(dir, 'new.mlpstudio'), documentNamed('new'))).rejects.toThrow(/the disk is full/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses to save into a missing folder or over a folder', async () => {
    const missing = join(dir, 'gone', 'a.mlpstudio');
    await expect(saveProjectFile(missing, documentNamed('A'))).rejects.toThrow(`${missing}: cannot be saved: the folder ${join(dir, 'gone')} does not exist`);
    const folder = join(dir, 'folder.mlpstudio');
    mkdirSync(folder);
    await expect(saveProjectFile(folder, documentNamed('A'))).rejects.toThrow(`${folder}: cannot be saved: it is a folder`);
    expect(readdirSync(dir)).toEqual(['folder.mlpstudio']);
    expect(readdirSync(folder)).toEqual([]);
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)('a read-only folder keeps the old file and gets no temporary file', async () => {
    const path = join(dir, 'a.mlpstudio');
    await saveProjectFile(path, documentNamed('old'));
    const before = readFileSync(path);
    chmodSync(dir, 0o555);
    await expect(saveProjectFile(path, documentNamed('new'))).rejects.toThrow(/permission denied/);
    chmodSync(dir, 0o755);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(tempFiles()).toEqual([]);
  });

  it('removes the temporary files of saves killed earlier (their process is gone)', async () => {
    const path = join(dir, 'a.mlpstudio');
    // No process has pid 2^22 + 1 (above Linux's pid_max); a live pid's file is left alone.
    writeFileSync(join(dir, '.a.mlpstudio.4194305.0123456789ab.tmp'), 'partial');
    writeFileSync(join(dir, `.a.mlpstudio.${process.ppid}.0123456789ab.tmp`), 'in progress');
    writeFileSync(join(dir, '.b.mlpstudio.4194305.0123456789ab.tmp'), 'another file');
    await saveProjectFile(path, documentNamed('A'));
    expect(tempFiles().sort()).toEqual(['.b.mlpstudio.4194305.0123456789ab.tmp', `.a.mlpstudio.${process.ppid}.0123456789ab.tmp`].sort());
  });

  it('open says what is wrong in one line naming the path', async () => {
    const missing = join(dir, 'missing.mlpstudio');
    await expect(openProjectFile(missing)).rejects.toThrow(`${missing}: cannot be opened: it does not exist`);
    await expect(openProjectFile(missing)).rejects.toMatchObject({ name: 'ProjectFileError', code: 'ENOENT' });
    await expect(openProjectFile(dir)).rejects.toThrow(`${dir}: is a folder, not a project file`);

    const empty = join(dir, 'empty.mlpstudio');
    writeFileSync(empty, '');
    await expect(openProjectFile(empty)).rejects.toThrow(new ProjectError(`${empty} is empty (0 bytes): it is not an MLP Studio project`));
    const truncated = join(dir, 'truncated.mlpstudio');
    await saveProjectFile(truncated, documentNamed('A'));
    writeFileSync(truncated, readFileSync(truncated).subarray(0, 40));
    await expect(openProjectFile(truncated)).rejects.toThrow(/truncated\.mlpstudio is truncated or damaged: its header length/);
    const json = join(dir, 'plain.json');
    writeFileSync(json, '{"format": "mlp-studio-project", "version": 1');
    await expect(openProjectFile(json)).rejects.toThrow(/plain\.json is not valid JSON/);
  });

  it('refuses a file larger than the 1 GiB the window may save, without reading it', async () => {
    expect(MAX_PROJECT_FILE_BYTES).toBe(MAX_PROJECT_BYTES);
    const huge = join(dir, 'huge.mlpstudio');
    writeFileSync(huge, '');
    // A sparse file: no disk space, only a size.
    truncateSync(huge, 2 * 1024 ** 3 + 1);
    await expect(openProjectFile(huge)).rejects.toThrow(`${huge}: is 2.0 GiB, more than the limit of 1.0 GiB for a project file`);
    await expect(openProjectFile(huge)).rejects.toMatchObject({ name: 'ProjectFileError', code: 'EFBIG' });
  });

  it.skipIf(process.platform === 'win32')('refuses a named pipe and a device without opening them (opening a pipe blocks until a writer comes)', async () => {
    const fifo = join(dir, 'pipe.mlpstudio');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    await expect(openProjectFile(fifo)).rejects.toThrow(`${fifo}: is not a regular file (it is a named pipe)`);
    await expect(openProjectFile('/dev/zero')).rejects.toThrow('/dev/zero: is not a regular file (it is a character device)');
    await expect(openProjectFile('/dev/zero')).rejects.toMatchObject({ name: 'ProjectFileError' });
  });

  it('tells the format by content, not by name', async () => {
    const doc = documentNamed('By content');
    const container = join(dir, 'saved-as.json');
    await saveProjectFile(container, doc);
    expect(await openProject(container)).toEqual({ document: doc, format: 'mlpstudio' });
    const json = join(dir, 'written-by-hand.mlpstudio');
    writeFileSync(json, JSON.stringify(smallProjectJson('Hand')));
    const opened = await openProject(json);
    expect(opened.format).toBe('json');
    expect(opened.document.project.name).toBe('Hand');
  });

  it('opens the plain JSON samples', async () => {
    const sample = new URL('../../shared/project/samples/example-2-dying-relu.json', import.meta.url);
    const doc = await openProjectFile(sample.pathname);
    expect(doc.weights?.size).toBeGreaterThan(0);
    expect(doc.project.weights).toBeUndefined();
  });
});

describe('RecoveryStore', () => {
  it('saves, lists newest first, loads and discards autosaves', async () => {
    const store = new RecoveryStore(join(dir, 'recovery'));
    expect(await store.list()).toEqual([]);
    await store.save('window-1', documentNamed('First'), { path: '/home/me/first.mlpstudio' });
    await new Promise((r) => setTimeout(r, 5));
    await store.save('untitled/2 ✓', documentNamed('Second'));
    await new Promise((r) => setTimeout(r, 5));
    await store.save('window-1', documentNamed('First, edited', [5, 6, 7, 8]), { path: '/home/me/first.mlpstudio' });

    const list = await store.list();
    expect(list.map(({ key, name, path }) => ({ key, name, path }))).toEqual([
      { key: 'window-1', name: 'First, edited', path: '/home/me/first.mlpstudio' },
      { key: 'untitled/2 ✓', name: 'Second', path: undefined },
    ]);
    expect(Date.parse(list[0].savedAt)).toBeGreaterThan(Date.parse(list[1].savedAt));
    expect('path' in list[1]).toBe(false);

    expect(await store.load('window-1')).toEqual(documentNamed('First, edited', [5, 6, 7, 8]));
    await store.discard('window-1');
    await store.discard('window-1');
    expect((await store.list()).map((e) => e.key)).toEqual(['untitled/2 ✓']);
    await expect(store.load('window-1')).rejects.toThrow(/There is no autosave of 'window-1'/);
    expect(tempFiles(join(dir, 'recovery'))).toEqual([]);
  });

  it('ignores damaged and foreign entries', async () => {
    const folder = join(dir, 'recovery');
    const store = new RecoveryStore(folder);
    await store.save('good', documentNamed('Good'));
    await store.save('cut', documentNamed('Cut'));
    await store.save('bad-project', documentNamed('Bad'));
    const files = readdirSync(folder);
    expect(files).toHaveLength(3);
    // Damage two entries: one cut short, one turned into a plain project without recovery bookkeeping.
    for (const f of files) {
      const bytes = readFileSync(join(folder, f));
      if (bytes.includes(Buffer.from('"Cut'))) writeFileSync(join(folder, f), bytes.subarray(0, bytes.length - 5));
      if (bytes.includes(Buffer.from('"Bad'))) await saveProjectFile(join(folder, f), documentNamed('Bad'));
    }
    writeFileSync(join(folder, `${'0'.repeat(40)}.mlpstudio`), 'garbage');
    writeFileSync(join(folder, 'notes.txt'), 'not an autosave');
    mkdirSync(join(folder, `${'1'.repeat(40)}.mlpstudio`));
    expect((await store.list()).map((e) => e.name)).toEqual(['Good']);
    await expect(store.load('cut')).rejects.toThrow(ProjectError);
  });

  it('lists nothing when the folder does not exist yet', async () => {
    expect(await new RecoveryStore(join(dir, 'never-created')).list()).toEqual([]);
  });
});

describe('RecentProjects', () => {
  it('keeps the newest first, without duplicates, up to the limit', async () => {
    const file = join(dir, 'recent.json');
    const recent = new RecentProjects(file, 3);
    expect(await recent.list()).toEqual([]);
    await recent.add('/p/a.mlpstudio');
    await recent.add('/p/b.mlpstudio');
    await recent.add('/p/a.mlpstudio');
    expect(await recent.list()).toEqual(['/p/a.mlpstudio', '/p/b.mlpstudio']);
    await recent.add('/p/c.mlpstudio');
    await recent.add('/p/d.mlpstudio');
    expect(await recent.list()).toEqual(['/p/d.mlpstudio', '/p/c.mlpstudio', '/p/a.mlpstudio']);
    expect(await recent.remove('/p/c.mlpstudio')).toEqual(['/p/d.mlpstudio', '/p/a.mlpstudio']);
    // Persisted: a new instance (the next start of the app) reads the same list.
    expect(await new RecentProjects(file, 3).list()).toEqual(['/p/d.mlpstudio', '/p/a.mlpstudio']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ recent: ['/p/d.mlpstudio', '/p/a.mlpstudio'] });
  });

  it('creates its folder on the first change', async () => {
    const file = join(dir, 'new', 'recent.json');
    await new RecentProjects(file).add('/p/a.mlpstudio');
    expect(await new RecentProjects(file).list()).toEqual(['/p/a.mlpstudio']);
  });

  it('loses no update when several run at once', async () => {
    const recent = new RecentProjects(join(dir, 'recent.json'));
    await Promise.all(['a', 'b', 'c', 'd'].map((n) => recent.add(`/p/${n}.mlpstudio`)));
    expect(await recent.list()).toEqual(['/p/d.mlpstudio', '/p/c.mlpstudio', '/p/b.mlpstudio', '/p/a.mlpstudio']);
  });

  it('starts empty from a damaged file and repairs it on the next change', async () => {
    const file = join(dir, 'recent.json');
    for (const damaged of ['{"recent": ["/p/a', '[1, 2]', '{"recent": 5}', '', 'null']) {
      writeFileSync(file, damaged);
      expect(await new RecentProjects(file).list()).toEqual([]);
    }
    writeFileSync(file, JSON.stringify({ recent: ['/p/a.mlpstudio', 7, '', '/p/a.mlpstudio', '/p/b.mlpstudio'] }));
    expect(await new RecentProjects(file).list()).toEqual(['/p/a.mlpstudio', '/p/b.mlpstudio']);
    writeFileSync(file, 'garbage');
    await new RecentProjects(file).add('/p/z.mlpstudio');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ recent: ['/p/z.mlpstudio'] });
    expect(existsSync(file)).toBe(true);
    expect(tempFiles()).toEqual([]);
  });
});

describe.skipIf(process.platform === 'win32')("main's own files, read with the same care as a user's", () => {
  it('a named pipe where an autosave or the recent list should be does not hang the start-up', async () => {
    const folder = join(dir, 'recovery');
    const store = new RecoveryStore(folder);
    await store.save('good', documentNamed('Good'));
    expect(spawnSync('mkfifo', [join(folder, `${'0'.repeat(40)}.mlpstudio`)]).status).toBe(0);
    expect((await store.list()).map((e) => e.key)).toEqual(['good']);

    const file = join(dir, 'recent.json');
    expect(spawnSync('mkfifo', [file]).status).toBe(0);
    const recent = new RecentProjects(file);
    expect(await recent.list()).toEqual([]);
  });
});
