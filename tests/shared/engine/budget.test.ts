// The run's memory, judged from its config before anything is allocated: the estimate against
// what a real run allocates, the refusal of networks no machine here can hold, and the limits
// the hosts derive.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultMemoryLimit, estimateRun, formatBytes, MAX_RUN_BYTES, overBudget, type RunPlan } from '../../../shared/engine/budget';
import type { Dataset } from '../../../shared/engine/datasets/types';
import { typescriptKernel } from '../../../shared/engine/kernel/ts-kernel';
import type { LayerConfigInput } from '../../../shared/engine/layers/registry';
import { parseLayerConfig } from '../../../shared/engine/layers/registry';
import { Trainer } from '../../../shared/engine/trainer';
import { validateModel } from '../../../shared/engine/validate';
import { runMemoryLimit } from '../../../shared/node/memory-limits';
import { defaultProject } from '../../../shared/project/defaults';
import { parseProject } from '../../../shared/project/parse';
import { prepareRun, runBudgetProblem } from '../../../shared/project/prepare';
import type { Project } from '../../../shared/project/schema';
import { layersOf } from '../../../renderer/src/model/network/chain';
import { INPUT, RELU, dense, graph, softmaxOutput } from '../../renderer/network/fixtures';

const GiB = 1024 ** 3;
const layers = (...configs: LayerConfigInput[]) => configs.map((c) => parseLayerConfig(c));

/** A classification table of `n` rows and `features` columns, labels cycling through `classes`. */
function table(n: number, features: number, classes: number): Dataset {
  const x = new Float32Array(n * features).map((_, i) => Math.sin(i));
  const labels = Int32Array.from({ length: n }, (_, i) => i % classes);
  return {
    name: 'generated',
    task: 'classification',
    numFeatures: features,
    featureNames: Array.from({ length: features }, (_, i) => `x${i}`),
    classNames: Array.from({ length: classes }, (_, i) => `c${i}`),
    targetSize: classes,
    train: { x, n, labels },
  };
}

function project(dataset: Dataset, network: LayerConfigInput[], rest: Record<string, unknown> = {}): Project {
  const base = defaultProject({ source: 'builtin', name: 'generated', params: {} }, dataset);
  return parseProject({ ...base, network: { layers: network }, ...rest });
}

