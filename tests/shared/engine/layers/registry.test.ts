// The layer registry's size and cost of a chain (what the canvas shows under the network), checked
// against hand counts and against the tensors the engine actually builds.

import { describe, expect, it } from 'vitest';
import { activationNames } from '../../../../shared/engine/activations';
import { flopsPerSample, layerKinds, layerSizes, newLayerConfig, parameterCount, parseLayerConfig } from '../../../../shared/engine/layers/registry';
import { Network, type LayerConfig } from '../../../../shared/engine/network';

const init = { weightInit: { type: 'he-normal' as const }, biasInit: { type: 'zeros' as const } };

describe('parameterCount and flopsPerSample', () => {
  const fashion: LayerConfig[] = [
    { type: 'dense', units: 256, ...init },
    { type: 'activation', activation: 'relu' },
    { type: 'dense', units: 10, ...init },
    { type: 'activation', activation: 'softmax' },
  ];

  it('counts the lecture 784-256-10 network', () => {
    // (784*256 + 256) + (256*10 + 10) = 200,960 + 2,570
    expect(parameterCount(fashion, 784)).toBe(203_530);
    // dense 2*784*256 = 401,408; ReLU 256; dense 2*256*10 = 5,120; softmax 10
    expect(flopsPerSample(fashion, 784)).toBe(406_794);
  });

  it('counts batch norm gamma/beta, one PReLU slope, nothing for dropout or linear', () => {
    const layers: LayerConfig[] = [
      { type: 'dense', units: 3, ...init }, // 2*3 + 3 = 9 params, 12 FLOPs
      { type: 'batchnorm', momentum: 0.1, eps: 1e-5 }, // 6 params, 6 FLOPs
      { type: 'activation', activation: 'prelu' }, // 1 param, 3 FLOPs
      { type: 'dropout', rate: 0.5 }, // 0, 0
      { type: 'dense', units: 1, ...init }, // 3 + 1 = 4 params, 6 FLOPs
      { type: 'activation', activation: 'linear' }, // 0, 0
    ];
    expect(parameterCount(layers, 2)).toBe(20);
    expect(flopsPerSample(layers, 2)).toBe(27);
  });

  it('is zero for no layers', () => {
    expect(parameterCount([], 5)).toBe(0);
    expect(flopsPerSample([], 5)).toBe(0);
  });
});

describe('the layer registry against the built network', () => {
  const build = (layers: LayerConfig[], inputSize: number) => new Network({ layers }, { inputSize, capacity: 4, dtype: 'float64', seed: 1 });
  // Every kind, PReLU (the one activation with a parameter) among the activations, at odd widths.
  const kinds: LayerConfig[][] = [
    ...layerKinds().map((kind) => [newLayerConfig(kind)]),
    ...activationNames().map((activation): LayerConfig[] => [{ type: 'activation', activation }]),
    [{ type: 'dense', units: 7, ...init }, { type: 'batchnorm', momentum: 0.1, eps: 1e-5 }, { type: 'dropout', rate: 0.3 }, { type: 'dense', units: 2, ...init }],
  ];

  it.each(kinds.map((layers) => [layers.map((l) => (l.type === 'activation' ? l.activation : l.type)).join(' '), layers] as const))(
    '%s: the parameter count is the number of values in the trained tensors, and the widths are the built ones',
    (_name, layers) => {
      const net = build(layers, 5);
      const trained = net.params.reduce((sum, p) => sum + p.value.length, 0);
      expect(parameterCount(layers, 5)).toBe(trained);
      expect(layerSizes(layers, 5)).toEqual(net.layers.map((l) => l.outSize));
    },
  );

  it('counts only trained tensors: batch-norm statistics are in tensors() but not in the count', () => {
    const layers: LayerConfig[] = [newLayerConfig('batchnorm')];
    const net = build(layers, 3);
    const all = [...net.tensors().values()].reduce((sum, t) => sum + t.data.length, 0);
    expect(all).toBe(12);
    expect(parameterCount(layers, 3)).toBe(6);
  });

  it('names what a new layer of each kind starts as, and refuses an unknown kind listing the known ones', () => {
    expect(layerKinds()).toEqual(['dense', 'activation', 'batchnorm', 'dropout']);
    expect(newLayerConfig('dense')).toEqual({ type: 'dense', units: 32, weightInit: { type: 'he-normal' }, biasInit: { type: 'zeros' } });
    expect(newLayerConfig('activation')).toEqual({ type: 'activation', activation: 'relu' });
    expect(newLayerConfig('batchnorm')).toEqual({ type: 'batchnorm', momentum: 0.1, eps: 1e-5 });
    expect(newLayerConfig('dropout')).toEqual({ type: 'dropout', rate: 0.5 });
    expect(() => parseLayerConfig({ type: 'conv' })).toThrow("Unknown layer 'conv' (known: dense, activation, batchnorm, dropout)");
  });
});
