// Turns a project's dataset reference into a Dataset: built-in generators and inline arrays here,
// files through a loader the host supplies (the engine itself never touches the file system).

import { loadBuiltinDataset } from '../engine/datasets/builtin';
import type { Dataset, Table } from '../engine/datasets/types';
import type { DatasetRef } from './schema';

export type FileDatasetLoader = (ref: Extract<DatasetRef, { source: 'file' }>) => Dataset | Promise<Dataset>;

type InlineTable = Extract<DatasetRef, { source: 'inline' }>['train'];

function inlineTable(t: InlineTable, task: 'classification' | 'regression', features: number, part: string): Table {
  const n = t.features.length;
  const x = new Float64Array(n * features);
  t.features.forEach((row, i) => {
    if (row.length !== features) throw new Error(`Inline ${part} row ${i} has ${row.length} features, expected ${features}`);
    x.set(row, i * features);
  });
  if (task === 'classification') {
    if (!t.labels || t.labels.length !== n) throw new Error(`Inline ${part} split needs one label per row (${n})`);
    return { x, n, labels: Int32Array.from(t.labels) };
  }
  if (!t.targets || t.targets.length !== n) throw new Error(`Inline ${part} split needs one target row per row (${n})`);
  const cols = t.targets[0].length;
  const targets = new Float32Array(n * cols);
  t.targets.forEach((row, i) => {
    if (row.length !== cols) throw new Error(`Inline ${part} target row ${i} has ${row.length} values, expected ${cols}`);
    targets.set(row, i * cols);
  });
  return { x, n, targets };
}

export function inlineDataset(ref: Extract<DatasetRef, { source: 'inline' }>): Dataset {
  const features = ref.train.features[0].length;
  const train = inlineTable(ref.train, ref.task, features, 'train');
  const test = ref.test ? inlineTable(ref.test, ref.task, features, 'test') : undefined;
  let targetSize: number;
  let classNames: string[] = [];
  if (ref.task === 'classification') {
    const maxLabel = Math.max(...ref.train.labels!, ...(ref.test?.labels ?? []));
    targetSize = Math.max(ref.classNames?.length ?? 0, maxLabel + 1);
    classNames = ref.classNames ?? Array.from({ length: targetSize }, (_, i) => `class ${i}`);
  } else {
    targetSize = ref.train.targets![0].length;
  }
  return {
    name: ref.name,
    task: ref.task,
    numFeatures: features,
    featureNames: ref.featureNames ?? Array.from({ length: features }, (_, i) => `x${i + 1}`),
    classNames,
    targetSize,
    train,
    ...(test ? { test } : {}),
  };
}

/** `source`, when given, names the file a refusal is reported under (the project that refers to the data). */
export async function resolveDataset(ref: DatasetRef, loadFile?: FileDatasetLoader, source?: string): Promise<Dataset> {
  switch (ref.source) {
    case 'builtin':
      return loadBuiltinDataset(ref.name, ref.params, source);
    case 'inline':
      return inlineDataset(ref);
    case 'file':
      if (!loadFile) throw new Error(`Dataset file '${ref.path}' cannot be opened here: no file loader is available`);
      return loadFile(ref);
  }
}
