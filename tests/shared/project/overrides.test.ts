// Bias initialization as a project setting: PyTorch's nn.Linear draws biases like its weights,
// and the seed table trains the studio that way to compare on the same settings.

import { describe, expect, it } from 'vitest';
import { applyOverrides } from '../../../shared/project/overrides';
import { Network } from '../../../shared/engine/network';
import { builtinProject } from '../../helpers/run';

describe('applyOverrides: initializers', () => {
  it('gives every dense layer the chosen weight and bias initializers, kept through a reshape', () => {
    const { project, dataset } = builtinProject('blobs', { n: 120, seed: 1 });
    const torch = applyOverrides(project, { weightInit: { type: 'torch-default' }, biasInit: { type: 'torch-default' } }, dataset);
    const reshaped = applyOverrides(torch, { hidden: [64, 32] }, dataset);
    const dense = reshaped.network.layers.filter((l) => l.type === 'dense');
    expect(dense).toHaveLength(3);
    for (const l of dense) expect(l.type === 'dense' && [l.weightInit.type, l.biasInit.type]).toEqual(['torch-default', 'torch-default']);
    // Without a choice, biases start at zero.
    const plain = applyOverrides(project, { hidden: [8] }, dataset).network.layers.filter((l) => l.type === 'dense');
    for (const l of plain) expect(l.type === 'dense' && l.biasInit.type).toBe('zeros');
  });

  it('draws biases within nn.Linear’s bound 1/sqrt(fan_in), and not all zero', () => {
    const { project, dataset } = builtinProject('blobs', { n: 120, seed: 1 });
    const p = applyOverrides(project, { hidden: [64], weightInit: { type: 'torch-default' }, biasInit: { type: 'torch-default' } }, dataset);
    const net = new Network(p.network, { inputSize: dataset.numFeatures, capacity: 4, seed: 3 });
    const bias = [...net.tensors()].find(([name]) => name === 'layers.2.bias')![1].data as Float32Array;
    const bound = 1 / Math.sqrt(64);
    expect(Math.max(...bias.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...bias.map(Math.abs))).toBeGreaterThan(bound / 4);
  });
});
