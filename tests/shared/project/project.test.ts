// The project file: parsing (samples, round trips, defaults, refusals with one clear message),
// the default project for a dataset, and prepareRun (leak-free splits and normalization, saved
// weights loaded and checked).

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fitNormalizer } from '../../../shared/engine/data/normalize';
import { loadBuiltinDataset } from '../../../shared/engine/datasets/builtin';
import { validateModel } from '../../../shared/engine/validate';
import { defaultProject } from '../../../shared/project/defaults';
import { resolveDataset } from '../../../shared/project/dataset';
import { parseProject, parseProjectText, ProjectError } from '../../../shared/project/parse';
import { prepareData, prepareRun } from '../../../shared/project/prepare';
import { PROJECT_FORMAT, PROJECT_VERSION, type DatasetRef, type Project } from '../../../shared/project/schema';

const SAMPLES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/project/samples');
const sampleFiles = readdirSync(SAMPLES)
  .filter((f) => f.endsWith('.json'))
  .sort();

function sampleText(file: string): string {
  return readFileSync(join(SAMPLES, file), 'utf8');
}

/** Only the required fields: format, version, dataset, network, loss, optimizer. */
function minimal(): Record<string, unknown> {
  return {
    format: 'mlp-studio-project',
    version: 1,
    dataset: { source: 'builtin', name: 'iris' },
    network: {
      layers: [
        { type: 'dense', units: 8 },
        { type: 'activation', activation: 'relu' },
        { type: 'dense', units: 3 },
        { type: 'activation', activation: 'softmax' },
      ],
    },
    loss: { type: 'cross-entropy' },
    optimizer: { type: 'sgd', lr: 0.1 },
  };
}

/** The ProjectError a bad input raises (fails the test if it parses or throws something else). */
function refusal(input: unknown, source?: string): ProjectError {
  try {
    parseProject(input, source);
  } catch (e) {
    expect(e).toBeInstanceOf(ProjectError);
    const message = (e as Error).message;
    expect(message.includes('\n'), `one line: ${message}`).toBe(false);
    return e as ProjectError;
  }
  throw new Error(`expected ${JSON.stringify(input)?.slice(0, 200)} to be refused`);
}

function builtin(name: string, params: Record<string, unknown> = {}): { ref: DatasetRef; project: Project } {
  const ref: DatasetRef = { source: 'builtin', name, params };
  return { ref, project: defaultProject(ref, loadBuiltinDataset(name, params)) };
}

const sorted = (rows: Int32Array) => Array.from(rows).sort((a, b) => a - b);

describe('parseProject on the sample projects', () => {
  it('finds the six worked examples', () => {
    expect(sampleFiles).toHaveLength(6);
  });

  it.each(sampleFiles)('%s parses and survives a JSON round trip', (file) => {
    const project = parseProjectText(sampleText(file), file);
    expect(project.format).toBe(PROJECT_FORMAT);
    expect(project.version).toBe(PROJECT_VERSION);
    expect(project.weights).toBeDefined();
    const again = parseProjectText(JSON.stringify(project), 'round trip');
    expect(again).toEqual(project);
    // Parsing is idempotent: the parsed form is a fixed point.
    expect(JSON.stringify(again)).toBe(JSON.stringify(project));
  });

  it('round-trips default projects too', () => {
    for (const name of ['iris', 'regression-1d', 'spirals']) {
      const { project } = builtin(name);
      expect(parseProjectText(JSON.stringify(project, null, 2))).toEqual(project);
    }
  });
});

