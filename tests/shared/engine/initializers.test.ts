// Initializers: exact constants, sample moments against each formula, seeding, config validation.

import { describe, expect, it } from 'vitest';
import {
  describeInitializer,
  initialize,
  initializerConfigSchema,
  initializerDistribution,
  initializerNames,
  parseInitializerConfig,
  type InitializerName,
} from '../../../shared/engine/initializers';
import { Random } from '../../../shared/engine/random';

const FAN_IN = 784;
const FAN_OUT = 256;
const N = FAN_IN * FAN_OUT;

// Expected variance and, for uniform ones, the bound; written from the formulas, not the code.
const RANDOM: Record<Exclude<InitializerName, 'zeros' | 'constant'>, { variance: number; limit?: number }> = {
  uniform: { variance: 0.05 ** 2 / 3, limit: 0.05 },
  normal: { variance: 0.05 ** 2 },
  'xavier-uniform': { variance: 6 / (FAN_IN + FAN_OUT) / 3, limit: Math.sqrt(6 / (FAN_IN + FAN_OUT)) },
  'xavier-normal': { variance: 2 / (FAN_IN + FAN_OUT) },
  'he-uniform': { variance: 6 / FAN_IN / 3, limit: Math.sqrt(6 / FAN_IN) },
  'he-normal': { variance: 2 / FAN_IN },
  'lecun-uniform': { variance: 3 / FAN_IN / 3, limit: Math.sqrt(3 / FAN_IN) },
  'lecun-normal': { variance: 1 / FAN_IN },
  'torch-default': { variance: 1 / FAN_IN / 3, limit: 1 / Math.sqrt(FAN_IN) },
};

function sample(name: string, seed = 1, n = N): Float64Array {
  const out = new Float64Array(n);
  initialize(parseInitializerConfig(name), out, FAN_IN, FAN_OUT, new Random(seed));
  return out;
}

describe('initializers', () => {
  it('lists every initializer', () => {
    expect(initializerNames().sort()).toEqual(
      ['zeros', 'constant', ...Object.keys(RANDOM)].sort(),
    );
  });

  it('fills zeros and constants exactly', () => {
    const rng = new Random(1);
    const out = new Float32Array(10).fill(7);
    initialize(parseInitializerConfig('zeros'), out, 3, 4, rng);
    expect(Array.from(out)).toEqual(new Array(10).fill(0));
    initialize(parseInitializerConfig({ type: 'constant', value: 0.25 }), out, 3, 4, rng);
    expect(Array.from(out)).toEqual(new Array(10).fill(0.25));
    initialize(parseInitializerConfig('constant'), out, 3, 4, rng);
    expect(Array.from(out)).toEqual(new Array(10).fill(0));
  });

  for (const [name, { variance, limit }] of Object.entries(RANDOM)) {
    it(`${name}: mean about 0, variance within 3% of the formula${limit ? ', inside the bounds' : ''}`, () => {
      const w = sample(name);
      let sum = 0;
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < N; i++) {
        sum += w[i];
        if (w[i] < min) min = w[i];
        if (w[i] > max) max = w[i];
      }
      const mean = sum / N;
      let ss = 0;
      for (let i = 0; i < N; i++) ss += (w[i] - mean) ** 2;
      const v = ss / (N - 1);
      // Five standard errors of the mean.
      expect(Math.abs(mean)).toBeLessThan(5 * Math.sqrt(variance / N));
      expect(Math.abs(v / variance - 1)).toBeLessThan(0.03);
      if (limit !== undefined) {
        expect(min).toBeGreaterThanOrEqual(-limit);
        expect(max).toBeLessThanOrEqual(limit);
        // The bounds are reached, not just respected.
        expect(max).toBeGreaterThan(0.99 * limit);
        expect(min).toBeLessThan(-0.99 * limit);
      }
    });
  }

  it('is reproducible by seed', () => {
    for (const name of Object.keys(RANDOM)) {
      expect(Array.from(sample(name, 42, 100))).toEqual(Array.from(sample(name, 42, 100)));
      expect(Array.from(sample(name, 42, 100))).not.toEqual(Array.from(sample(name, 43, 100)));
    }
  });

  it('honours parameters of uniform and normal', () => {
    const u = new Float64Array(1000);
    initialize(parseInitializerConfig({ type: 'uniform', low: 2, high: 3 }), u, 1, 1, new Random(1));
    expect(u.every((v) => v >= 2 && v < 3)).toBe(true);
    expect(initializerDistribution(parseInitializerConfig({ type: 'normal', mean: 1, std: 2 }), 1, 1)).toEqual({
      kind: 'normal',
      mean: 1,
      std: 2,
    });
  });

  it('describes a config for the UI', () => {
    expect(describeInitializer(parseInitializerConfig('he-normal'), 784, 256)).toBe('He normal: N(0, 0.0505²)');
    expect(describeInitializer(parseInitializerConfig('uniform'), 784, 256)).toBe('Random uniform: U(-0.05, 0.05)');
    expect(describeInitializer(parseInitializerConfig('torch-default'), 100, 10)).toBe('PyTorch default: U(-0.1, 0.1)');
    expect(describeInitializer(parseInitializerConfig({ type: 'constant', value: 0.5 }), 1, 1)).toBe('Constant: all 0.5');
  });

  it('fills defaults and rejects unknown names and bad parameters', () => {
    expect(parseInitializerConfig({ type: 'normal' })).toEqual({ type: 'normal', mean: 0, std: 0.05 });
    expect(parseInitializerConfig('uniform')).toEqual({ type: 'uniform', low: -0.05, high: 0.05 });
    expect(() => parseInitializerConfig('foo')).toThrow(/Unknown initializer 'foo' \(known: zeros, constant, .*torch-default\)/);
    expect(() => parseInitializerConfig({ type: 'glorot' })).toThrow(/Unknown initializer 'glorot'/);
    expect(() => parseInitializerConfig({})).toThrow(/has no 'type'/);
    expect(() => parseInitializerConfig(5)).toThrow(/must be a name or an object/);
    expect(() => parseInitializerConfig({ type: 'normal', std: -1 })).toThrow(/Invalid initializer 'normal': std/);
    expect(() => parseInitializerConfig({ type: 'normal', std: 0 })).toThrow(/'normal'/);
    expect(() => parseInitializerConfig({ type: 'uniform', low: 1, high: 0 })).toThrow(/Invalid initializer 'uniform'.*low must be less than high/);
    expect(() => parseInitializerConfig({ type: 'constant', value: Infinity })).toThrow(/Invalid initializer 'constant'/);
    expect(() => parseInitializerConfig({ type: 'he-normal', gain: 2 })).toThrow(/Invalid initializer 'he-normal'.*gain/);
    const viaSchema = initializerConfigSchema.safeParse({ type: 'foo' });
    expect(viaSchema.error?.issues[0].message).toMatch(/Unknown initializer 'foo'/);
  });

  it('rejects fan-scaled initializers on an empty fan', () => {
    expect(() => initialize(parseInitializerConfig('he-normal'), new Float64Array(1), 0, 3, new Random(1))).toThrow(
      /He normal initializer needs a positive fan, got 0/,
    );
  });
});
