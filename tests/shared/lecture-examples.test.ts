// The lecture's worked examples 1 to 6, reproduced from the shipped sample projects with the
// lecture's printed numbers (each checked to the decimals the lecture prints).

import { describe, expect, it } from 'vitest';
import { Trainer } from '../../shared/engine/trainer';
import type { TrainingEvent } from '../../shared/engine/events';
import { parseProject } from '../../shared/project/parse';
import { expectPrinted, expectPrintedMatrix, inspectSample, sampleProject, sampleSetup } from '../helpers/lecture';

const W = (r: Awaited<ReturnType<typeof inspectSample>>, name: string) => r.parameters[name];

describe('Example 1: forward pass of a 2-2-3 network on three Iris flowers', () => {
  it('gives the lecture h, z, softmax and a mean cross-entropy of 1.273', async () => {
    const r = await inspectSample(sampleProject('example-1-forward-pass'));
    expectPrintedMatrix(r.layers[0].output, [[1.372, -1.69], [4.698, -5.928], [5.718, -7.254]], 3, 'h');
    expectPrintedMatrix(r.layers[1].output, [[1.372, 0], [4.698, 0], [5.718, 0]], 3, 'ReLU(h)');
    expectPrintedMatrix(r.layers[2].output, [[0.439, 0.343, 0.192], [1.503, 1.175, 0.658], [1.83, 1.43, 0.801]], 3, 'z');
    expectPrintedMatrix(r.output, [[0.372, 0.338, 0.29], [0.465, 0.335, 0.2], [0.493, 0.331, 0.176]], 3, 'softmax');
    expectPrinted(r.loss, 1.273, 3, 'loss');
  });
});

describe('Example 2: dying ReLU', () => {
  it('reproduces the forward pass, every gradient, the update and the second forward', async () => {
    const r = await inspectSample(sampleProject('example-2-dying-relu'));
    expectPrintedMatrix(r.layers[0].output, [[1.372, -1.69]], 3, 'h');
    expectPrintedMatrix(r.layers[1].output, [[1.372, 0]], 3, 'ReLU');
    expectPrintedMatrix(r.layers[2].output, [[0.439, 0.343, 0.192]], 3, 'z');
    expectPrintedMatrix(r.output, [[0.372, 0.338, 0.29]], 3, 'softmax');
    expectPrinted(r.loss, 0.989, 3, 'loss');
    expect(r.lossGradient.of).toBe('logits');
    expectPrintedMatrix(r.lossGradient.value, [[-0.628, 0.338, 0.29]], 3, 'dL/dz');
    expectPrintedMatrix(W(r, 'layers.2.weight').gradient.value, [[-0.862, 0.463, 0.398], [0, 0, 0]], 3, 'dL/dW_z');
    expectPrintedMatrix(W(r, 'layers.2.bias').gradient.value, [-0.628, 0.338, 0.29], 3, 'dL/db_z');
    expectPrintedMatrix(r.layers[1].outputGradient!, [[-0.0759, -0.0445]], 4, 'dL/dReLU');
    expectPrintedMatrix(r.layers[0].outputGradient!, [[-0.0759, 0]], 4, 'dL/dh');
    expectPrintedMatrix(W(r, 'layers.0.weight').gradient.value, [[-0.114, 0], [-0.0152, 0]], 3, 'dL/dW_h');
    expectPrintedMatrix(W(r, 'layers.0.bias').gradient.value, [-0.0759, 0], 4, 'dL/db_h');
    expectPrintedMatrix(W(r, 'layers.0.weight').after.value, [[0.8611, -1.04], [0.4102, -0.65]], 4, 'W_h after');
    expectPrintedMatrix(W(r, 'layers.0.bias').after.value, [0.00076, 0], 5, 'b_h after');
    expectPrintedMatrix(W(r, 'layers.2.weight').after.value, [[0.3286, 0.2454, 0.136], [-0.47, -1.06, 0.063]], 4, 'W_z after');
    expectPrintedMatrix(W(r, 'layers.2.bias').after.value, [0.0063, -0.0034, -0.0029], 4, 'b_z after');
    expectPrintedMatrix(r.after.layers[0].output, [[1.3745, -1.69]], 4, 'h after');
    expectPrinted(r.after.loss, 0.972, 3, 'loss after');
    // The dead unit: still 0 after the step, and its weights got exactly no gradient.
    expect(r.after.layers[1].output[0][1]).toBe(0);
    expect((W(r, 'layers.0.weight').gradient.value as number[][]).map((row) => row[1])).toEqual([0, 0]);
  });
});

describe('Example 3: zero initialization in linear regression still learns', () => {
  it('moves w and b by the lecture amounts', async () => {
    const r = await inspectSample(sampleProject('example-3-zero-init-linear-regression'));
    expectPrinted(r.loss, 82.81, 2, 'L');
    expectPrintedMatrix(W(r, 'layers.0.weight').gradient.value, [[-121.94]], 2, 'dL/dw');
    expectPrintedMatrix(W(r, 'layers.0.bias').gradient.value, [-18.2], 1, 'dL/db');
    expectPrintedMatrix(W(r, 'layers.0.weight').after.value, [[1.2194]], 4, 'w');
    expectPrintedMatrix(W(r, 'layers.0.bias').after.value, [0.182], 3, 'b');
    expectPrintedMatrix(r.after.output, [[8.352]], 3, 'y_hat');
    expectPrinted(r.after.loss, 0.5595, 4, 'L after');
  });
});

