// Main's project handlers on a real temporary folder with scripted dialogs: open and save (main
// alone picks the paths it writes), the older plain-JSON form migrated, newer and corrupt files
// refused with nothing changed, autosave and restore across sessions, the close question, and
// dataset paths checked before the engine may read them.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProjectService, safeFileName, type ProjectDialogs, type UnsavedAnswer } from '../../main/project-service';
import { RecentProjects, RecoveryStore } from '../../main/project-store';
import { decodeProjectFile, encodeProjectFile, type ProjectDocument } from '../../shared/project/container';
import { parseProject } from '../../shared/project/parse';
import { smallProjectJson } from '../helpers/project-fixture';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlp-studio-service-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const projectJson = smallProjectJson;

function fileOf(name: string, values = [1, 2, 3, 4]): Uint8Array {
  const doc: ProjectDocument = {
    project: parseProject(projectJson(name)),
    weights: new Map([['layers.0.weight', { shape: [2, 2], data: Float32Array.from(values) }]]),
    runs: [],
  };
  return encodeProjectFile(doc);
}

/** Dialogs that answer from queues and record what they were asked. */
class ScriptedDialogs implements ProjectDialogs {
  opens: (string | null)[] = [];
  saves: (string | null)[] = [];
  datasets: (string | null)[] = [];
  unsaved: UnsavedAnswer[] = [];
  asked: string[] = [];
  openProject = async () => (this.asked.push('open'), this.opens.shift() ?? null);
  saveProject = async (suggested: string) => (this.asked.push(`save ${suggested}`), this.saves.shift() ?? null);
  chooseDataset = async () => (this.asked.push('dataset'), this.datasets.shift() ?? null);
  confirmUnsaved = async (name: string) => (this.asked.push(`unsaved ${name}`), this.unsaved.shift() ?? 'cancel');
}

function service(sessionKey = 'session-a', datasetLimits = { maxBytes: 1000 }) {
  const dialogs = new ScriptedDialogs();
  const granted: string[] = [];
  const states: { name: string | null; dirty: boolean }[] = [];
  const recovery = new RecoveryStore(join(dir, 'recovery'));
  const recent = new RecentProjects(join(dir, 'recent.json'));
  const svc = new ProjectService({
    dialogs,
    recovery,
    recent,
    sessionKey,
    grantDataset: (p) => granted.push(p),
    datasetLimits,
    onStateChange: (s) => states.push(s),
  });
  return { svc, dialogs, granted, states, recovery, recent };
}

const nameIn = (bytes: Uint8Array) => decodeProjectFile(bytes, 'test').project.name;

