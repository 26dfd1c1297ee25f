// Opening dataset files and folders from disk: checks what the path is and how big it is before
// reading, then hands the bytes to the engine's parsers.

import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { totalmem } from 'node:os';
import { parseCsv, type CsvOptions, csvOptionsSchema } from '../shared/engine/datasets/csv';
import { DatasetError, type DataLimits } from '../shared/engine/datasets/errors';
import { isGzip } from '../shared/engine/datasets/gzip';
import { FASHION_MNIST_CLASSES, idxDataset, idxRoles } from '../shared/engine/datasets/idx-dataset';
import type { Dataset } from '../shared/engine/datasets/types';

/** Half the machine's memory, at most 4 GiB: a dataset must fit beside everything else. */
export function defaultLimits(): DataLimits {
  return { maxBytes: Math.min(4 * 1024 ** 3, Math.floor(totalmem() / 2)) };
}

async function statOrExplain(path: string) {
  try {
    return await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new DatasetError(path, why);
  }
}

async function readChecked(path: string, limits: DataLimits): Promise<Uint8Array> {
  const info = await statOrExplain(path);
  if (info.isDirectory()) throw new DatasetError(path, 'is a directory, expected a file');
  if (info.size > limits.maxBytes) {
    throw new DatasetError(path, `file of ${info.size} bytes is larger than the limit of ${limits.maxBytes} bytes`);
  }
  if (info.size === 0) throw new DatasetError(path, 'the file is empty');
  return new Uint8Array(await readFile(path));
}

const looksLikeIdx = (b: Uint8Array) => b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] >= 0x08 && b[2] <= 0x0e;

export async function loadDatasetPath(path: string, csv: Partial<CsvOptions> = {}, limits = defaultLimits()): Promise<Dataset> {
  const info = await statOrExplain(path);
  if (info.isDirectory()) {
    const names = await readdir(path);
    const roles = idxRoles(names);
    if (!roles.trainImages || !roles.trainLabels) {
      throw new DatasetError(path, 'folder holds no IDX dataset (expected train-images-idx3-ubyte and train-labels-idx1-ubyte, optionally .gz)');
    }
    const wanted = Object.values(roles);
    let total = 0;
    for (const name of wanted) total += (await stat(join(path, name))).size;
    if (total > limits.maxBytes) throw new DatasetError(path, `dataset files total ${total} bytes, more than the limit of ${limits.maxBytes}`);
    const files = await Promise.all(wanted.map(async (name) => ({ name, bytes: await readChecked(join(path, name), limits) })));
    const classes = /fashion/i.test(basename(path)) ? FASHION_MNIST_CLASSES : undefined;
    try {
      return idxDataset(basename(path), files, limits, classes);
    } catch (e) {
      // The parsers name files as they sit in the folder; the user needs the full path.
      if (e instanceof DatasetError) throw new DatasetError(e.source === basename(path) ? path : join(path, e.source), e.problem);
      throw e;
    }
  }
  const bytes = await readChecked(path, limits);
  if (isGzip(bytes) || looksLikeIdx(bytes)) {
    throw new DatasetError(path, 'is a single IDX file; open the folder that holds the images and labels together');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DatasetError(path, 'is neither a CSV/TSV text table nor an IDX dataset (it is not valid UTF-8 text)');
  }
  const options = csvOptionsSchema.parse({ ...(/\.tsv$/i.test(path) ? { delimiter: '\t' } : {}), ...csv });
  return parseCsv(text, path, options, limits).dataset;
}