describe('parseProject defaults', () => {
  it('fills every optional field of a minimal project', () => {
    const p = parseProject(minimal());
    expect(p).toEqual({
      format: 'mlp-studio-project',
      version: 1,
      name: 'Untitled',
      dataset: { source: 'builtin', name: 'iris', params: {} },
      preprocessing: { normalization: 'minus-one-one', validationSplit: 0.2, testSplit: 0, stratify: true },
      network: {
        layers: [
          { type: 'dense', units: 8, weightInit: { type: 'he-normal' }, biasInit: { type: 'zeros' } },
          { type: 'activation', activation: 'relu' },
          { type: 'dense', units: 3, weightInit: { type: 'he-normal' }, biasInit: { type: 'zeros' } },
          { type: 'activation', activation: 'softmax' },
        ],
      },
      loss: { type: 'cross-entropy' },
      optimizer: { type: 'sgd', lr: 0.1, weightDecay: 0 },
      schedule: { type: 'constant' },
      training: { epochs: 20, batchSize: 32, shuffle: true, earlyStopping: null },
      seed: 0,
    });
    expect(p).not.toHaveProperty('weights');
    expect(p).not.toHaveProperty('description');
  });

  it('fills the defaults inside a partly given section', () => {
    const p = parseProject({ ...minimal(), preprocessing: { normalization: 'zscore' }, training: { epochs: 3 } });
    expect(p.preprocessing).toEqual({ normalization: 'zscore', validationSplit: 0.2, testSplit: 0, stratify: true });
    expect(p.training).toEqual({ epochs: 3, batchSize: 32, shuffle: true, earlyStopping: null });
  });

  it('does not change its input', () => {
    const input = minimal();
    const before = JSON.stringify(input);
    parseProject(input);
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe('parseProject refusals', () => {
  it('refuses what is not a JSON object', () => {
    for (const input of [null, [], 'project', 42, true, undefined]) {
      expect(refusal(input).message).toMatch(/not an MLP Studio project \(expected a JSON object\)/);
    }
  });

  it('names the source in the message', () => {
    expect(refusal([], "Project 'a.json'").message.startsWith("Project 'a.json' ")).toBe(true);
    expect(() => parseProjectText('[', "Project 'b.json'")).toThrow(/^Project 'b\.json' is not valid JSON/);
  });

  it('refuses a wrong or missing format', () => {
    expect(refusal({ ...minimal(), format: 'keras-model' }).message).toMatch(/its "format" is not "mlp-studio-project"/);
    const { format: _, ...noFormat } = minimal();
    expect(refusal(noFormat).message).toMatch(/not an MLP Studio project.*"format"/);
  });

  it('refuses a version that is not a positive integer', () => {
    expect(refusal({ ...minimal(), version: 0 }).message).toMatch(/invalid format version 0\b/);
    expect(refusal({ ...minimal(), version: 1.5 }).message).toMatch(/invalid format version 1\.5/);
    expect(refusal({ ...minimal(), version: -1 }).message).toMatch(/invalid format version -1/);
    expect(refusal({ ...minimal(), version: '1' }).message).toMatch(/invalid format version "1"/);
    const { version: _, ...noVersion } = minimal();
    expect(refusal(noVersion).message).toMatch(/invalid format version/);
  });

  it('refuses a newer version, naming both versions', () => {
    const message = refusal({ ...minimal(), version: PROJECT_VERSION + 1 }).message;
    expect(message).toMatch(/newer MLP Studio/);
    expect(message).toContain(`format version ${PROJECT_VERSION + 1}`);
    expect(message).toContain(`reads up to ${PROJECT_VERSION}`);
  });

  it('refuses invalid JSON as a ProjectError, not a SyntaxError', () => {
    for (const text of ['', '{', '{"format": "mlp-studio-project",}', "{'format': 1}", 'NaN']) {
      let error: unknown;
      try {
        parseProjectText(text, 'p.json');
      } catch (e) {
        error = e;
      }
      expect(error, text).toBeInstanceOf(ProjectError);
      expect((error as Error).message).toMatch(/^p\.json is not valid JSON: /);
    }
  });

  it('refuses an unknown field at the top level, naming it', () => {
    expect(refusal({ ...minimal(), colour: 'red' }).message).toMatch(/unknown field 'colour'/);
  });

  it('refuses unknown nested fields, naming the field and where it is', () => {
    const layers = (minimal().network as { layers: Record<string, unknown>[] }).layers;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ network: { layers: [{ ...layers[0], unitz: 8 }, ...layers.slice(1)] } }, /unknown field 'unitz' in network\.layers\.0/],
      [{ optimizer: { type: 'sgd', lr: 0.1, momentun: 0.9 } }, /unknown field 'momentun' in optimizer/],
      [{ preprocessing: { normalisation: 'none' } }, /unknown field 'normalisation' in preprocessing/],
      [{ training: { epochs: 2, batchsize: 4 } }, /unknown field 'batchsize' in training/],
      [{ dataset: { source: 'builtin', name: 'iris', param: {} } }, /unknown field 'param' in dataset/],
      [{ network: { layers, dropout: 0.5 } }, /unknown field 'dropout' in network/],
    ];
    for (const [patch, message] of cases) expect(refusal({ ...minimal(), ...patch }).message).toMatch(message);
  });

  it('refuses bad values, naming the field and the value', () => {
    const layers = (minimal().network as { layers: Record<string, unknown>[] }).layers;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ optimizer: { type: 'sgd', lr: -1 } }, /optimizer\.lr\b.*\(got -1\)/],
      [{ optimizer: { type: 'sgd', lr: 0 } }, /optimizer\.lr\b.*\(got 0\)/],
      [{ network: { layers: [{ type: 'dense', units: 0 }] } }, /network\.layers\.0\.units\b.*\(got 0\)/],
      [{ network: { layers: [] } }, /network\.layers\b.*at least one layer/],
      [{ training: { epochs: 0 } }, /training\.epochs\b.*\(got 0\)/],
      [{ seed: -1 }, /seed\b.*\(got -1\)/],
      [{ preprocessing: { validationSplit: 1 } }, /preprocessing\.validationSplit\b.*\(got 1\)/],
      [{ loss: { type: 'nope' } }, /loss\.type\b.*cross-entropy.*\(got 'nope'\)/],
      [{ optimizer: { type: 'nope', lr: 1 } }, /optimizer\.type\b.*adam.*\(got 'nope'\)/],
      [{ network: { layers: [{ ...layers[0], weightInit: { type: 'nope' } }] } }, /network\.layers\.0\.weightInit\.type\b.*initializer 'nope'.*he-normal/],
      [{ loss: undefined }, /^project is invalid: loss\b/],
    ];
    for (const [patch, message] of cases) expect(refusal({ ...minimal(), ...patch }).message).toMatch(message);
  });

  it('refuses an unknown activation, listing the known names', () => {
    const layers = [{ type: 'dense', units: 8 }, { type: 'activation', activation: 'rectifier' }];
    const message = refusal({ ...minimal(), network: { layers } }).message;
    expect(message).toMatch(/network\.layers\.1\.activation\b/);
    expect(message).toMatch(/activation 'rectifier'/);
    for (const name of ['linear', 'sigmoid', 'tanh', 'relu', 'leaky-relu', 'elu', 'selu', 'swish', 'softmax']) {
      expect(message).toMatch(new RegExp(`\\b${name}\\b`));
    }
  });

  it("words the known names of a nested unknown name as the CLI does: '(known: a, b, ...)'", () => {
    // The CLI says "Unknown activation 'x' (known: linear, ...)"; inside a project the same
    // message should not turn into "(known, linear, ...)".
    const layers = [{ type: 'dense', units: 8 }, { type: 'activation', activation: 'rectifier' }];
    expect(refusal({ ...minimal(), network: { layers } }).message).toMatch(/\(known: linear, step, sigmoid/);
  });
});

