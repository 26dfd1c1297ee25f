import { describe, expect, it } from 'vitest';
import type { LayerConfig } from '../../../shared/engine/network';
import { flopsPerSample, parameterCount } from '../../../renderer/src/model/network/stats';

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
