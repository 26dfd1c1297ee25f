// Dataset files and folders on disk, for every Node host (the desktop app's main and engine
// processes, the CLI, the benchmarks): what a path is, how big, and its bytes. Kinds and sizes
// are checked before anything is opened or read (a named pipe or a device is never opened);
// judging and decoding the bytes is shared/engine/datasets/from-files.ts.

import type { Stats } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { totalmem } from 'node:os';
import type { CsvOptions } from '../engine/datasets/csv';
import { DatasetError, MAX_DATASET_BYTES, overLimit, type DataLimits } from '../engine/datasets/errors';
import { checkFileSize, datasetFromFiles, tableFromFile } from '../engine/datasets/from-files';
import { idxRoles, type DataFile } from '../engine/datasets/idx-dataset';
import type { Dataset } from '../engine/datasets/types';
import { FileRefusal, fsReason } from './fs-errors';
import { notRegular, readRegularFile, statPath } from './regular-file';

/** Half the machine's memory, at most MAX_DATASET_BYTES: a dataset must fit beside everything else. */
export function datasetLimits(): DataLimits {
  return { maxBytes: Math.min(MAX_DATASET_BYTES, Math.floor(totalmem() / 2)) };
}

/** A file refusal as the DatasetError every dataset failure is. */
const asDatasetError = (e: unknown): unknown => (e instanceof FileRefusal ? new DatasetError(e.path, e.problem) : e);

/** stat, with a refusal that says why the path cannot be opened. */
export async function statDatasetPath(path: string): Promise<Stats> {
  try {
    return await statPath(path);
  } catch (e) {
    throw asDatasetError(e);
  }
}

export interface IdxFolder {
  folder: string;
  /** The IDX files of the dataset (by their roles: train and t10k images and labels), not the folder's other files. */
  files: { name: string; size: number }[];
  sizeBytes: number;
}

/** The IDX files of a folder and their total size, refused when the train pair is missing, one is not a regular file or the total is over the limit. */
export async function idxFolderFiles(folder: string, limits: DataLimits): Promise<IdxFolder> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (e) {
    throw new DatasetError(folder, `cannot be read: ${fsReason(e)}`);
  }
  const roles = idxRoles(names);
  if (!roles.trainImages || !roles.trainLabels) {
    throw new DatasetError(folder, 'holds no IDX dataset: expected train-images-idx3-ubyte and train-labels-idx1-ubyte (optionally .gz)');
  }
  const files: IdxFolder['files'] = [];
  for (const name of Object.values(roles)) {
    const info = await statDatasetPath(join(folder, name));
    if (!info.isFile()) throw new DatasetError(join(folder, name), notRegular(info));
    files.push({ name, size: info.size });
  }
  const sizeBytes = files.reduce((sum, f) => sum + f.size, 0);
  if (sizeBytes > limits.maxBytes) throw new DatasetError(folder, overLimit(sizeBytes, limits, 'idx-folder'));
  return { folder, files, sizeBytes };
}

async function readBytes(path: string, checkSize?: (size: number) => void): Promise<Uint8Array> {
  try {
    return await readRegularFile(path, { what: 'a dataset file', checkSize });
  } catch (e) {
    throw asDatasetError(e);
  }
}

/** The dataset at `path`: a CSV/TSV file, or a folder of IDX files. Errors are DatasetErrors naming the full path. */
export async function loadDatasetPath(path: string, csv: Partial<CsvOptions> = {}, limits = datasetLimits()): Promise<Dataset> {
  const info = await statDatasetPath(path);
  if (info.isDirectory()) {
    const { files } = await idxFolderFiles(path, limits);
    const read: DataFile[] = await Promise.all(files.map(async ({ name }) => ({ name, bytes: await readBytes(join(path, name)) })));
    try {
      return datasetFromFiles(read, csv, limits, basename(path));
    } catch (e) {
      // The decoders name files as they sit in the folder; the user needs the full path.
      if (e instanceof DatasetError) throw new DatasetError(e.source === basename(path) ? path : join(path, e.source), e.problem);
      throw e;
    }
  }
  if (!info.isFile()) throw new DatasetError(path, notRegular(info));
  // As a table by its path, even when it is named like one of a folder's IDX files.
  const bytes = await readBytes(path, (size) => checkFileSize(path, size, limits));
  return tableFromFile({ name: path, bytes }, csv, limits);
}
