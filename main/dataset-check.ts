// Main's look at a dataset path before the engine may read it: what kind it is (a CSV/TSV file
// or a folder of IDX files; a single IDX file stands for its folder) and whether it is small
// enough to load. It reads names and sizes only, never contents (a named pipe or a device is
// never opened): the engine parses. A refusal reads as the CLI's does, 'PATH: what is wrong'.

import { basename, dirname, extname, isAbsolute } from 'node:path';
import { DatasetError, type DataLimits } from '../shared/engine/datasets/errors';
import { checkFileSize } from '../shared/engine/datasets/from-files';
import { idxFolderFiles, statDatasetPath } from '../shared/node/dataset-files';
import { notRegular } from '../shared/node/regular-file';
import type { DatasetCheck } from '../shared/protocol/ipc';

const CSV_EXTENSIONS = new Set(['.csv', '.txt']);
const IDX_NAME = /(idx\d-ubyte|\.idx\d?)(\.gz)?$/i;

const refuse = (reason: string): DatasetCheck => ({ ok: false, reason });

async function checkIdxFolder(folder: string, limits: DataLimits): Promise<DatasetCheck> {
  const { sizeBytes } = await idxFolderFiles(folder, limits);
  return { ok: true, dataset: { path: folder, kind: 'idx-folder', sizeBytes } };
}

async function check(path: string, limits: DataLimits): Promise<DatasetCheck> {
  if (!isAbsolute(path)) return refuse(`${path}: is not an absolute path`);
  const info = await statDatasetPath(path);
  if (info.isDirectory()) return checkIdxFolder(path, limits);
  if (!info.isFile()) return refuse(`${path}: ${notRegular(info)}`);
  const name = basename(path);
  if (IDX_NAME.test(name)) return checkIdxFolder(dirname(path), limits);
  const ext = extname(name).toLowerCase();
  const kind = CSV_EXTENSIONS.has(ext) ? 'csv' : ext === '.tsv' ? 'tsv' : null;
  if (!kind) return refuse(`${path}: is not a dataset the studio reads: choose a .csv, .tsv or .txt table, or an IDX file or folder`);
  checkFileSize(path, info.size, limits);
  return { ok: true, dataset: { path, kind, sizeBytes: info.size } };
}

export async function checkDatasetPath(path: string, limits: DataLimits): Promise<DatasetCheck> {
  try {
    return await check(path, limits);
  } catch (e) {
    if (e instanceof DatasetError) return refuse(e.message);
    throw e;
  }
}
