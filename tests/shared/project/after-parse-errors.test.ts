// What is refused after a file parsed: the model against the data, saved weights and normalizer,
// built-in dataset parameters, the splits, a one-class dataset, a grid's flags and its memory.
// Each reads as one line, `FILE: what is wrong (where)`, and is a DatasetError carrying the file.

import { describe, expect, it } from 'vitest';
import { loadBuiltinDataset } from '../../../shared/engine/datasets/builtin';
import { parseCsv } from '../../../shared/engine/datasets/csv';
import { DatasetError, DEFAULT_LIMITS } from '../../../shared/engine/datasets/errors';
import { csvOptionsSchema } from '../../../shared/engine/datasets/csv';
import type { Dataset } from '../../../shared/engine/datasets/types';
import { inlineDataset } from '../../../shared/project/dataset';
import { defaultProject } from '../../../shared/project/defaults';
import { gridPoints, runGrid } from '../../../shared/project/grid';
import { parseProject } from '../../../shared/project/parse';
import { prepareRun } from '../../../shared/project/prepare';
import type { DatasetRef, Project, ProjectInput } from '../../../shared/project/schema';

const FILE = "Project 'x.json'";

function builtin(name: string, params: Record<string, unknown>, overrides: Partial<ProjectInput> = {}): { project: Project; dataset: Dataset } {
  const ref: DatasetRef = { source: 'builtin', name, params };
  const dataset = loadBuiltinDataset(name, params);
  return { project: parseProject({ ...defaultProject(ref, dataset), ...overrides }), dataset };
}

/** The error `run` throws, checked to be one DatasetError line naming `source`. */
function refusalOf(run: () => unknown, source: string): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetError);
    expect((e as DatasetError).source).toBe(source);
    expect((e as Error).message).not.toContain('\n');
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

const csv = (text: string, name: string) => parseCsv(text, name, csvOptionsSchema.parse({}), DEFAULT_LIMITS).dataset;

describe('prepareRun with a source', () => {
  it('names the file and the layer of a model error', () => {
    const { project, dataset } = builtin('iris', {});
    const layers = project.network.layers.map((l, i, all) => (i === all.length - 1 ? { type: 'activation' as const, activation: 'sigmoid' as const } : l));
    const last = layers.length - 1;
    expect(refusalOf(() => prepareRun({ ...project, network: { layers } }, dataset, { source: FILE }), FILE)).toBe(
      `${FILE}: Cross-entropy needs a softmax output (layer ${last})`,
    );
  });

  it('names the file when saved weights do not fit the network', () => {
    const { project, dataset } = builtin('iris', {});
    const setup = prepareRun(project, dataset);
    const weights = Object.fromEntries([...setup.model.network.tensors()].map(([name, t]) => [name, { shape: t.shape, data: Array.from(t.data) }]));
    const [rows, cols] = weights['layers.0.weight'].shape;
    const transposed = { ...project, weights: { ...weights, 'layers.0.weight': { ...weights['layers.0.weight'], shape: [cols, rows] } } };
    expect(refusalOf(() => prepareRun(transposed, dataset, { source: FILE }), FILE)).toBe(
      `${FILE}: Weights 'layers.0.weight' have shape [${cols}, ${rows}], the network needs [${rows}, ${cols}] (weights)`,
    );
  });

  it('names the file when the saved normalizer is for other features', () => {
    const { project, dataset } = builtin('iris', {});
    const narrow = { ...project, preprocessing: { ...project.preprocessing, normalizer: { kind: 'zscore' as const, scope: 'per-feature' as const, shift: [0, 0], scale: [1, 1] } } };
    expect(refusalOf(() => prepareRun(narrow, dataset, { source: FILE }), FILE)).toBe(
      `${FILE}: The saved normalizer has 2 features, the dataset has 4 (preprocessing.normalizer)`,
    );
  });

  it('refuses an empty training split before the trainer sees it, with the split settings', () => {
    const ref: DatasetRef = { source: 'inline', name: 'one', task: 'classification', classNames: ['a', 'b'], train: { features: [[1, 2]], labels: [0] } };
    const dataset = inlineDataset(ref);
    const project = parseProject({ ...defaultProject(ref, dataset), preprocessing: { validationSplit: 0.5 } });
    expect(refusalOf(() => prepareRun(project, dataset, { source: FILE }), FILE)).toBe(
      `${FILE}: The training split is empty: lower the validation or test split (1 row, validationSplit 0.5, testSplit 0)`,
    );
  });

  it('refuses the budget with the file, as the same class', () => {
    const { project, dataset } = builtin('xor', {});
    expect(refusalOf(() => prepareRun(project, dataset, { source: FILE, memoryLimit: 1024 }), FILE)).toMatch(
      /^Project 'x\.json': the network needs [\d.]+ KiB \(.*\), more than the limit of 1\.0 KiB$/,
    );
  });

  it('keeps the old wording when no source is given', () => {
    const { project, dataset } = builtin('iris', {});
    const layers = project.network.layers.map((l, i, all) => (i === all.length - 1 ? { type: 'activation' as const, activation: 'sigmoid' as const } : l));
    expect(() => prepareRun({ ...project, network: { layers } }, dataset)).toThrow(/^layer \d+: Cross-entropy needs a softmax output$/);
  });
});

