// From a parsed project and its dataset to a ready training run: checks the model against the
// data, splits and normalizes without leakage, builds the network and loads saved weights.

import { fitNormalizer, type Normalizer } from '../engine/data/normalize';
import { allRows, splitRows } from '../engine/data/split';
import { STREAM } from '../engine/random';
import type { Dataset } from '../engine/datasets/types';
import { Model } from '../engine/model';
import { Network } from '../engine/network';
import type { DType } from '../engine/tensor';
import type { MatrixKernel } from '../engine/kernel/types';
import type { RunSetup, TrainingData } from '../engine/trainer';
import { validateModel, type ModelIssue } from '../engine/validate';
import type { Project } from './schema';

export class ModelError extends Error {
  override readonly name = 'ModelError';
  constructor(readonly issues: ModelIssue[]) {
    super(issues.filter((i) => i.severity === 'error').map(describeModelIssue).join('; '));
  }
}

export function describeModelIssue(issue: ModelIssue): string {
  return issue.layer === null ? issue.message : `layer ${issue.layer}: ${issue.message}`;
}

export interface PrepareOptions {
  dtype?: DType;
  /** Rows per evaluation chunk; the network's capacity is the larger of this and the batch size. */
  evalChunk?: number;
  /** The matrix kernel; the fastest available when absent. */
  kernel?: MatrixKernel;
}

/** Splits and normalizer of a project's data: seeded, stratified on request, fitted on training rows only. */
export function prepareData(project: Project, dataset: Dataset): TrainingData {
  const { validationSplit, testSplit, stratify } = project.preprocessing;
  const labels = dataset.task === 'classification' && stratify ? dataset.train.labels : undefined;
  let pool = allRows(dataset.train.n);
  let test: TrainingData['test'] = dataset.test ? { table: dataset.test, rows: allRows(dataset.test.n) } : null;
  if (!dataset.test && testSplit > 0) {
    const held = splitRows(pool, testSplit, project.seed, labels, STREAM.testSplit);
    pool = held.train;
    test = { table: dataset.train, rows: held.holdout };
  }
  const split = validationSplit > 0 ? splitRows(pool, validationSplit, project.seed, labels) : { train: pool, holdout: new Int32Array(0) };
  const normalizer: Normalizer =
    project.preprocessing.normalizer ?? fitNormalizer(project.preprocessing.normalization, dataset.train, dataset.numFeatures, split.train);
  if (normalizer.scale.length !== dataset.numFeatures) {
    throw new Error(`The saved normalizer has ${normalizer.scale.length} features, the dataset has ${dataset.numFeatures}`);
  }

  return { dataset, trainRows: split.train, validationRows: split.holdout.length ? split.holdout : null, test, normalizer };
}

export function prepareRun(project: Project, dataset: Dataset, options: PrepareOptions = {}): RunSetup {
  const issues = validateModel(project.network.layers, project.loss, {
    inputSize: dataset.numFeatures,
    task: dataset.task,
    targetSize: dataset.targetSize,
  });
  if (issues.some((i) => i.severity === 'error')) throw new ModelError(issues);

  const data = prepareData(project, dataset);
  const capacity = Math.max(project.training.batchSize, options.evalChunk ?? 256);
  const network = new Network(project.network, {
    inputSize: dataset.numFeatures,
    capacity,
    dtype: options.dtype ?? 'float32',
    seed: project.seed,
    ...(options.kernel ? { kernel: options.kernel } : {}),
  });
  if (project.weights) {
    network.setTensors(new Map(Object.entries(project.weights)), true);
  }
  return {
    model: new Model(network, project.loss, dataset.task),
    optimizer: project.optimizer,
    schedule: project.schedule,
    training: project.training,
    seed: project.seed,
    data,
    warnings: issues.filter((i) => i.severity === 'warning').map(describeModelIssue),
  };
}
