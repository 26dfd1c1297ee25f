// From a parsed project and its dataset to a ready training run: checks the model against the
// data and the run against the memory it may take, splits and normalizes without leakage, builds
// the network and loads saved weights. Everything refused here was found after parsing, so each
// refusal names the file it came from when the caller says which (`source`).

import { EVAL_CHUNK, defaultMemoryLimit, overBudget } from '../engine/budget';
import { describeValue } from '../engine/config';
import { fitNormalizer, type Normalizer } from '../engine/data/normalize';
import { allRows, splitRows } from '../engine/data/split';
import { DatasetError } from '../engine/datasets/errors';
import { STREAM } from '../engine/random';
import type { Dataset } from '../engine/datasets/types';
import { Model } from '../engine/model';
import { Network } from '../engine/network';
import type { DType } from '../engine/tensor';
import type { MatrixKernel } from '../engine/kernel/types';
import type { RunSetup, TrainingData } from '../engine/trainer';
import { validateModel, type ModelIssue } from '../engine/validate';
import type { Project } from './schema';

export function describeModelIssue(issue: ModelIssue): string {
  return issue.layer === null ? issue.message : `layer ${issue.layer}: ${issue.message}`;
}

/**
 * A problem found after parsing, in the one shape a file's errors have: a DatasetError reading
 * `source: problem (where)`. Without a source (tests, callers that name nothing) the bare problem.
 */
export function refusal(source: string | undefined, problem: string, where?: string): Error {
  const text = where ? `${problem} (${where})` : problem;
  return source === undefined ? new Error(text.charAt(0).toUpperCase() + text.slice(1)) : new DatasetError(source, text);
}

function modelRefusal(source: string | undefined, errors: readonly ModelIssue[]): Error {
  // Unnamed, the layer leads, as the canvas and older callers read it; named, it is the "where".
  if (source === undefined) return new Error(errors.map(describeModelIssue).join('; '));
  return new DatasetError(source, errors.map((i) => (i.layer === null ? i.message : `${i.message} (layer ${i.layer})`)).join('; '));
}

export interface PrepareOptions {
  dtype?: DType;
  /** Rows per evaluation chunk; the network's capacity is the larger of this and the batch size. */
  evalChunk?: number;
  /** The matrix kernel; the fastest available when absent. */
  kernel?: MatrixKernel;
  /** What the user opened, as refusals name it: the project file's path, else the dataset's name or path. */
  source?: string;
  /**
   * Bytes the run may take: Node hosts pass runMemoryLimit() (shared/node/memory-limits.ts);
   * absent, the browser's defaultMemoryLimit(), so no caller builds a network unchecked.
   */
  memoryLimit?: number;
}

/**
 * Why this project's run would not fit in the memory it may take, or null: the same figure
 * prepareRun refuses with, for checking a whole grid before its first run allocates anything.
 */
export function runBudgetProblem(project: Project, dataset: Dataset, options: PrepareOptions = {}, subject?: string): string | null {
  const { batchSize, earlyStopping } = project.training;
  const plan = {
    layers: project.network.layers,
    inputSize: dataset.numFeatures,
    capacity: Math.max(batchSize, options.evalChunk ?? EVAL_CHUNK),
    batchSize,
    optimizer: project.optimizer.type,
    dtype: options.dtype ?? 'float32',
    earlyStopping: earlyStopping !== null,
  };
  return overBudget(plan, options.memoryLimit ?? defaultMemoryLimit(), subject)?.message ?? null;
}

/**
 * A dataset of one class (a table whose label column holds one value) leaves nothing to tell
 * apart, and failed only deep in the metrics once trained (a prediction out of the one class's
 * range); said up front, with the label, it is a fact about the data. The number of classes is
 * the dataset's, not the rows': a lecture example of one flower still names its three species.
 */
function checkClasses(dataset: Dataset, source: string | undefined): void {
  if (dataset.task !== 'classification' || dataset.targetSize >= 2) return;
  const where = source?.includes(dataset.name) ? undefined : `dataset '${dataset.name}'`;
  // describeValue quotes and shortens a label read from a file, which may be any text.
  const only = dataset.classNames[0] ?? (dataset.train.n > 0 ? String(dataset.train.labels?.[0] ?? 0) : undefined);
  const problem =
    only === undefined ? 'it has no classes; classification needs at least two' : `every row has label ${describeValue(only)}; classification needs at least two classes`;
  throw refusal(source, problem, where);
}

/** Splits and normalizer of a project's data: seeded, stratified on request, fitted on training rows only. */
export function prepareData(project: Project, dataset: Dataset, source?: string): TrainingData {
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
    throw refusal(source, `The saved normalizer has ${normalizer.scale.length} features, the dataset has ${dataset.numFeatures}`, 'preprocessing.normalizer');
  }

  return { dataset, trainRows: split.train, validationRows: split.holdout.length ? split.holdout : null, test, normalizer };
}

export function prepareRun(project: Project, dataset: Dataset, options: PrepareOptions = {}): RunSetup {
  const { source } = options;
  checkClasses(dataset, source);
  const issues = validateModel(project.network.layers, project.loss, {
    inputSize: dataset.numFeatures,
    task: dataset.task,
    targetSize: dataset.targetSize,
  });
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length) throw modelRefusal(source, errors);
  const tooBig = runBudgetProblem(project, dataset, options);
  if (tooBig) throw refusal(source, tooBig);

  const data = prepareData(project, dataset, source);
  if (data.trainRows.length === 0) {
    const { validationSplit, testSplit } = project.preprocessing;
    const rows = `${dataset.train.n} row${dataset.train.n === 1 ? '' : 's'}`;
    throw refusal(source, 'The training split is empty: lower the validation or test split', `${rows}, validationSplit ${validationSplit}, testSplit ${testSplit}`);
  }
  const capacity = Math.max(project.training.batchSize, options.evalChunk ?? EVAL_CHUNK);
  const network = new Network(project.network, {
    inputSize: dataset.numFeatures,
    capacity,
    dtype: options.dtype ?? 'float32',
    seed: project.seed,
    ...(options.kernel ? { kernel: options.kernel } : {}),
  });
  if (project.weights) {
    try {
      network.setTensors(new Map(Object.entries(project.weights)), true);
    } catch (e) {
      // The network checks every name and shape; the file is what holds the wrong ones.
      throw refusal(source, (e as Error).message, 'weights');
    }
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

/**
 * The project without a fitted normalizer, so that the next run fits one on its data. A saved
 * normalizer belongs to the weights trained with it; a fresh run, another dataset or another
 * normalization setting needs its own.
 */
export function withoutNormalizer(project: Project): Project {
  if (!project.preprocessing.normalizer) return project;
  const { normalizer: _normalizer, ...preprocessing } = project.preprocessing;
  return { ...project, preprocessing };
}