describe('ProjectService: open and save', () => {
  it('saves a new project where the dialog says, then saves there again without asking', async () => {
    const { svc, dialogs, recent, states } = service();
    const target = join(dir, 'iris.mlpstudio');
    dialogs.saves.push(null, target);
    expect(await svc.save({ file: fileOf('Iris') })).toBeNull();
    expect(await svc.save({ file: fileOf('Iris') })).toEqual({ path: target, name: 'iris' });
    expect(dialogs.asked).toEqual(['save Iris.mlpstudio', 'save Iris.mlpstudio']);
    expect(await svc.save({ file: fileOf('Iris v2', [5, 6, 7, 8]) })).toEqual({ path: target, name: 'iris' });
    expect(dialogs.asked).toHaveLength(2);
    const saved = decodeProjectFile(readFileSync(target), target);
    expect(saved.project.name).toBe('Iris v2');
    expect([...saved.weights!.get('layers.0.weight')!.data]).toEqual([5, 6, 7, 8]);
    expect(await recent.list()).toEqual([target]);
    expect(states.at(-1)).toEqual({ name: 'Iris v2', dirty: false });

    // Save As always asks.
    const copy = join(dir, 'copy.mlpstudio');
    dialogs.saves.push(copy);
    expect(await svc.saveAs({ file: fileOf('Copy') })).toEqual({ path: copy, name: 'copy' });
    expect(dialogs.asked.at(-1)).toBe('save Copy.mlpstudio');
  });

  it('refuses bytes that are not a project and writes nothing', async () => {
    const { svc, dialogs } = service();
    const target = join(dir, 'x.mlpstudio');
    dialogs.saves.push(target);
    await expect(svc.save({ file: new TextEncoder().encode('not a project') })).rejects.toThrow(/the project to save/);
    expect(dialogs.asked).toEqual([]);
    expect(() => readFileSync(target)).toThrow();
  });

  it('opens through the dialog and by path, with the recent list newest first', async () => {
    const { svc, dialogs } = service();
    const a = join(dir, 'a.mlpstudio');
    const b = join(dir, 'b.mlpstudio');
    writeFileSync(a, fileOf('A'));
    writeFileSync(b, fileOf('B'));
    dialogs.opens.push(null, a);
    expect(await svc.open()).toBeNull();
    const opened = await svc.open();
    expect(opened).toMatchObject({ path: a, name: 'A' });
    expect(nameIn(opened!.file)).toBe('A');
    expect((await svc.openPath(b)).name).toBe('B');
    expect(await svc.recentProjects()).toEqual([
      { path: b, name: 'b' },
      { path: a, name: 'a' },
    ]);
    // Save goes to the file opened last.
    expect(await svc.save({ file: fileOf('B2') })).toEqual({ path: b, name: 'b' });
    expect(nameIn(readFileSync(b))).toBe('B2');
  });

  it('migrates the older plain JSON form with inline weights, and saves it as a new project file, never over the JSON', async () => {
    const { svc, dialogs } = service();
    const json = join(dir, 'from-cli.json');
    const inline = { 'layers.0.weight': { shape: [2, 2], data: [0.5, -0.5, 0.25, 1] } };
    writeFileSync(json, JSON.stringify(projectJson('From CLI', { weights: inline })));
    const opened = await svc.openPath(json);
    expect(opened.path).toBeNull();
    const doc = decodeProjectFile(opened.file, 'opened');
    expect(doc.project.weights).toBeUndefined();
    expect([...doc.weights!.get('layers.0.weight')!.data]).toEqual([0.5, -0.5, 0.25, 1]);
    const target = join(dir, 'from-cli.mlpstudio');
    dialogs.saves.push(target);
    expect(await svc.save({ file: opened.file })).toEqual({ path: target, name: 'from-cli' });
    expect(JSON.parse(readFileSync(json, 'utf8')).weights).toEqual(inline);
  });

  it('refuses newer, corrupt and foreign files with a message naming them, and changes nothing', async () => {
    const { svc, states } = service();
    const good = join(dir, 'good.mlpstudio');
    writeFileSync(good, fileOf('Good'));
    await svc.openPath(good);
    const before = states.length;

    const newer = join(dir, 'newer.json');
    writeFileSync(newer, JSON.stringify(projectJson('Future', { version: 99 })));
    await expect(svc.openPath(newer)).rejects.toThrow(/newer\.json .*version 99/);
    const corrupt = join(dir, 'corrupt.mlpstudio');
    writeFileSync(corrupt, fileOf('C').subarray(0, 30));
    await expect(svc.openPath(corrupt)).rejects.toThrow(/corrupt\.mlpstudio is truncated or damaged/);
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'shopping: milk, bread\n');
    await expect(svc.openPath(notes)).rejects.toThrow(`${notes} is not an MLP Studio project: it is neither a .mlpstudio project file nor a JSON project`);
    const missing = join(dir, 'missing.mlpstudio');
    await expect(svc.openPath(missing)).rejects.toThrow(`${missing}: cannot be opened: it does not exist`);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"format": "mlp-studio-project",\n "version": 1 "name": "x"}');
    await expect(svc.openPath(broken)).rejects.toThrow(`${broken} is not valid JSON: expected ',' or '}', found '"' (line 2, column 15)`);

    expect(states.length).toBe(before);
    // The open project is still the one Save writes to.
    expect(await svc.save({ file: fileOf('Good 2') })).toEqual({ path: good, name: 'good' });
  });
});

