// Reading projects and datasets from disk for the CLI, with errors that name the file. A project
// is read as main reads it (shared/node/project-file.ts): .mlpstudio or JSON by content, the path
// checked before it is opened, the same one-line messages.

import { statSync } from 'node:fs';
import { builtinDatasetNames, isBuiltinDatasetName } from '../shared/engine/datasets/builtin';
import type { CsvOptions } from '../shared/engine/datasets/csv';
import { projectFormatOf } from '../shared/engine/datasets/from-files';
import type { Dataset } from '../shared/engine/datasets/types';
import { loadDatasetPath } from '../shared/node/dataset-files';
import { errnoCode } from '../shared/node/fs-errors';
import { readProjectFile } from '../shared/node/project-file';
import { readFileHead } from '../shared/node/regular-file';
import type { ProjectDocument } from '../shared/project/container';
import { resolveDataset } from '../shared/project/dataset';
import type { DatasetRef, Project } from '../shared/project/schema';
import { UsageError } from './errors';

/** The project file at `path` with its weights and run history. */
export async function readProjectDocument(path: string): Promise<ProjectDocument> {
  return (await readProjectFile(path)).document;
}

/** A document's project with its weights inline, as prepareRun takes them. */
export function projectOf(doc: ProjectDocument): Project {
  if (!doc.weights) return doc.project;
  const weights: NonNullable<Project['weights']> = {};
  for (const [name, t] of doc.weights) weights[name] = { shape: [...t.shape], data: Array.from(t.data) };
  return { ...doc.project, weights };
}

export async function readProject(path: string): Promise<Project> {
  return projectOf(await readProjectDocument(path));
}

/**
 * Whether `path` names a project file rather than a dataset, by its first bytes. Only a regular
 * file is looked into; anything else (a folder, a missing path) is left to the dataset loader.
 */
export async function isProjectFile(path: string): Promise<boolean> {
  try {
    return projectFormatOf(await readFileHead(path, 4096, { what: 'a file' })) !== null;
  } catch {
    // Not a readable regular file: the dataset loader looks again and says what is wrong.
    return false;
  }
}

/** Whether something is at `path`: a path that cannot be looked at (permission denied) is there, and the loader says why it cannot be read. */
function isThere(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch (e) {
    return errnoCode(e) !== 'ENOENT' && errnoCode(e) !== 'ENOTDIR';
  }
}

/** `--dataset` takes a built-in name or a path; --label and --missing say how to read a table. */
export function datasetRefFromFlag(value: string, flags: { label?: string; missing?: string } = {}): DatasetRef {
  if (isBuiltinDatasetName(value)) {
    if (flags.label !== undefined || flags.missing !== undefined) throw new UsageError('--label and --missing apply to CSV/TSV files, not built-in datasets');
    return { source: 'builtin', name: value, params: {} };
  }
  if (isThere(value)) {
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

/** `source`: the file a refusal is reported under (the project, else the dataset itself). */
export function loadDataset(ref: DatasetRef, source?: string): Promise<Dataset> {
  return resolveDataset(ref, (file) => loadDatasetPath(file.path, file.csv), source);
}