describe('defaultProject', () => {
  it('iris: softmax output, cross-entropy, a seeded 20% validation split, no model errors', () => {
    const { project } = builtin('iris');
    const dataset = loadBuiltinDataset('iris', {});
    const layers = project.network.layers;
    expect(layers[layers.length - 1]).toEqual({ type: 'activation', activation: 'softmax' });
    expect(layers[layers.length - 2]).toMatchObject({ type: 'dense', units: 3 });
    expect(project.loss.type).toBe('cross-entropy');
    expect(project.preprocessing.validationSplit).toBe(0.2);
    expect(project.weights).toBeUndefined();
    const issues = validateModel(layers, project.loss, { inputSize: dataset.numFeatures, task: dataset.task, targetSize: dataset.targetSize });
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    const setup = prepareRun(project, dataset);
    expect(setup.data.trainRows.length).toBe(120);
    expect(setup.data.validationRows!.length).toBe(30);
  });

  it('regression-1d: no softmax, mse, one output, no model errors', () => {
    const { project } = builtin('regression-1d');
    const dataset = loadBuiltinDataset('regression-1d', {});
    const layers = project.network.layers;
    expect(layers.some((l) => l.type === 'activation' && (l.activation === 'softmax' || l.activation === 'sigmoid'))).toBe(false);
    expect(layers[layers.length - 1]).toMatchObject({ type: 'dense', units: 1 });
    expect(project.loss.type).toBe('mse');
    expect(project.preprocessing.validationSplit).toBe(0.2);
    const issues = validateModel(layers, project.loss, { inputSize: dataset.numFeatures, task: dataset.task, targetSize: dataset.targetSize });
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(() => prepareRun(project, dataset)).not.toThrow();
  });
});