describe('ProjectService: autosave, recovery and closing', () => {
  it('restores an autosave from a session that crashed, and drops it once saved', async () => {
    const crashed = service('session-crashed');
    const original = join(dir, 'work.mlpstudio');
    writeFileSync(original, fileOf('Work'));
    await crashed.svc.openPath(original);
    await crashed.svc.setDirty(true, 'Work');
    await crashed.svc.autosave({ file: fileOf('Work (edited)') });
    // Its own autosave is not offered to the session that wrote it.
    expect(await crashed.svc.recoveryList()).toEqual([]);

    const next = service('session-next');
    const list = await next.svc.recoveryList();
    expect(list).toEqual([{ key: 'session-crashed', name: 'Work (edited)', path: original, savedAt: expect.any(Number) }]);
    expect(Math.abs(list[0].savedAt - Date.now())).toBeLessThan(60_000);
    const restored = await next.svc.recoveryRestore('session-crashed');
    expect(restored.path).toBe(original);
    expect(nameIn(restored.file)).toBe('Work (edited)');
    expect(next.states.at(-1)).toEqual({ name: 'Work (edited)', dirty: true });
    expect(await next.svc.recoveryList()).toHaveLength(1);

    await next.svc.save({ file: restored.file });
    expect(nameIn(readFileSync(original))).toBe('Work (edited)');
    expect(await next.recovery.list()).toEqual([]);
  });

  it('forgets the autosave when the project becomes clean, and discards on request', async () => {
    const { svc, recovery } = service();
    await svc.setDirty(true, 'X');
    await svc.autosave({ file: fileOf('X') });
    expect((await recovery.list()).map((e) => e.key)).toEqual(['session-a']);
    await svc.setDirty(false, 'X');
    expect(await recovery.list()).toEqual([]);

    const other = service('old');
    await other.svc.autosave({ file: fileOf('Old') });
    await svc.recoveryDiscard('old');
    expect(await recovery.list()).toEqual([]);
  });

  it('asks Save / Don\u2019t Save / Cancel only with unsaved changes', async () => {
    const { svc, dialogs, recovery } = service();
    expect(await svc.decideClose()).toBe('close');
    expect(dialogs.asked).toEqual([]);

    await svc.setDirty(true, 'Spirals');
    await svc.autosave({ file: fileOf('Spirals') });
    dialogs.unsaved.push('cancel');
    expect(await svc.decideClose()).toBe('keep-open');
    expect(dialogs.asked).toEqual(['unsaved Spirals']);
    expect(await recovery.list()).toHaveLength(1);

    // Save, but the save dialog is cancelled: the window stays.
    dialogs.unsaved.push('save');
    expect(await svc.decideClose()).toBe('save-then-close');
    dialogs.saves.push(null);
    expect(await svc.save({ file: fileOf('Spirals') })).toBeNull();
    expect(svc.takeCloseAfterSave()).toBe(false);

    // Save, and it is saved: the close goes ahead.
    dialogs.unsaved.push('save');
    expect(await svc.decideClose()).toBe('save-then-close');
    dialogs.saves.push(join(dir, 'spirals.mlpstudio'));
    await svc.save({ file: fileOf('Spirals') });
    expect(svc.takeCloseAfterSave()).toBe(true);
    expect(svc.takeCloseAfterSave()).toBe(false);

    await svc.setDirty(true, 'Spirals');
    await svc.autosave({ file: fileOf('Spirals') });
    dialogs.unsaved.push('discard');
    expect(await svc.decideClose()).toBe('close');
    expect(await recovery.list()).toEqual([]);
  });
});

