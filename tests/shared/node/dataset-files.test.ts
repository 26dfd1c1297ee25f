// Dataset files on disk, as main, the engine process, the CLI and the benchmarks read them: the
// path checked (kind, size) before any byte is read, and every refusal naming the full path.

import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError, MAX_DATASET_BYTES } from '../../../shared/engine/datasets/errors';
import { datasetLimits, idxFolderFiles, loadDatasetPath, statDatasetPath } from '../../../shared/node/dataset-files';
import { idxFiles } from '../../helpers/idx-files';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'mlp-dataset-files-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function folder(name: string, files = idxFiles()): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
  return dir;
}

function file(name: string, content: string | Uint8Array): string {
  writeFileSync(join(tmp, name), content);
  return join(tmp, name);
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable('expected a DatasetError'),
    (e: unknown) => {
      expect(e).toBeInstanceOf(DatasetError);
      return (e as DatasetError).message;
    },
  );

describe('datasetLimits', () => {
  it('is half the memory, at most the one dataset limit', () => {
    expect(datasetLimits().maxBytes).toBe(Math.min(MAX_DATASET_BYTES, Math.floor(totalmem() / 2)));
  });
});

describe('loadDatasetPath', () => {
  it('loads a folder of IDX files, named for the folder, and a CSV file, named for its path', async () => {
    const dir = folder('fashion-tiny');
    const idx = await loadDatasetPath(dir);
    expect(idx).toMatchObject({ name: 'fashion-tiny', imageShape: [2, 2] });
    expect(idx.classNames[0]).toBe('T-shirt/top');
    expect(idx.test?.n).toBe(3);
    const csv = await loadDatasetPath(file('t.csv', 'x,y,label\n1,2,a\n3,4,b\n'), { labelColumn: 'label' });
    expect(csv).toMatchObject({ name: join(tmp, 't.csv'), numFeatures: 2 });
  });

  it('counts only the IDX files of a folder', async () => {
    const dir = folder('with-readme');
    writeFileSync(join(dir, 'README'), 'x'.repeat(10_000));
    const found = await idxFolderFiles(dir, { maxBytes: 1000 });
    expect(found.files.map((f) => f.name).sort()).toEqual(idxFiles().map((f) => f.name).sort());
    expect(found.sizeBytes).toBe(idxFiles().reduce((n, f) => n + f.bytes.length, 0));
  });

  it('refuses what cannot be loaded, naming the full path and the problem', async () => {
    const missing = join(tmp, 'missing.csv');
    expect(await refusal(loadDatasetPath(missing))).toBe(`${missing}: cannot be opened: it does not exist`);
    await expect(statDatasetPath(missing)).rejects.toThrow(`${missing}: cannot be opened: it does not exist`);

    const empty = folder('empty-folder', []);
    expect(await refusal(loadDatasetPath(empty))).toMatch(new RegExp(`^${empty}: holds no IDX dataset: expected train-images-idx3-ubyte`));

    expect(await refusal(loadDatasetPath(file('empty.csv', '')))).toBe(`${join(tmp, 'empty.csv')}: is empty`);

    const big = file('big.csv', '');
    truncateSync(big, 2 * 1024 ** 2);
    expect(await refusal(loadDatasetPath(big, {}, { maxBytes: 1024 ** 2 }))).toBe(`${big}: is 2.0 MiB, more than the limit of 1.0 MiB`);

    const bigFolder = folder('big-folder');
    expect(await refusal(loadDatasetPath(bigFolder, {}, { maxBytes: 10 }))).toMatch(new RegExp(`^${bigFolder}: holds 0\\.0 MiB of IDX files, more than the limit`));
  });

  it('names the broken file inside a folder by its full path', async () => {
    const files = idxFiles();
    files[0] = { name: files[0].name, bytes: files[0].bytes.subarray(0, 20) };
    const dir = folder('truncated', files);
    expect(await refusal(loadDatasetPath(dir))).toMatch(new RegExp(`^${join(dir, 'train-images-idx3-ubyte')}: .*truncated`));
  });

  it('refuses one IDX file on its own, even one named like a folder member', async () => {
    const dir = folder('single');
    const path = join(dir, 'train-images-idx3-ubyte');
    expect(await refusal(loadDatasetPath(path))).toMatch(new RegExp(`^${path}: is a single IDX file`));
  });
});
