// Layers inside small float64 networks: every parameter gradient from Model.computeGradients
// against central differences of the training-mode loss, plus dropout and batch-norm specifics.

import { describe, expect, it } from 'vitest';
import { ActivationLayer } from '../../../shared/engine/layers/activation';
import { BatchNormLayer } from '../../../shared/engine/layers/batchnorm';
import { DenseLayer } from '../../../shared/engine/layers/dense';
import { DropoutLayer } from '../../../shared/engine/layers/dropout';
import { parseLossConfig, type BatchTargets } from '../../../shared/engine/losses';
import { Model } from '../../../shared/engine/model';
import { Network, networkConfigSchema, type LayerConfigInput } from '../../../shared/engine/network';
import { Random } from '../../../shared/engine/random';
import type { Task } from '../../../shared/engine/datasets/types';

const H = 1e-6;
/** Tolerance on the relative error max|a-b| / max(1e-8, max(|a|+|b|)), per parameter tensor. */
const TOL = 1e-6;

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(a[i]) + Math.abs(b[i]));
  }
  return diff / Math.max(1e-8, scale);
}

/** Biases drawn away from zero so pre-activations are spread out and gradients are non-trivial. */
const dense = (units: number): LayerConfigInput => ({
  type: 'dense',
  units,
  biasInit: { type: 'uniform', low: -0.5, high: 0.5 },
});

function network(layers: LayerConfigInput[], inputSize: number, seed = 1, capacity = 16): Network {
  return new Network(networkConfigSchema.parse({ layers }), { inputSize, capacity, dtype: 'float64', seed });
}

function randomMatrix(rng: Random, rows: number, cols: number, std = 1): Float64Array {
  const a = new Float64Array(rows * cols);
  for (let i = 0; i < a.length; i++) a[i] = rng.normal(0, std);
  return a;
}

function labelTargets(rng: Random, rows: number, classes: number): BatchTargets {
  return { labels: Int32Array.from({ length: rows }, () => rng.int(classes)), values: new Float64Array(0) };
}

function valueTargets(rng: Random, rows: number, cols: number): BatchTargets {
  return { labels: new Int32Array(0), values: randomMatrix(rng, rows, cols) };
}

/** Analytic (from computeGradients) and central-difference gradients of every param, by name. */
function gradients(model: Model, x: Float64Array, t: BatchTargets, batch: number): Map<string, [Float64Array, Float64Array]> {
  model.computeGradients(x, t, batch);
  const analytic = model.network.params.map((p) => Float64Array.from(p.grad));
  const result = new Map<string, [Float64Array, Float64Array]>();
  model.network.params.forEach((p, k) => {
    const numeric = new Float64Array(p.value.length);
    for (let i = 0; i < p.value.length; i++) {
      const v = p.value[i];
      p.value[i] = v + H;
      const plus = model.forwardLoss(x, t, batch, true);
      p.value[i] = v - H;
      const minus = model.forwardLoss(x, t, batch, true);
      p.value[i] = v;
      numeric[i] = (plus - minus) / (2 * H);
    }
    result.set(p.name, [analytic[k], numeric]);
  });
  return result;
}

