// What a dataset looks like, for the data panel and the CLI: split sizes, class balance,
// per-feature statistics before and after normalization, and a few samples.

import type { Dataset, Table } from '../datasets/types';
import type { Normalizer } from './normalize';

export interface FeatureStats {
  name: string;
  min: number;
  max: number;
  mean: number;
  std: number;
  missing: number;
}

export interface DatasetSummary {
  name: string;
  /** What the data is, in words, as its reader found it (e.g. an IDX set's class count). */
  description?: string;
  task: Dataset['task'];
  features: number;
  /** Values a network must output: one per class, or per regression target. */
  outputs: number;
  imageShape?: readonly [number, number];
  classNames: readonly string[];
  sizes: { train: number; validation: number; test: number };
  /** Samples per class in each split (classification). */
  classBalance?: { train: number[]; validation: number[]; test: number[] };
  /** Per feature for tables; one entry over all pixels for images (as they are normalized). */
  before: FeatureStats[];
  after: FeatureStats[];
  /** Training rows spread evenly over the split, as stored, with their labels or targets. */
  samples: { features: number[]; label?: number; target?: number[] }[];
}

export interface SummaryInput {
  dataset: Dataset;
  trainRows: Int32Array;
  validationRows: Int32Array | null;
  test: { table: Table; rows: Int32Array } | null;
  normalizer: Normalizer;
}

/** Statistics of the given columns; with `norm`, of the values after filling and scaling. */
function stats(
  name: string,
  table: Table,
  features: number,
  rows: Int32Array,
  cols: number[],
  norm?: { scale: number; shift: number; fill: number },
): FeatureStats {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSq = 0;
  let count = 0;
  let missing = 0;
  for (const r of rows) {
    for (const j of cols) {
      let v = table.x[r * features + j];
      if (v !== v) {
        missing++;
        if (!norm) continue;
        v = norm.fill;
      }
      if (norm) v = v * norm.scale + norm.shift;
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      sumSq += v * v;
      count++;
    }
  }
  const mean = count ? sum / count : 0;
  return {
    name,
    min: count ? min : 0,
    max: count ? max : 0,
    mean,
    std: count ? Math.sqrt(Math.max(sumSq / count - mean * mean, 0)) : 0,
    missing,
  };
}

function balance(table: Table, rows: Int32Array | undefined, k: number): number[] {
  const counts = new Array<number>(k).fill(0);
  if (rows && table.labels) for (const r of rows) counts[table.labels[r]]++;
  return counts;
}

/** At most this many rows are scanned for statistics; enough for stable figures, fast on 60,000 images. */
const STAT_ROWS = 5000;

export function summarizeDataset(input: SummaryInput, sampleCount = 32): DatasetSummary {
  const { dataset, trainRows, normalizer } = input;
  const f = dataset.numFeatures;
  const rows = trainRows.length > STAT_ROWS ? trainRows.subarray(0, STAT_ROWS) : trainRows;
  const before: FeatureStats[] = [];
  const after: FeatureStats[] = [];
  if (normalizer.scope === 'global') {
    const all = Array.from({ length: f }, (_, j) => j);
    before.push(stats('all pixels', dataset.train, f, rows, all));
    after.push(stats('all pixels', dataset.train, f, rows, all, { scale: normalizer.scale[0], shift: normalizer.shift[0], fill: 0 }));
  } else {
    for (let j = 0; j < f; j++) {
      const name = dataset.featureNames[j] ?? `feature ${j + 1}`;
      before.push(stats(name, dataset.train, f, rows, [j]));
      after.push(stats(name, dataset.train, f, rows, [j], { scale: normalizer.scale[j], shift: normalizer.shift[j], fill: normalizer.fill?.[j] ?? 0 }));
    }
  }
  const k = dataset.classNames.length;
  const t = dataset.train;
  // Spread over the training rows: the first rows of a sorted file are often all one class.
  const picks = Int32Array.from({ length: Math.min(sampleCount, trainRows.length) }, (_, i) => trainRows[Math.floor((i * trainRows.length) / Math.min(sampleCount, trainRows.length))]);
  const samples = Array.from(picks, (r) => ({
    features: Array.from(t.x.subarray(r * f, (r + 1) * f)),
    ...(t.labels ? { label: t.labels[r] } : {}),
    ...(t.targets ? { target: Array.from(t.targets.subarray(r * dataset.targetSize, (r + 1) * dataset.targetSize)) } : {}),
  }));
  return {
    name: dataset.name,
    ...(dataset.description ? { description: dataset.description } : {}),
    task: dataset.task,
    features: f,
    outputs: dataset.targetSize,
    ...(dataset.imageShape ? { imageShape: dataset.imageShape } : {}),
    classNames: dataset.classNames,
    sizes: { train: trainRows.length, validation: input.validationRows?.length ?? 0, test: input.test?.rows.length ?? 0 },
    ...(dataset.task === 'classification'
      ? {
          classBalance: {
            train: balance(t, trainRows, k),
            validation: balance(t, input.validationRows ?? undefined, k),
            test: input.test ? balance(input.test.table, input.test.rows, k) : new Array<number>(k).fill(0),
          },
        }
      : {}),
    before,
    after,
    samples,
  };
}
