// Summaries built by the real engine, as the host builds them: load, prepare with a project's
// preprocessing, summarize. Images come from IDX bytes written here; tables from CSV text.

import { summarizeDataset } from '../../../shared/engine/data/summary';
import { loadBuiltinDataset } from '../../../shared/engine/datasets/builtin';
import { parseCsv, csvOptionsSchema, type CsvOptions } from '../../../shared/engine/datasets/csv';
import { DEFAULT_LIMITS } from '../../../shared/engine/datasets/errors';
import { idxDataset } from '../../../shared/engine/datasets/idx-dataset';
import type { Dataset } from '../../../shared/engine/datasets/types';
import { defaultProject } from '../../../shared/project/defaults';
import { prepareData } from '../../../shared/project/prepare';
import type { Preprocessing } from '../../../renderer/src/model/data/types';
import { idxFile } from '../../helpers/idx-files';

export function summarize(dataset: Dataset, preprocessing: Partial<Preprocessing> = {}, samples?: number) {
  const project = defaultProject({ source: 'file', path: dataset.name }, dataset);
  const p = { ...project, preprocessing: { ...project.preprocessing, ...preprocessing } };
  return summarizeDataset(prepareData(p, dataset), samples);
}

export function builtinSummary(name: string, params: Record<string, unknown> = {}, preprocessing: Partial<Preprocessing> = {}, samples?: number) {
  return summarize(loadBuiltinDataset(name, params), preprocessing, samples);
}

export function csvSummary(text: string, options: Partial<CsvOptions> = {}, preprocessing: Partial<Preprocessing> = {}) {
  const { dataset } = parseCsv(text, 'table.csv', csvOptionsSchema.parse(options), DEFAULT_LIMITS);
  return summarize(dataset, preprocessing);
}

const idx = (dims: number[], data: number[]): Uint8Array => idxFile(dims, Uint8Array.from(data));

/** Images of 2x3 pixels with labels; with `test`, a t10k pair that becomes the dataset's own test split. */
export function imageSummary(images: number[][], labels: number[], test?: { images: number[][]; labels: number[] }, preprocessing: Partial<Preprocessing> = {}) {
  const files = [
    { name: 'train-images-idx3-ubyte', bytes: idx([images.length, 2, 3], images.flat()) },
    { name: 'train-labels-idx1-ubyte', bytes: idx([labels.length], labels) },
  ];
  if (test) {
    files.push({ name: 't10k-images-idx3-ubyte', bytes: idx([test.images.length, 2, 3], test.images.flat()) });
    files.push({ name: 't10k-labels-idx1-ubyte', bytes: idx([test.labels.length], test.labels) });
  }
  return summarize(idxDataset('tiny', files, DEFAULT_LIMITS), preprocessing);
}
