// Main's look at a dataset path before the engine may read it: what kind it is (a CSV/TSV file
// or a folder of IDX files; a single IDX file stands for its folder) and whether it is small
// enough to load. It reads names and sizes only, never contents: the engine parses.

import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join } from 'node:path';
import { idxRoles } from '../shared/engine/datasets/idx-dataset';
import type { DatasetCheck } from '../shared/protocol/ipc';

export interface DatasetCheckLimits {
  /** Largest file, or sum of a folder's IDX files, in bytes. */
  maxBytes: number;
}

const CSV_EXTENSIONS = new Set(['.csv', '.txt']);
const IDX_NAME = /(idx\d-ubyte|\.idx\d?)(\.gz)?$/i;

const refuse = (reason: string): DatasetCheck => ({ ok: false, reason });
const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;

async function statOf(path: string) {
  try {
    return await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (e as Error).message;
    return why;
  }
}

async function checkIdxFolder(folder: string, limits: DatasetCheckLimits): Promise<DatasetCheck> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (e) {
    return refuse(`${folder} cannot be read: ${(e as Error).message}`);
  }
  const roles = idxRoles(names);
  if (!roles.trainImages || !roles.trainLabels) {
    return refuse(`${folder} holds no IDX dataset: expected train-images-idx3-ubyte and train-labels-idx1-ubyte (optionally .gz)`);
  }
  let total = 0;
  for (const name of Object.values(roles)) {
    const info = await statOf(join(folder, name));
    if (typeof info === 'string') return refuse(`${join(folder, name)} cannot be read: ${info}`);
    total += info.size;
  }
  if (total > limits.maxBytes) return refuse(`${folder} holds ${mib(total)} of IDX files, more than the limit of ${mib(limits.maxBytes)}`);
  return { ok: true, dataset: { path: folder, kind: 'idx-folder', sizeBytes: total } };
}

export async function checkDatasetPath(path: string, limits: DatasetCheckLimits): Promise<DatasetCheck> {
  if (!isAbsolute(path)) return refuse(`${path} is not an absolute path`);
  const info = await statOf(path);
  if (typeof info === 'string') return refuse(`${path} cannot be opened: ${info}`);
  if (info.isDirectory()) return checkIdxFolder(path, limits);
  if (!info.isFile()) return refuse(`${path} is not a regular file`);
  const name = basename(path);
  if (IDX_NAME.test(name)) return checkIdxFolder(dirname(path), limits);
  const ext = extname(name).toLowerCase();
  const kind = CSV_EXTENSIONS.has(ext) ? 'csv' : ext === '.tsv' ? 'tsv' : null;
  if (!kind) return refuse(`${name} is not a dataset the studio reads: choose a .csv, .tsv or .txt table, or an IDX file or folder`);
  if (info.size === 0) return refuse(`${path} is empty`);
  if (info.size > limits.maxBytes) return refuse(`${path} is ${mib(info.size)}, more than the limit of ${mib(limits.maxBytes)}`);
  return { ok: true, dataset: { path, kind, sizeBytes: info.size } };
}
