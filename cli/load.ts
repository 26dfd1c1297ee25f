// Reading projects and datasets from disk for the CLI, with errors that name the file.

import { readFile, rename, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { builtinDatasetNames, isBuiltinDatasetName } from '../shared/engine/datasets/builtin';
import type { Dataset } from '../shared/engine/datasets/types';
import { loadDatasetPath } from './dataset-files';
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

/** `--dataset` takes a built-in name or a path. */
export function datasetRefFromFlag(value: string): DatasetRef {
  if (isBuiltinDatasetName(value)) return { source: 'builtin', name: value, params: {} };
  if (existsSync(value)) return { source: 'file', path: value };
  throw new UsageError(`Unknown dataset '${value}': not a built-in dataset (${builtinDatasetNames().join(', ')}) and no such file`);
}

export function loadDataset(ref: DatasetRef): Promise<Dataset> {
  return resolveDataset(ref, (path) => loadDatasetPath(path));
}

/** Writes through a temporary file and a rename, so an interrupted save never leaves half a file. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text, { flush: true });
  await rename(tmp, path);
}