describe('a dataset of one class', () => {
  const text = 'a,b,label\n1,2,x\n3,4,x\n5,6,x\n7,8,x\n9,0,x\n';

  it('is refused up front with its label, naming the table', () => {
    const dataset = csv(text, 'labels.csv');
    expect(dataset.targetSize).toBe(1);
    const project = defaultProject({ source: 'file', path: 'labels.csv' }, dataset);
    expect(refusalOf(() => prepareRun(project, dataset, { source: 'labels.csv' }), 'labels.csv')).toBe(
      "labels.csv: every row has label 'x'; classification needs at least two classes",
    );
    // Named by the project that refers to it, the table is the "where".
    expect(refusalOf(() => prepareRun(project, dataset, { source: FILE }), FILE)).toBe(
      `${FILE}: every row has label 'x'; classification needs at least two classes (dataset 'labels.csv')`,
    );
  });

  it('is not a dataset of one row whose classes are named: the lecture examples train one flower', () => {
    const ref: DatasetRef = { source: 'inline', name: 'flower', task: 'classification', classNames: ['a', 'b', 'c'], train: { features: [[1, 2]], labels: [0] } };
    const dataset = inlineDataset(ref);
    const project = parseProject({ ...defaultProject(ref, dataset), preprocessing: { validationSplit: 0 } });
    expect(prepareRun(project, dataset, { source: FILE }).data.trainRows).toHaveLength(1);
  });

  it('shows on the model check too, for the canvas', async () => {
    const { validateModel } = await import('../../../shared/engine/validate');
    const issues = validateModel([{ type: 'dense', units: 1, weightInit: { type: 'zeros' }, biasInit: { type: 'zeros' } }], { type: 'mse' }, { inputSize: 2, task: 'classification', targetSize: 1 });
    expect(issues.filter((i) => i.severity === 'error')).toEqual([{ severity: 'error', layer: null, message: 'Classification needs at least two classes; this dataset has 1' }]);
  });
});

describe('built-in dataset parameters named by a project', () => {
  it('name the file; without one they read as before', () => {
    expect(refusalOf(() => loadBuiltinDataset('xor', { n: 5 }, FILE), FILE)).toBe(`${FILE}: invalid parameters for dataset 'xor': n: must be >= 10 (got 5)`);
    expect(refusalOf(() => loadBuiltinDataset('nope', {}, FILE), FILE)).toMatch(/^Project 'x\.json': unknown dataset 'nope' \(known: iris, xor, /);
    expect(() => loadBuiltinDataset('xor', { n: 5 })).toThrow(/^Invalid parameters for dataset 'xor': n: must be >= 10 \(got 5\)$/);
  });
});

describe('grid bounds', () => {
  const { project, dataset } = builtin('blobs', { n: 60, seed: 1 }, { training: { epochs: 1, batchSize: 16 } });

  it('names the flag of a depth, width or list too large, before building any network', () => {
    expect(() => gridPoints({ layers: [100_000] }, project)).toThrow(/^--layers 100000: a grid network has 1 to 100 hidden layers$/);
    expect(() => gridPoints({ hidden: [100_000] }, project)).toThrow(/^--hidden 100000: a hidden layer has 1 to 65,536 units$/);
    const deep = Array<number>(101).fill(4);
    expect(() => gridPoints({ hidden: [deep] }, project)).toThrow(/^--hidden 4\+4\+.*: a grid network has at most 100 hidden layers, this one 101$/);
    expect(gridPoints({ layers: [100] }, project)[0].overrides.hidden).toHaveLength(100);
  });

  it('bounds the number of configurations, naming the flags that multiply', () => {
    const lr = Array.from({ length: 101 }, (_, i) => 0.001 * (i + 1));
    expect(() => gridPoints({ hidden: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], lr }, project)).toThrow(
      /^The grid has 1,010 configurations \(10 --hidden x 101 --lr\), more than the limit of 1,000$/,
    );
    expect(gridPoints({ hidden: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], lr: lr.slice(0, 100) }, project)).toHaveLength(1000);
  });

  it('refuses a configuration too large for memory before the first one trains', async () => {
    let trained = 0;
    const run = runGrid(project, dataset, { hidden: [4, 65_536], layers: [2] }, () => trained++, { source: FILE, memoryLimit: 1024 ** 3 });
    await expect(run).rejects.toThrow(
      /^Project 'x\.json': configuration hidden=2x65536 needs [\d.]+ GiB \(1 dense layer of 65,536 x 65,536 weights at batch 16\), more than the limit of 1\.0 GiB$/,
    );
    expect(trained).toBe(0);
  });
});
