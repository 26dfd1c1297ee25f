// Reading projects and datasets from disk for the CLI, with errors that name the file.

import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { builtinDatasetNames, isBuiltinDatasetName } from '../shared/engine/datasets/builtin';
import type { CsvOptions } from '../shared/engine/datasets/csv';
import type { Dataset } from '../shared/engine/datasets/types';
import { loadDatasetPath } from '../shared/node/dataset-files';
import { resolveDataset } from '../shared/project/dataset';
import { parseProjectText } from '../shared/project/parse';
import type { DatasetRef, Project } from '../shared/project/schema';
import { UsageError } from './errors';

export async function readProject(path: string): Promise<Project> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    throw new UsageError(`Cannot read project '${path}': ${why}`);
  }
  return parseProjectText(text, `Project '${path}'`);
}

/** `--dataset` takes a built-in name or a path; --label and --missing say how to read a table. */
export function datasetRefFromFlag(value: string, flags: { label?: string; missing?: string } = {}): DatasetRef {
  if (isBuiltinDatasetName(value)) {
    if (flags.label !== undefined || flags.missing !== undefined) throw new UsageError('--label and --missing apply to CSV/TSV files, not built-in datasets');
    return { source: 'builtin', name: value, params: {} };
  }
  if (existsSync(value)) {
    const csv: Partial<CsvOptions> = {};
    if (flags.label !== undefined) csv.labelColumn = /^-?\d+$/.test(flags.label) ? Number(flags.label) : flags.label;
    if (flags.missing !== undefined) {
      if (flags.missing !== 'drop' && flags.missing !== 'mean') throw new UsageError(`--missing must be 'drop' or 'mean', got '${flags.missing}'`);
      csv.missing = flags.missing;
    }
    return { source: 'file', path: value, ...(Object.keys(csv).length ? { csv } : {}) };
  }
  throw new UsageError(`Unknown dataset '${value}': not a built-in dataset (${builtinDatasetNames().join(', ')}) and no such file`);
}

export function loadDataset(ref: DatasetRef): Promise<Dataset> {
  return resolveDataset(ref, (file) => loadDatasetPath(file.path, file.csv));
}