describe('prepareRun', () => {
  it('keeps the validation rows disjoint from the training rows, stratified and seeded', () => {
    const { project } = builtin('iris');
    const dataset = loadBuiltinDataset('iris', {});
    const { data } = prepareRun(project, dataset);
    const train = sorted(data.trainRows);
    const validation = sorted(data.validationRows!);
    expect(new Set(train).size).toBe(train.length);
    expect(validation.filter((r) => train.includes(r))).toEqual([]);
    expect([...train, ...validation].sort((a, b) => a - b)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    // Stratified: 10 of each class's 50 flowers are held out.
    const labels = dataset.train.labels!;
    for (let c = 0; c < 3; c++) expect(validation.filter((r) => labels[r] === c)).toHaveLength(10);
    // The same seed gives the same split; another seed another one.
    expect(sorted(prepareData(project, dataset).validationRows!)).toEqual(validation);
    expect(sorted(prepareData({ ...project, seed: project.seed + 1 }, dataset).validationRows!)).not.toEqual(validation);
  });

  it('keeps a test split held out of the data disjoint from both', () => {
    const { project } = builtin('iris');
    const dataset = loadBuiltinDataset('iris', {});
    const { data } = prepareRun({ ...project, preprocessing: { ...project.preprocessing, testSplit: 0.2 } }, dataset);
    const train = sorted(data.trainRows);
    const validation = sorted(data.validationRows!);
    const test = sorted(data.test!.rows);
    expect(data.test!.table).toBe(dataset.train);
    expect(test).toHaveLength(30);
    expect(validation).toHaveLength(24);
    expect(train).toHaveLength(96);
    expect(new Set([...train, ...validation, ...test]).size).toBe(150);
  });

  it('fits the normalizer on the training rows only', async () => {
    // One feature x = i^2 for i = 0..39: any row moved between the parts changes the statistics.
    const n = 40;
    const ref: DatasetRef = {
      source: 'inline',
      name: 'squares',
      task: 'regression',
      train: { features: Array.from({ length: n }, (_, i) => [i * i]), targets: Array.from({ length: n }, (_, i) => [i]) },
    };
    const dataset = await resolveDataset(ref);
    const base = parseProject({
      format: 'mlp-studio-project',
      version: 1,
      dataset: ref,
      preprocessing: { normalization: 'zscore', validationSplit: 0.25 },
      network: { layers: [{ type: 'dense', units: 1 }] },
      loss: { type: 'mse' },
      optimizer: { type: 'sgd', lr: 0.01 },
      seed: 7,
    });
    const { data } = prepareRun(base, dataset);
    const train = Array.from(data.trainRows);
    expect(train).toHaveLength(30);
    expect(data.validationRows).toHaveLength(10);
    const values = train.map((r) => r * r);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
    expect(data.normalizer.kind).toBe('zscore');
    expect(data.normalizer.scale[0]).toBeCloseTo(1 / std, 12);
    expect(data.normalizer.shift[0]).toBeCloseTo(-mean / std, 12);
    expect(data.normalizer).toEqual(fitNormalizer('zscore', dataset.train, 1, data.trainRows));
    const allRows = Int32Array.from({ length: n }, (_, i) => i);
    expect(data.normalizer.shift[0]).not.toBeCloseTo(fitNormalizer('zscore', dataset.train, 1, allRows).shift[0], 6);

    // Min-max: the training rows map onto exactly [-1, 1]; validation rows may fall outside.
    const mm = prepareRun({ ...base, preprocessing: { ...base.preprocessing, normalization: 'minus-one-one' } }, dataset).data.normalizer;
    const mapped = train.map((r) => r * r * mm.scale[0] + mm.shift[0]);
    expect(Math.min(...mapped)).toBeCloseTo(-1, 12);
    expect(Math.max(...mapped)).toBeCloseTo(1, 12);
  });

  it('uses a saved normalizer as it is, and refuses one of the wrong width', () => {
    const { project } = builtin('iris');
    const dataset = loadBuiltinDataset('iris', {});
    const normalizer = { kind: 'zero-one' as const, scope: 'per-feature' as const, scale: [1, 2, 3, 4], shift: [0, 0.5, 0, -1] };
    const saved = parseProject({ ...project, preprocessing: { ...project.preprocessing, normalizer } });
    expect(prepareRun(saved, dataset).data.normalizer).toEqual(normalizer);
    const narrow = parseProject({ ...project, preprocessing: { ...project.preprocessing, normalizer: { ...normalizer, scale: [1, 2], shift: [0, 0] } } });
    expect(() => prepareRun(narrow, dataset)).toThrow(/normalizer has 2 features, the dataset has 4/);
  });

  it('loads saved weights into the network', async () => {
    const project = parseProjectText(sampleText('example-2-dying-relu.json'));
    const dataset = await resolveDataset(project.dataset);
    const setup = prepareRun(project, dataset, { dtype: 'float64' });
    const tensors = setup.model.network.tensors();
    expect([...tensors.keys()].sort()).toEqual(Object.keys(project.weights!).sort());
    for (const [name, t] of Object.entries(project.weights!)) {
      expect(tensors.get(name)!.shape, name).toEqual(t.shape);
      expect(Array.from(tensors.get(name)!.data), name).toEqual(t.data);
    }
    expect(Array.from(tensors.get('layers.0.weight')!.data)).toEqual([0.86, -1.04, 0.41, -0.65]);
  });

  it('refuses saved weights that do not fit, naming the tensor', async () => {
    const project = parseProjectText(sampleText('example-2-dying-relu.json'));
    const dataset = await resolveDataset(project.dataset);
    const weights = project.weights!;
    const withWeights = (w: Record<string, { shape: number[]; data: number[] }>) => parseProject({ ...project, weights: w });

    // Transposed: the same number of values in the wrong shape.
    const transposed = withWeights({ ...weights, 'layers.2.weight': { shape: [3, 2], data: weights['layers.2.weight'].data } });
    expect(() => prepareRun(transposed, dataset)).toThrow(/'layers\.2\.weight'.*\[3, 2\].*\[2, 3\]/);

    // The right shape but too few values.
    const short = withWeights({ ...weights, 'layers.0.weight': { shape: [2, 2], data: [1, 2, 3] } });
    expect(() => prepareRun(short, dataset)).toThrow(/'layers\.0\.weight'.*3 values.*4/);

    // A tensor the network does not have, and one it needs but lacks.
    const extra = withWeights({ ...weights, 'layers.1.weight': { shape: [2, 2], data: [0, 0, 0, 0] } });
    expect(() => prepareRun(extra, dataset)).toThrow(/'layers\.1\.weight'/);
    const { 'layers.2.bias': _, ...missing } = weights;
    expect(() => prepareRun(withWeights(missing), dataset)).toThrow(/missing 'layers\.2\.bias'/);
  });

  it('refuses an output layer that does not fit the dataset, naming the layer', () => {
    const dataset = loadBuiltinDataset('iris', {});
    const project = parseProject({
      ...minimal(),
      network: {
        layers: [
          { type: 'dense', units: 8 },
          { type: 'activation', activation: 'relu' },
          { type: 'dense', units: 4 },
          { type: 'activation', activation: 'softmax' },
        ],
      },
    });
    expect(() => prepareRun(project, dataset)).toThrow(/^layer 2: The output layer has 4 units, but the dataset has 3 classes/);
  });
});