const maxAbs = (a: Float64Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/**
 * Checks every param: `names` lists them all; those in `zero` must have a vanishing gradient
 * (both ways), every other one a non-zero gradient (an all-zero check would pass trivially).
 */
function expectGradientsMatch(model: Model, x: Float64Array, t: BatchTargets, batch: number, names: string[], zero: string[] = []): void {
  const grads = gradients(model, x, t, batch);
  expect([...grads.keys()].sort()).toEqual([...names].sort());
  for (const [name, [analytic, numeric]] of grads) {
    if (zero.includes(name)) {
      expect(maxAbs(analytic), name).toBeLessThan(1e-12);
      expect(maxAbs(numeric), name).toBeLessThan(1e-8);
    } else {
      expect(maxAbs(analytic), name).toBeGreaterThan(1e-6);
      expect(relErr(analytic, numeric), name).toBeLessThan(TOL);
    }
  }
}

/** The smallest |value| a layer receives in a training forward (kinks must be far from h). */
function minAbsInput(net: Network, x: Float64Array, batch: number, layer: number): number {
  net.forward(x, batch, true);
  const input = net.layerInput(layer);
  let min = Infinity;
  for (let i = 0; i < batch * net.layers[layer].inSize; i++) min = Math.min(min, Math.abs(input[i]));
  return min;
}

function model(net: Network, loss: unknown, task: Task): Model {
  return new Model(net, parseLossConfig(loss), task);
}

describe('parameter gradients match central differences (float64, h = 1e-6, rel. error < 1e-6)', () => {
  const batch = 6;
  const inputs = 4;

  it('dense + tanh + dense + softmax with cross-entropy', () => {
    const rng = new Random(21);
    const net = network([dense(5), { type: 'activation', activation: 'tanh' }, dense(3), { type: 'activation', activation: 'softmax' }], inputs);
    const m = model(net, 'cross-entropy', 'classification');
    expect(m.fusedLayer).toBe(3);
    const x = randomMatrix(rng, batch, inputs);
    expectGradientsMatch(m, x, labelTargets(rng, batch, 3), batch, ['layers.0.weight', 'layers.0.bias', 'layers.2.weight', 'layers.2.bias']);
  });

  it('dense + prelu + dense + softmax, including the learned slope', () => {
    const rng = new Random(22);
    const net = network(
      [dense(5), { type: 'activation', activation: 'prelu', slope: 0.25 }, dense(3), { type: 'activation', activation: 'softmax' }],
      inputs,
    );
    const m = model(net, 'cross-entropy', 'classification');
    const x = randomMatrix(rng, batch, inputs);
    net.forward(x, batch, true);
    const pre = Array.from(net.layerInput(1).subarray(0, batch * 5));
    expect(pre.filter((v) => v < 0).length).toBeGreaterThan(5);
    expect(pre.filter((v) => v > 0).length).toBeGreaterThan(5);
    expect(minAbsInput(net, x, batch, 1)).toBeGreaterThan(1e-3);
    expectGradientsMatch(m, x, labelTargets(rng, batch, 3), batch, [
      'layers.0.weight',
      'layers.0.bias',
      'layers.1.slope',
      'layers.2.weight',
      'layers.2.bias',
    ]);
  });

  it('the PReLU slope is a param that the forward reads, so changing it changes the output', () => {
    const net = network([{ type: 'activation', activation: 'prelu' }], 2);
    const slope = net.params.find((p) => p.name === 'layers.0.slope')!;
    expect(slope.value[0]).toBe(0.1);
    const x = Float64Array.from([-2, 3]);
    expect(Array.from(net.forward(x, 1, true).subarray(0, 2))).toEqual([-0.2, 3]);
    slope.value[0] = 0.5;
    expect(Array.from(net.forward(x, 1, true).subarray(0, 2))).toEqual([-1, 3]);
  });

  it('dense + batchnorm + relu + dense + softmax, including gamma and beta', () => {
    const rng = new Random(23);
    const net = network(
      [dense(5), { type: 'batchnorm' }, { type: 'activation', activation: 'relu' }, dense(3), { type: 'activation', activation: 'softmax' }],
      inputs,
      3,
    );
    const bn = net.layers[1] as BatchNormLayer;
    for (let j = 0; j < 5; j++) {
      bn.gamma.value[j] = 0.5 + rng.next();
      bn.beta.value[j] = rng.uniform(-0.5, 0.5);
    }
    const m = model(net, 'cross-entropy', 'classification');
    const x = randomMatrix(rng, batch, inputs);
    expect(minAbsInput(net, x, batch, 2)).toBeGreaterThan(1e-3);
    // Batch norm subtracts the batch mean, so the dense bias below it has no effect on the loss.
    expectGradientsMatch(
      m,
      x,
      labelTargets(rng, batch, 3),
      batch,
      ['layers.0.weight', 'layers.0.bias', 'layers.1.gamma', 'layers.1.beta', 'layers.3.weight', 'layers.3.bias'],
      ['layers.0.bias'],
    );
  });

  const activations = ['elu', 'selu', 'swish', 'softplus', 'leaky-relu', 'sigmoid', 'relu', 'tanh', 'linear'] as const;
  const regressionLosses = [{ type: 'mse' }, { type: 'huber', delta: 1 }] as const;
  for (const activation of activations) {
    for (const loss of regressionLosses) {
      it(`dense + ${activation} + dense with ${loss.type} regression targets`, () => {
        const rng = new Random(activation.length * 31 + loss.type.length);
        const net = network([dense(5), { type: 'activation', activation }, dense(2)], inputs, 7);
        const m = model(net, loss, 'regression');
        const x = randomMatrix(rng, batch, inputs);
        const t = valueTargets(rng, batch, 2);
        expect(minAbsInput(net, x, batch, 1)).toBeGreaterThan(1e-3);
        if (loss.type === 'huber') {
          // Some residuals on each side of delta, none close to it.
          const out = net.forward(x, batch, true);
          const residuals = Array.from({ length: batch * 2 }, (_, i) => Math.abs(out[i] - t.values[i]));
          expect(residuals.some((r) => r < loss.delta)).toBe(true);
          expect(residuals.some((r) => r > loss.delta)).toBe(true);
          for (const r of residuals) expect(Math.abs(r - loss.delta)).toBeGreaterThan(1e-4);
        }
        expectGradientsMatch(m, x, t, batch, ['layers.0.weight', 'layers.0.bias', 'layers.2.weight', 'layers.2.bias']);
      });
    }
  }

  it('dense + tanh + dense + sigmoid with binary cross-entropy (1 output)', () => {
    const rng = new Random(24);
    const net = network([dense(5), { type: 'activation', activation: 'tanh' }, dense(1), { type: 'activation', activation: 'sigmoid' }], inputs);
    const m = model(net, 'binary-cross-entropy', 'classification');
    expect(m.fusedLayer).toBe(3);
    const x = randomMatrix(rng, batch, inputs);
    expectGradientsMatch(m, x, labelTargets(rng, batch, 2), batch, ['layers.0.weight', 'layers.0.bias', 'layers.2.weight', 'layers.2.bias']);
  });

  it('dense + sigmoid with binary cross-entropy (1 output, no hidden layer)', () => {
    const rng = new Random(25);
    const net = network([dense(1), { type: 'activation', activation: 'sigmoid' }], inputs);
    const m = model(net, 'binary-cross-entropy', 'classification');
    const x = randomMatrix(rng, batch, inputs);
    expectGradientsMatch(m, x, labelTargets(rng, batch, 2), batch, ['layers.0.weight', 'layers.0.bias']);
  });

  it('dense + sigmoid with binary cross-entropy over 3 outputs (one-hot labels)', () => {
    const rng = new Random(26);
    const net = network([dense(3), { type: 'activation', activation: 'sigmoid' }], inputs);
    const m = model(net, 'binary-cross-entropy', 'classification');
    const x = randomMatrix(rng, batch, inputs);
    expectGradientsMatch(m, x, labelTargets(rng, batch, 3), batch, ['layers.0.weight', 'layers.0.bias']);
  });

  it('a fused loss needs its activation as the last layer', () => {
    const net = network([dense(3)], inputs);
    expect(() => model(net, 'cross-entropy', 'classification')).toThrow(/needs a softmax output layer/);
    const sig = network([dense(3), { type: 'activation', activation: 'softmax' }], inputs);
    expect(() => model(sig, 'binary-cross-entropy', 'classification')).toThrow(/needs a sigmoid output layer/);
  });
});

describe('input gradients', () => {
  it("a dense layer's dL/dx (seen through a leading linear activation) matches central differences", () => {
    const rng = new Random(31);
    const batch = 5;
    const net = network([{ type: 'activation', activation: 'linear' }, dense(4), { type: 'activation', activation: 'tanh' }, dense(2)], 3);
    const m = model(net, 'mse', 'regression');
    const x = randomMatrix(rng, batch, 3);
    const t = valueTargets(rng, batch, 2);
    let inputGrad: Float64Array | null = null;
    m.computeGradients(x, t, batch, (layer, g) => {
      if (layer === 0) inputGrad = Float64Array.from(g.subarray(0, batch * 3));
    });
    expect(inputGrad).not.toBeNull();
    const numeric = new Float64Array(batch * 3);
    for (let i = 0; i < numeric.length; i++) {
      const v = x[i];
      x[i] = v + H;
      const plus = m.forwardLoss(x, t, batch, true);
      x[i] = v - H;
      const minus = m.forwardLoss(x, t, batch, true);
      x[i] = v;
      numeric[i] = (plus - minus) / (2 * H);
    }
    expect(relErr(inputGrad!, numeric)).toBeLessThan(TOL);
  });

  it('DenseLayer.backward with needInputGrad returns dOut W^T', () => {
    const rng = new Random(32);
    const net = network([dense(3)], 4);
    const layer = net.layers[0] as DenseLayer;
    const batch = 2;
    const x = randomMatrix(rng, batch, 4);
    const dOut = randomMatrix(rng, batch, 3);
    const out = layer.forward(x, batch);
    const dx = layer.backward(x, out, dOut, batch, true);
    const W = layer.weight.value;
    for (let r = 0; r < batch; r++) {
      for (let i = 0; i < 4; i++) {
        let s = 0;
        for (let j = 0; j < 3; j++) s += dOut[r * 3 + j] * W[i * 3 + j];
        expect(dx[r * 4 + i]).toBeCloseTo(s, 12);
      }
    }
  });
});

describe('step activation', () => {
  it('gives exactly zero gradients to every layer below it', () => {
    const rng = new Random(41);
    const batch = 6;
    const net = network([dense(4), { type: 'activation', activation: 'tanh' }, dense(5), { type: 'activation', activation: 'step' }, dense(2)], 3);
    const m = model(net, 'mse', 'regression');
    for (const p of net.params) p.grad.fill(123);
    m.computeGradients(randomMatrix(rng, batch, 3), valueTargets(rng, batch, 2), batch);
    for (const name of ['layers.0.weight', 'layers.0.bias', 'layers.2.weight', 'layers.2.bias']) {
      const grad = net.params.find((p) => p.name === name)!.grad;
      expect(Array.from(grad).every((g) => g === 0), name).toBe(true);
    }
    // The layer above the step still learns.
    const top = net.params.find((p) => p.name === 'layers.4.bias')!.grad;
    expect(Array.from(top).some((g) => g !== 0)).toBe(true);
  });
});

describe('dropout', () => {
  function dropoutNet(rate: number, size: number, seed: number, capacity = 4): { net: Network; layer: DropoutLayer } {
    const net = network([{ type: 'activation', activation: 'linear' }, { type: 'dropout', rate }], size, seed, capacity);
    return { net, layer: net.layers[1] as DropoutLayer };
  }
  const ones = (n: number) => new Float64Array(n).fill(1);

  it('defaults to rate 0.5', () => {
    const { layer } = dropoutNet(0.5, 3, 1);
    expect(networkConfigSchema.parse({ layers: [{ type: 'dropout' }] }).layers[0]).toEqual({ type: 'dropout', rate: 0.5 });
    expect(layer.rate).toBe(0.5);
  });

  it('is the identity at inference', () => {
    const rng = new Random(51);
    const { net } = dropoutNet(0.5, 10, 1);
    const x = randomMatrix(rng, 3, 10);
    const y = net.forward(x, 3, false);
    expect(Array.from(y.subarray(0, 30))).toEqual(Array.from(x));
  });

  it('keeps about 1 - rate of a large layer in training and scales kept units by 1/(1 - rate)', () => {
    for (const rate of [0.2, 0.5, 0.8]) {
      const size = 20000;
      const { net } = dropoutNet(rate, size, 5, 1);
      const y = Array.from(net.forward(ones(size), 1, true).subarray(0, size));
      const kept = y.filter((v) => v !== 0);
      expect(kept.every((v) => Math.abs(v - 1 / (1 - rate)) < 1e-12)).toBe(true);
      // Binomial std of the kept fraction is at most 0.0036 here; 0.015 is > 4 std.
      expect(Math.abs(kept.length / size - (1 - rate))).toBeLessThan(0.015);
    }
  });

  it('rate 0 is the identity in training too', () => {
    const rng = new Random(52);
    const { net } = dropoutNet(0, 6, 1);
    const x = randomMatrix(rng, 2, 6);
    expect(Array.from(net.forward(x, 2, true).subarray(0, 12))).toEqual(Array.from(x));
  });

  it('backward multiplies by the same mask as the forward', () => {
    const rng = new Random(53);
    const size = 50;
    const batch = 4;
    const { net, layer } = dropoutNet(0.4, size, 9);
    const x = randomMatrix(rng, batch, size);
    const y = Float64Array.from(net.forward(x, batch, true).subarray(0, batch * size));
    const dy = randomMatrix(rng, batch, size);
    const dx = layer.backward(x, y, dy, batch, true);
    let dropped = 0;
    for (let i = 0; i < batch * size; i++) {
      const mask = y[i] / x[i];
      if (y[i] === 0) dropped++;
      expect(dx[i]).toBeCloseTo(dy[i] * mask, 12);
    }
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThan(batch * size);
  });

  it('inside a model, gradients flow only through kept units', () => {
    const rng = new Random(54);
    const batch = 3;
    const net = network([dense(8), { type: 'dropout', rate: 0.5 }, dense(2)], 3, 4);
    const m = model(net, 'mse', 'regression');
    const observed: Float64Array[] = [];
    m.computeGradients(randomMatrix(rng, batch, 3), valueTargets(rng, batch, 2), batch, (layer, g) => {
      observed[layer] = Float64Array.from(g.subarray(0, batch * 8));
    });
    const dropOut = net.layerOutput(1);
    // dL/d(dense 0 output) = dL/d(dropout output) * mask, and the mask is 0 or 2.
    for (let i = 0; i < batch * 8; i++) {
      const mask = dropOut[i] === 0 ? 0 : 2;
      expect(observed[0][i]).toBeCloseTo(observed[1][i] * mask, 12);
    }
    // Bias grad of dense 0 is the column sum of that gradient.
    const bias = net.params.find((p) => p.name === 'layers.0.bias')!.grad;
    for (let j = 0; j < 8; j++) {
      let s = 0;
      for (let r = 0; r < batch; r++) s += observed[0][r * 8 + j];
      expect(bias[j]).toBeCloseTo(s, 12);
    }
  });

  it('the same seed gives the same mask sequence, another seed a different one', () => {
    const size = 64;
    const masks = (seed: number) => {
      const { net } = dropoutNet(0.5, size, seed, 1);
      return [0, 1, 2].map(() => Array.from(net.forward(ones(size), 1, true).subarray(0, size)));
    };
    const a = masks(7);
    expect(masks(7)).toEqual(a);
    expect(a[1]).not.toEqual(a[0]);
    expect(masks(8)[0]).not.toEqual(a[0]);
  });
});

describe('batch norm', () => {
  it('defaults to momentum 0.1 and eps 1e-5, with gamma 1, beta 0, running mean 0 and variance 1', () => {
    const net = network([{ type: 'batchnorm' }], 3);
    const bn = net.layers[0] as BatchNormLayer;
    expect(bn.momentum).toBe(0.1);
    expect(bn.eps).toBe(1e-5);
    expect(Array.from(bn.gamma.value)).toEqual([1, 1, 1]);
    expect(Array.from(bn.beta.value)).toEqual([0, 0, 0]);
    expect(Array.from(bn.runningMean.value)).toEqual([0, 0, 0]);
    expect(Array.from(bn.runningVar.value)).toEqual([1, 1, 1]);
    expect(net.params.map((p) => p.name)).toEqual(['layers.0.gamma', 'layers.0.beta']);
    expect(net.buffers.map((p) => p.name)).toEqual(['layers.0.running_mean', 'layers.0.running_var']);
  });

  it('a training forward has per-feature mean beta and std gamma', () => {
    const rng = new Random(61);
    const batch = 32;
    const f = 4;
    const net = network([{ type: 'batchnorm' }], f, 1, batch);
    const bn = net.layers[0] as BatchNormLayer;
    bn.gamma.value.set([0.5, 2, 1, 3]);
    bn.beta.value.set([-1, 0, 0.25, 4]);
    const x = randomMatrix(rng, batch, f, 3);
    for (let i = 0; i < x.length; i++) x[i] += 10 * (i % f);
    const y = net.forward(x, batch, true);
    for (let j = 0; j < f; j++) {
      let mean = 0;
      for (let r = 0; r < batch; r++) mean += y[r * f + j] / batch;
      let variance = 0;
      for (let r = 0; r < batch; r++) variance += (y[r * f + j] - mean) ** 2 / batch;
      expect(mean).toBeCloseTo(bn.beta.value[j], 10);
      // eps = 1e-5 against a variance near 9 shifts the std by < 1e-6 relative.
      expect(Math.sqrt(variance)).toBeCloseTo(bn.gamma.value[j], 5);
    }
  });

  it('running mean and variance follow momentum 0.1 with the unbiased batch variance', () => {
    const net = network([{ type: 'batchnorm' }], 2, 1, 4);
    const bn = net.layers[0] as BatchNormLayer;
    // Feature 0: [1, 2, 6]: mean 3, squared deviations 4 + 1 + 9 = 14, unbiased variance 7.
    // Feature 1: [-2, 0, 2]: mean 0, squared deviations 8, unbiased variance 4.
    net.forward(Float64Array.from([1, -2, 2, 0, 6, 2]), 3, true);
    expect(bn.runningMean.value[0]).toBeCloseTo(0.9 * 0 + 0.1 * 3, 14);
    expect(bn.runningMean.value[1]).toBeCloseTo(0, 14);
    expect(bn.runningVar.value[0]).toBeCloseTo(0.9 * 1 + 0.1 * 7, 14);
    expect(bn.runningVar.value[1]).toBeCloseTo(0.9 * 1 + 0.1 * 4, 14);
    // Second step: feature 0 [3, 5] has mean 4 and unbiased variance 2; feature 1 [1, 1] mean 1, variance 0.
    net.forward(Float64Array.from([3, 1, 5, 1]), 2, true);
    expect(bn.runningMean.value[0]).toBeCloseTo(0.9 * 0.3 + 0.1 * 4, 14);
    expect(bn.runningMean.value[1]).toBeCloseTo(0.1 * 1, 14);
    expect(bn.runningVar.value[0]).toBeCloseTo(0.9 * 1.6 + 0.1 * 2, 14);
    expect(bn.runningVar.value[1]).toBeCloseTo(0.9 * 1.3 + 0.1 * 0, 14);
  });

  it('inference normalizes with the running statistics and leaves them unchanged', () => {
    const net = network([{ type: 'batchnorm' }], 2, 1, 4);
    const bn = net.layers[0] as BatchNormLayer;
    bn.runningMean.value.set([1, -2]);
    bn.runningVar.value.set([4, 0.25]);
    bn.gamma.value.set([2, 3]);
    bn.beta.value.set([0.5, -1]);
    const x = Float64Array.from([3, -2, -1, 0]);
    const y = net.forward(x, 2, false);
    const eps = 1e-5;
    const expected = [
      (2 * (3 - 1)) / Math.sqrt(4 + eps) + 0.5,
      (3 * (-2 + 2)) / Math.sqrt(0.25 + eps) - 1,
      (2 * (-1 - 1)) / Math.sqrt(4 + eps) + 0.5,
      (3 * (0 + 2)) / Math.sqrt(0.25 + eps) - 1,
    ];
    expected.forEach((e, i) => expect(y[i]).toBeCloseTo(e, 12));
    expect(Array.from(bn.runningMean.value)).toEqual([1, -2]);
    expect(Array.from(bn.runningVar.value)).toEqual([4, 0.25]);
  });

  it("a batch norm layer's input gradient matches central differences of a weighted output sum", () => {
    const rng = new Random(62);
    const batch = 5;
    const f = 3;
    const net = network([{ type: 'batchnorm' }], f, 1, batch);
    const bn = net.layers[0] as BatchNormLayer;
    bn.gamma.value.set([0.7, 1.3, -0.4]);
    const x = randomMatrix(rng, batch, f);
    const w = randomMatrix(rng, batch, f);
    const objective = () => {
      const y = bn.forward(x, batch, true);
      let s = 0;
      for (let i = 0; i < batch * f; i++) s += w[i] * y[i];
      return s;
    };
    const out = bn.forward(x, batch, true);
    const dx = Float64Array.from(bn.backward(x, out, w, batch, true).subarray(0, batch * f));
    const numeric = new Float64Array(batch * f);
    for (let i = 0; i < numeric.length; i++) {
      const v = x[i];
      x[i] = v + H;
      const plus = objective();
      x[i] = v - H;
      const minus = objective();
      x[i] = v;
      numeric[i] = (plus - minus) / (2 * H);
    }
    expect(relErr(dx, numeric)).toBeLessThan(TOL);
  });
});

describe('layer bookkeeping', () => {
  it('names params by layer index and sizes them from the config', () => {
    const net = network([dense(5), { type: 'activation', activation: 'prelu' }, { type: 'batchnorm' }, dense(2)], 3);
    expect(net.params.map((p) => [p.name, p.shape])).toEqual([
      ['layers.0.weight', [3, 5]],
      ['layers.0.bias', [5]],
      ['layers.1.slope', [1]],
      ['layers.2.gamma', [5]],
      ['layers.2.beta', [5]],
      ['layers.3.weight', [5, 2]],
      ['layers.3.bias', [2]],
    ]);
    expect(net.outputSize).toBe(2);
    expect(net.layers[1]).toBeInstanceOf(ActivationLayer);
    expect(() => net.forward(new Float64Array(3 * 17), 17, false)).toThrow(/exceeds the network's capacity 16/);
  });
});