describe('ProjectService: dataset paths', () => {
  it('checks kind and size, and grants only what passes', async () => {
    const { svc, dialogs, granted } = service();
    const csv = join(dir, 'iris.csv');
    writeFileSync(csv, 'a,b,label\n1,2,x\n');
    expect(await svc.checkDataset(csv)).toEqual({ ok: true, dataset: { path: csv, kind: 'csv', sizeBytes: 16 } });

    const folder = join(dir, 'fashion');
    mkdirSync(folder);
    for (const name of ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz']) writeFileSync(join(folder, name), 'xxxx');
    writeFileSync(join(folder, 'README'), 'not counted');
    expect(await svc.checkDataset(folder)).toEqual({ ok: true, dataset: { path: folder, kind: 'idx-folder', sizeBytes: 8 } });
    // One IDX file stands for its folder (file dialogs cannot pick files and folders at once).
    dialogs.datasets.push(join(folder, 'train-labels-idx1-ubyte.gz'));
    expect(await svc.chooseDataset()).toEqual({ path: folder, kind: 'idx-folder', sizeBytes: 8 });
    expect(granted).toEqual([csv, folder, folder]);

    const refusals: [string, RegExp][] = [
      [join(dir, 'missing.csv'), /^\/.*\/missing\.csv: cannot be opened: it does not exist$/],
      [dir, /holds no IDX dataset/],
      [join(dir, 'photo.png'), /^\/.*\/photo\.png: is not a dataset the studio reads/],
      [join(dir, 'empty.tsv'), /^\/.*\/empty\.tsv: is empty$/],
      [join(dir, 'big.csv'), /^\/.*\/big\.csv: is 0\.0 MiB, more than the limit/],
      ['relative.csv', /^relative\.csv: is not an absolute path$/],
    ];
    writeFileSync(join(dir, 'photo.png'), 'png');
    writeFileSync(join(dir, 'empty.tsv'), '');
    writeFileSync(join(dir, 'big.csv'), '');
    truncateSync(join(dir, 'big.csv'), 1001);
    for (const [path, reason] of refusals) {
      const check = await svc.checkDataset(path);
      expect(check.ok).toBe(false);
      expect(check.ok ? '' : check.reason).toMatch(reason);
    }
    dialogs.datasets.push(join(dir, 'photo.png'), null);
    await expect(svc.chooseDataset()).rejects.toThrow(/photo\.png: is not a dataset/);
    expect(await svc.chooseDataset()).toBeNull();
    expect(granted).toHaveLength(3);
  });

  it('turns a project name into a safe file name', () => {
    expect(safeFileName('Iris: 2/3 <best>')).toBe('Iris_ 2_3 _best_');
    expect(safeFileName('...')).toBe('Untitled');
    expect(safeFileName('../../etc/passwd')).toBe('_.._etc_passwd');
  });
});

describe('ProjectService: what a path is, told by content and kind', () => {
  it('opens a project whatever its name, and saves over it only when it is a .mlpstudio file', async () => {
    const { svc } = service();
    const renamed = join(dir, 'backup.bak');
    writeFileSync(renamed, fileOf('Backup'));
    expect(await svc.openPath(renamed)).toMatchObject({ path: renamed, name: 'Backup' });
    // JSON under the studio's extension is still an import: Save asks where.
    const json = join(dir, 'hand-written.mlpstudio');
    writeFileSync(json, JSON.stringify(projectJson('Hand')));
    expect(await svc.openPath(json)).toMatchObject({ path: null, name: 'Hand' });
  });

  it.skipIf(process.platform === 'win32')('refuses named pipes and devices as projects and datasets without opening them', async () => {
    const { svc, granted } = service();
    const pipe = join(dir, 'pipe.csv');
    expect(spawnSync('mkfifo', [pipe]).status).toBe(0);
    await expect(svc.openPath(pipe)).rejects.toThrow(`${pipe}: is not a regular file (it is a named pipe)`);
    await expect(svc.openPath('/dev/zero')).rejects.toThrow('/dev/zero: is not a regular file (it is a character device)');
    expect(await svc.checkDataset(pipe)).toEqual({ ok: false, reason: `${pipe}: is not a regular file (it is a named pipe)` });
    expect(await svc.checkDataset('/dev/zero')).toEqual({ ok: false, reason: '/dev/zero: is not a regular file (it is a character device)' });
    const folder = join(dir, 'idx');
    mkdirSync(folder);
    writeFileSync(join(folder, 'train-images-idx3-ubyte'), 'xxxx');
    expect(spawnSync('mkfifo', [join(folder, 'train-labels-idx1-ubyte')]).status).toBe(0);
    expect(await svc.checkDataset(folder)).toEqual({ ok: false, reason: `${join(folder, 'train-labels-idx1-ubyte')}: is not a regular file (it is a named pipe)` });
    expect(granted).toEqual([]);
  });

  it('states the table limit, not the 4 GiB dataset limit, for a CSV too long to decode', async () => {
    const { svc } = service('session-a', { maxBytes: 4 * 1024 ** 3 });
    const big = join(dir, 'big.csv');
    writeFileSync(big, 'a,b\n');
    truncateSync(big, 700 * 1024 ** 2);
    const check = await svc.checkDataset(big);
    expect(check).toEqual({
      ok: false,
      reason: `${big}: is 700.0 MiB, more than the limit of 536870888 bytes (just under 512 MiB) for a CSV/TSV table, the longest text this program can decode`,
    });
  });
});