describe('Example 4: zero initialization in logistic regression still learns', () => {
  it('gives gradient (0.5, 0.7, 0.1) and the lecture update', async () => {
    const r = await inspectSample(sampleProject('example-4-zero-init-logistic-regression'));
    expectPrintedMatrix(r.layers[0].output, [[0]], 3, 'z');
    expectPrintedMatrix(r.output, [[0.5]], 3, 'y_hat');
    expectPrinted(r.loss, 0.693, 3, 'L');
    expectPrintedMatrix(W(r, 'layers.0.bias').gradient.value, [0.5], 3, 'dL/db');
    expectPrintedMatrix(W(r, 'layers.0.weight').gradient.value, [[0.7], [0.1]], 3, 'dL/dw');
    expectPrintedMatrix(W(r, 'layers.0.bias').after.value, [-0.005], 3, 'b');
    expectPrintedMatrix(W(r, 'layers.0.weight').after.value, [[-0.007], [-0.001]], 3, 'w');
    expectPrintedMatrix(r.after.layers[0].output, [[-0.015]], 3, 'z after');
    expectPrintedMatrix(r.after.output, [[0.496]], 3, 'y_hat after');
    expectPrinted(r.after.loss, 0.686, 3, 'L after');
  });
});

describe('Example 5: zero initialization in softmax regression still learns', () => {
  it('gives the lecture gradients and update', async () => {
    const r = await inspectSample(sampleProject('example-5-zero-init-softmax-regression'));
    expectPrintedMatrix(r.output, [[0.5, 0.5]], 3, 'y_hat');
    expectPrinted(r.loss, 0.693, 3, 'L');
    expectPrintedMatrix(r.lossGradient.value, [[-0.5, 0.5]], 3, 'dL/dz');
    expectPrintedMatrix(W(r, 'layers.0.weight').gradient.value, [[-0.7, 0.7]], 3, 'dL/dw');
    expectPrintedMatrix(W(r, 'layers.0.bias').gradient.value, [-0.5, 0.5], 3, 'dL/db');
    expectPrintedMatrix(W(r, 'layers.0.weight').after.value, [[0.007, -0.007]], 3, 'w');
    expectPrintedMatrix(W(r, 'layers.0.bias').after.value, [0.005, -0.005], 3, 'b');
    expectPrintedMatrix(r.after.layers[0].output, [[0.0148, -0.0148]], 4, 'z after');
    expectPrintedMatrix(r.after.output, [[0.507, 0.493]], 3, 'y_hat after');
    expectPrinted(r.after.loss, 0.678, 3, 'L after');
  });
});

describe('Example 6: zero initialization breaks an MLP', () => {
  it('starts at log 3 with no gradient reaching the hidden layer', async () => {
    const r = await inspectSample(sampleProject('example-6-zero-init-mlp'));
    expectPrintedMatrix(r.layers[0].output, [[0, 0], [0, 0], [0, 0]], 4, 'h');
    expectPrintedMatrix(r.output, Array(3).fill([1 / 3, 1 / 3, 1 / 3]), 4, 'softmax');
    expectPrinted(r.loss, 1.0986, 4, 'loss');
    const grad = (name: string) => (W(r, name).gradient.value as (number | number[])[]).flat() as number[];
    // Exactly zero: ReLU'(0) = 0 and the output weights are 0.
    for (const name of ['layers.0.weight', 'layers.0.bias', 'layers.2.weight']) expect(grad(name).every((v) => v === 0), name).toBe(true);
    // One sample per class: the output-bias gradient (1/3 - 1 + 1/3 + 1/3) / 3 is zero up to rounding.
    for (const v of grad('layers.2.bias')) expect(Math.abs(v)).toBeLessThan(1e-15);
  });

  it('stays stuck at 1.0986 for 100 epochs with all weights still zero', async () => {
    const setup = await sampleSetup(sampleProject('example-6-zero-init-mlp'));
    const epochs: number[] = [];
    const done = await new Trainer(setup, (e: TrainingEvent) => e.type === 'epoch' && epochs.push(e.train.loss)).run();
    expect(done.type).toBe('done');
    expect(epochs).toHaveLength(100);
    for (const loss of epochs) expectPrinted(loss, 1.0986, 4, 'epoch loss');
    for (const p of setup.model.network.params) {
      if (p.name === 'layers.2.bias') expect(Math.max(...Array.from(p.value, Math.abs)), p.name).toBeLessThan(1e-14);
      else expect(Array.from(p.value).every((v) => v === 0), p.name).toBe(true);
    }
  });

  it('with sigmoid hidden units the two units stay identical (symmetry is never broken)', async () => {
    const base = sampleProject('example-6-zero-init-mlp');
    const layers = base.network.layers.map((l) => (l.type === 'activation' && l.activation === 'relu' ? { ...l, activation: 'sigmoid' as const } : l));
    const project = parseProject({ ...base, network: { layers } });
    const setup = await sampleSetup(project);
    await new Trainer(setup, () => {}).run();
    const w = setup.model.network.params.find((p) => p.name === 'layers.0.weight')!.value;
    const wz = setup.model.network.params.find((p) => p.name === 'layers.2.weight')!.value;
    // W_h is [2 inputs, 2 units]: the two columns (units) are equal.
    expect(w[0]).toBe(w[1]);
    expect(w[2]).toBe(w[3]);
    // W_z rows (what each hidden unit feeds forward) are equal and have moved away from zero.
    expect(Array.from(wz.slice(0, 3))).toEqual(Array.from(wz.slice(3, 6)));
    expect(Array.from(wz).some((v) => v !== 0)).toBe(true);
  });
});