/** Counts the float elements every `new Float32Array(n)` / `new Float64Array(n)` asks for, in bytes. */
function countFloatAllocations(): { bytes: () => number } {
  let bytes = 0;
  for (const [name, type] of [
    ['Float32Array', Float32Array],
    ['Float64Array', Float64Array],
  ] as const) {
    vi.stubGlobal(
      name,
      new Proxy(type, {
        construct(target, args: unknown[]) {
          if (typeof args[0] === 'number') bytes += args[0] * target.BYTES_PER_ELEMENT;
          return Reflect.construct(target, args) as object;
        },
      }),
    );
  }
  return { bytes: () => bytes };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('estimateRun', () => {
  it('comes within 1% of what preparing and training a run allocates', async () => {
    const dataset = table(64, 64, 3);
    const net: LayerConfigInput[] = [
      { type: 'dense', units: 256 },
      { type: 'batchnorm' },
      { type: 'activation', activation: 'prelu' },
      { type: 'dropout', rate: 0.1 },
      { type: 'dense', units: 256 },
      { type: 'activation', activation: 'relu' },
      { type: 'dense', units: 3 },
      { type: 'activation', activation: 'softmax' },
    ];
    const p = project(dataset, net, {
      loss: { type: 'cross-entropy' },
      optimizer: { type: 'adam', lr: 0.01 },
      training: { epochs: 1, batchSize: 16, earlyStopping: { patience: 3 } },
    });
    // The kernel's packing scratch is allocated once per process, at its first product, whatever the run.
    const warm = new Float32Array(4);
    typescriptKernel.gemm(false, false, 2, 2, 2, warm, warm, warm, false);
    const counter = countFloatAllocations();
    const setup = prepareRun(p, dataset, { kernel: typescriptKernel });
    const end = await new Trainer(setup, () => {}).run();
    expect(end.type).toBe('done');
    const estimate = estimateRun({
      layers: p.network.layers,
      inputSize: 64,
      capacity: 256,
      batchSize: 16,
      optimizer: 'adam',
      earlyStopping: true,
    });
    const int32 = 3 * 4 * 256;
    // The estimate's int32 labels are not floats; everything else it counts is.
    expect(Math.abs(counter.bytes() - (estimate.bytes - int32)) / estimate.bytes).toBeLessThan(0.01);
  });

  it('counts Adam as two more copies of every parameter than SGD, and float64 as twice float32', () => {
    const plan: RunPlan = { layers: layers({ type: 'dense', units: 100 }), inputSize: 9, capacity: 1 };
    const sgd = estimateRun({ ...plan, optimizer: 'sgd' });
    const adam = estimateRun({ ...plan, optimizer: 'adam' });
    expect(adam.parameterBytes - sgd.parameterBytes).toBe(2 * 4 * (9 * 100 + 100));
    const f64 = estimateRun({ ...plan, dtype: 'float64' });
    expect(f64.parameterBytes).toBe(2 * sgd.parameterBytes);
    // All but the int32 labels and predicted classes (12 bytes a row) are floats.
    expect(f64.rowBytes - 12).toBe(2 * (sgd.rowBytes - 12));
  });

  it('sizes the activations by the capacity', () => {
    const plan: RunPlan = { layers: layers({ type: 'dense', units: 10 }, { type: 'activation', activation: 'relu' }), inputSize: 5, capacity: 1 };
    const one = estimateRun(plan);
    const many = estimateRun({ ...plan, capacity: 1000 });
    expect(many.parameterBytes).toBe(one.parameterBytes);
    expect(many.rowBytes).toBe(1000 * one.rowBytes);
  });
});

const huge = layers({ type: 'dense', units: 65_536 }, { type: 'activation', activation: 'relu' }, { type: 'dense', units: 65_536 });

describe('overBudget', () => {
  it('refuses two 65,536 x 65,536 layers with the figure and the limit, before anything exists', () => {
    const plan: RunPlan = { layers: huge, inputSize: 65_536, capacity: 256, batchSize: 32, optimizer: 'adam' };
    const over = overBudget(plan, 12 * GiB);
    // 2 x 2^32 weights, 4 bytes each, 6 copies (value, gradient, before-update, checkpoint, Adam's two moments): 192 GiB and the rest.
    expect(over?.message).toMatch(/^the network needs 192\.\d GiB \(2 dense layers of 65,536 x 65,536 weights with adam at batch 32\), more than the limit of 12\.0 GiB$/);
    expect(over?.layer).toBe(0);
  });

  it('passes a network under the limit and names the layers that weigh most', () => {
    const plan: RunPlan = { layers: layers({ type: 'dense', units: 4096 }, { type: 'dense', units: 4096 }, { type: 'dense', units: 10 }), inputSize: 784, capacity: 32 };
    const bytes = estimateRun(plan).bytes;
    expect(overBudget(plan, bytes)).toBeNull();
    const limit = bytes - 1024 ** 2;
    // The 784 x 4,096 layer holds a sixth of it, so the 4,096 x 4,096 one is "mostly".
    expect(overBudget(plan, limit)?.message).toBe(
      `the network needs at least ${formatBytes(bytes)} (mostly 1 dense layer of 4,096 x 4,096 weights), more than the limit of ${formatBytes(limit)}`,
    );
  });

  it('says the rows weigh most when the batch does', () => {
    // Per row: the layer's output and input gradient (2,000), the loss gradient (1,000), two batches of inputs and targets (4,000).
    const plan: RunPlan = { layers: layers({ type: 'dense', units: 1000 }), inputSize: 1000, capacity: 65_536, batchSize: 65_536, optimizer: 'sgd' };
    expect(overBudget(plan, GiB)?.message).toMatch(/^the network needs [\d.]+ GiB \(65,536 rows x 7,000 values of activations and their gradients\), more than the limit of 1\.0 GiB$/);
  });
});

describe('where the budget is checked', () => {
  it('prepareRun refuses a two-layer 65,536-unit network without allocating its weights', () => {
    const dataset = table(20, 2, 2);
    const p = project(dataset, [
      { type: 'dense', units: 65_536 },
      { type: 'activation', activation: 'relu' },
      { type: 'dense', units: 65_536 },
      { type: 'activation', activation: 'relu' },
      { type: 'dense', units: 2 },
      { type: 'activation', activation: 'softmax' },
    ]);
    const counter = countFloatAllocations();
    expect(() => prepareRun(p, dataset, { memoryLimit: 12 * GiB, source: "Project 'big.json'" })).toThrow(
      /^Project 'big\.json': the network needs [\d.]+ GiB \(1 dense layer of 65,536 x 65,536 weights at batch 32\), more than the limit of 12\.0 GiB$/,
    );
    expect(counter.bytes()).toBe(0);
  });

  it('prepareRun uses the browser default when the host gives no limit, and the given one when it does', () => {
    const dataset = table(20, 2, 2);
    const p = project(dataset, [{ type: 'dense', units: 16_384 }, { type: 'activation', activation: 'relu' }, { type: 'dense', units: 16_384 }, { type: 'dense', units: 2 }, { type: 'activation', activation: 'softmax' }]);
    const bytes = estimateRun({ layers: p.network.layers, inputSize: 2, capacity: 256, batchSize: 32, optimizer: p.optimizer.type }).bytes;
    expect(bytes).toBeGreaterThan(defaultMemoryLimit());
    expect(runBudgetProblem(p, dataset)).toMatch(/more than the limit of 2\.0 GiB$/);
    expect(runBudgetProblem(p, dataset, { memoryLimit: bytes })).toBeNull();
  });

  it('validateModel pins an over-budget network on its heaviest layer, and the canvas shows it on that block', () => {
    const issues = validateModel(huge, { type: 'mse' }, { inputSize: 2, task: 'regression', targetSize: 65_536 }, { limit: GiB, capacity: 1 });
    expect(issues).toEqual([
      { severity: 'error', layer: 2, message: expect.stringMatching(/^The network needs at least 64\.\d GiB \(1 dense layer of 65,536 x 65,536 weights\), more than the limit of 1\.0 GiB$/) },
    ]);
    const g = graph([INPUT, dense(65_536), RELU, dense(65_536), RELU, softmaxOutput], [[1, 2], [2, 3], [3, 4], [4, 5], [5, 6]]);
    const ctx = { inputSize: 2, outputSize: 3, task: 'classification' as const, loss: 'cross-entropy' as const };
    const chain = layersOf(g, ctx);
    expect(chain.layers).toBeNull();
    // Just over the ceiling: the figures get the decimals that tell them apart.
    expect(chain.problems).toEqual([
      {
        blockId: 'b4',
        message: 'The network needs at least 64.01 GiB (1 dense layer of 65,536 x 65,536 weights), more than the limit of 64.00 GiB.',
      },
    ]);
    // A wide layer fed by a narrow one is far under the ceiling: the engine, which knows the machine, judges it.
    const one = graph([INPUT, dense(65_536), RELU, softmaxOutput], [[1, 2], [2, 3], [3, 4]]);
    expect(layersOf(one, ctx).problems).toEqual([]);
  });
});

describe('memory limits', () => {
  it('Node hosts allow half the machine, at most MAX_RUN_BYTES', () => {
    expect(runMemoryLimit(16 * GiB)).toBe(8 * GiB);
    expect(runMemoryLimit(1024 * GiB)).toBe(MAX_RUN_BYTES);
    expect(runMemoryLimit()).toBeGreaterThan(0);
  });

  it('browsers allow half of navigator.deviceMemory, else 2 GiB', () => {
    vi.stubGlobal('navigator', { deviceMemory: 8 });
    expect(defaultMemoryLimit()).toBe(4 * GiB);
    vi.stubGlobal('navigator', { deviceMemory: 0.5 });
    expect(defaultMemoryLimit()).toBe(GiB / 4);
    vi.stubGlobal('navigator', {});
    expect(defaultMemoryLimit()).toBe(2 * GiB);
  });
});
