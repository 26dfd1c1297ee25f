// Activations: the lecture's table, finite-difference gradients, scalar/array agreement, stability.

import { describe, expect, it } from 'vitest';
import {
  ACTIVATIONS,
  SELU_ALPHA,
  SELU_LAMBDA,
  activationConstants,
  activationNames,
  getActivation,
  preluSlopeGradient,
  type ActivationConstants,
  type ActivationName,
} from '../../../shared/engine/activations';
import { layerConfigSchema } from '../../../shared/engine/network';
import { Random } from '../../../shared/engine/random';

type Elementwise = Exclude<ActivationName, 'softmax'>;

// [x, f(x), f'(x)] with the lecture's default constants, numbers worked out by hand/independently.
const TABLE: Record<Elementwise, [number, number, number][]> = {
  linear: [
    [-3, -3, 1],
    [0, 0, 1],
    [2.5, 2.5, 1],
  ],
  step: [
    [-0.5, 0, 0],
    [0, 1, 0],
    [2, 1, 0],
  ],
  sigmoid: [
    [0, 0.5, 0.25],
    [1, 0.7310585786300049, 0.19661193324148185],
    [-2, 0.11920292202211755, 0.1049935854035065],
  ],
  tanh: [
    [0, 0, 1],
    [1, 0.7615941559557649, 0.41997434161402614],
    [-0.5, -0.46211715726000974, 0.7864477329659274],
  ],
  softplus: [
    [0, Math.LN2, 0.5],
    [1, 1.3132616875182228, 0.7310585786300049],
    [-1, 0.31326168751822286, 0.2689414213699951],
  ],
  relu: [
    [-1, 0, 0],
    [0, 0, 0],
    [2, 2, 1],
  ],
  'leaky-relu': [
    [-2, -0.02, 0.01],
    [0, 0, 0.01],
    [3, 3, 1],
  ],
  elu: [
    [-1, 0.1 * (Math.exp(-1) - 1), 0.1 * Math.exp(-1)],
    [-1, -0.06321205588285576, 0.036787944117144235],
    [0, 0, 0.1],
    [2, 2, 1],
  ],
  prelu: [
    [-2, -0.2, 0.1],
    [0, 0, 0.1],
    [3, 3, 1],
  ],
  selu: [
    [1, 1.0507009873554805, 1.0507009873554805],
    [2, 2.101401974710961, 1.0507009873554805],
    [0, 0, 1.0507009873554805],
    [-1, -1.1113307378125625, 0.646768603034814],
  ],
  swish: [
    [0, 0, 0.5],
    [1, 0.7310585786300049, 0.9276705118714867],
    [-1, -0.2689414213699951, 0.07232948812851331],
    [-2, -0.2384058440442351, -0.09078424878489547],
  ],
};

const ELEMENTWISE = activationNames().filter((n): n is Elementwise => n !== 'softmax');
const CUSTOM: ActivationConstants = { slope: 0.3, alpha: 1.5, lambda: 2 };

function randomArray(rng: Random, n: number, scale: number, avoidZero = 0): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = 0;
    while (Math.abs(v) <= avoidZero) v = rng.uniform(-scale, scale);
    a[i] = v;
  }
  return a;
}

function closeTo(actual: number, expected: number, rel = 1e-14): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
}

describe('activation registry', () => {
  it('lists every activation under its own name', () => {
    expect(activationNames()).toEqual([
      'linear',
      'step',
      'sigmoid',
      'tanh',
      'softplus',
      'relu',
      'leaky-relu',
      'elu',
      'prelu',
      'selu',
      'swish',
      'softmax',
    ]);
    for (const name of activationNames()) expect(ACTIVATIONS[name].name).toBe(name);
    expect(getActivation('leaky-relu').label).toBe('LeakyReLU');
  });

  it('rejects unknown names listing the known ones', () => {
    expect(() => getActivation('foo')).toThrow(/Unknown activation 'foo' \(known: linear, step, .*softmax\)/);
    expect(() => getActivation('toString')).toThrow(/Unknown activation 'toString'/);
  });

  it('flags families, zero-gradient and row-wise activations', () => {
    const family = (f: string) => activationNames().filter((n) => ACTIVATIONS[n].family === f);
    expect(family('relu').sort()).toEqual(['elu', 'leaky-relu', 'prelu', 'relu', 'selu']);
    expect(family('saturating').sort()).toEqual(['sigmoid', 'tanh']);
    expect(activationNames().filter((n) => ACTIVATIONS[n].zeroGradient)).toEqual(['step']);
    expect(activationNames().filter((n) => !ACTIVATIONS[n].elementwise)).toEqual(['softmax']);
  });

  it('fills constants from the lecture defaults, per-activation defaults and overrides', () => {
    expect(activationConstants('relu')).toEqual({ slope: 0.01, alpha: 0.1, lambda: SELU_LAMBDA });
    expect(activationConstants('elu').alpha).toBe(0.1);
    expect(activationConstants('prelu').slope).toBe(0.1);
    expect(activationConstants('selu')).toMatchObject({ lambda: 1.0507009873554805, alpha: 1.6732632423543772 });
    expect(SELU_ALPHA).toBe(1.6732632423543772);
    expect(activationConstants('elu', { alpha: 1, slope: undefined })).toEqual({ slope: 0.01, alpha: 1, lambda: SELU_LAMBDA });
    const a = activationConstants('prelu');
    a.slope = 0.5;
    expect(activationConstants('prelu').slope).toBe(0.1);
    expect(() => activationConstants('nope')).toThrow(/Unknown activation 'nope'/);
  });

  it('validates activation configs (an activation layer names one and may set its constants)', () => {
    const layer = (config: Record<string, unknown>) => ({ type: 'activation', ...config });
    expect(layerConfigSchema.parse(layer({ activation: 'elu', alpha: 1 }))).toEqual(layer({ activation: 'elu', alpha: 1 }));
    expect(layerConfigSchema.parse(layer({ activation: 'leaky-relu', slope: -0.2 }))).toMatchObject({ slope: -0.2 });
    const unknown = layerConfigSchema.safeParse(layer({ activation: 'gelu' }));
    expect(unknown.success).toBe(false);
    expect(unknown.error?.issues[0].message).toMatch(/Unknown activation 'gelu' \(known: linear/);
    for (const bad of [
      { activation: 'elu', alpha: 0 },
      { activation: 'selu', lambda: -1 },
      { activation: 'leaky-relu', slope: Infinity },
      { activation: 'relu', extra: 1 },
      {},
    ]) {
      expect(layerConfigSchema.safeParse(layer(bad)).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it("takes each activation's defaults from its own config schema", () => {
    for (const name of activationNames()) expect(ACTIVATIONS[name].schema.parse({})).toEqual(ACTIVATIONS[name].defaults);
    expect(ACTIVATIONS.elu.schema.safeParse({ alpha: 0 }).success).toBe(false);
    expect(ACTIVATIONS.relu.schema.safeParse({ slope: 1 }).success).toBe(false);
  });
});

describe('scalar values and derivatives match the lecture table', () => {
  for (const name of ELEMENTWISE) {
    it(name, () => {
      const act = ACTIVATIONS[name];
      const c = activationConstants(name);
      for (const [x, f, df] of TABLE[name]) {
        closeTo(act.f(x, c), f);
        closeTo(act.df(x, c), df);
      }
    });
  }

  it('swish derivative equals the lecture form swish + sigmoid (1 - swish)', () => {
    const act = ACTIVATIONS.swish;
    const c = activationConstants('swish');
    for (const x of [-30, -5, -0.3, 0.7, 4, 30]) {
      const s = 1 / (1 + Math.exp(-x));
      closeTo(act.df(x, c), x * s + s * (1 - x * s), 1e-13);
    }
  });

  it('softmax has no scalar form', () => {
    const c = activationConstants('softmax');
    expect(() => ACTIVATIONS.softmax.f(0, c)).toThrow(/row-wise/);
    expect(() => ACTIVATIONS.softmax.df(0, c)).toThrow(/row-wise/);
  });
});

describe('array forward/backward', () => {
  const rows = 3;
  const cols = 5;
  const n = rows * cols;

  for (const name of activationNames()) {
    for (const [label, constants] of [
      ['defaults', activationConstants(name)],
      ['custom constants', CUSTOM],
    ] as const) {
      it(`${name} backward matches central differences (${label})`, () => {
        const act = ACTIVATIONS[name];
        const rng = new Random(7);
        // Away from the kinks at 0, where one-sided slopes differ.
        const x = randomArray(rng, n, 3, 0.05);
        const w = randomArray(rng, n, 1);
        const y = new Float64Array(n);
        const dx = new Float64Array(n);
        act.forward(x, y, rows, cols, constants);
        act.backward(x, y, w, dx, rows, cols, constants);

        const h = 1e-6;
        const yp = new Float64Array(n);
        const loss = (xs: Float64Array): number => {
          act.forward(xs, yp, rows, cols, constants);
          let s = 0;
          for (let i = 0; i < n; i++) s += w[i] * yp[i];
          return s;
        };
        for (let i = 0; i < n; i++) {
          const saved = x[i];
          x[i] = saved + h;
          const lp = loss(x);
          x[i] = saved - h;
          const lm = loss(x);
          x[i] = saved;
          const numeric = (lp - lm) / (2 * h);
          expect(Math.abs(dx[i] - numeric), `${name} at x=${saved}`).toBeLessThan(1e-7 * Math.max(1, Math.abs(numeric)));
        }
      });
    }
  }

  for (const name of ELEMENTWISE) {
    it(`${name} array results equal scalar f and df, kinks included`, () => {
      const act = ACTIVATIONS[name];
      for (const c of [activationConstants(name), CUSTOM]) {
        const x = Float64Array.from([-1e4, -50, -3, -1, -0.2, 0, 0.2, 1, 3, 50, 1e4, 1e30]);
        const n2 = x.length;
        const y = new Float64Array(n2);
        const ones = new Float64Array(n2).fill(1);
        const dx = new Float64Array(n2);
        act.forward(x, y, 2, n2 / 2, c);
        act.backward(x, y, ones, dx, 2, n2 / 2, c);
        for (let i = 0; i < n2; i++) {
          closeTo(y[i], act.f(x[i], c));
          closeTo(dx[i], act.df(x[i], c));
        }
      }
    });
  }

  it('softmax rows sum to 1 and match hand values', () => {
    const x = Float64Array.from([1, 2, 3, 0, 0, 0]);
    const y = new Float64Array(6);
    ACTIVATIONS.softmax.forward(x, y, 2, 3, activationConstants('softmax'));
    const expected = [0.09003057317038046, 0.24472847105479767, 0.6652409557748219, 1 / 3, 1 / 3, 1 / 3];
    for (let i = 0; i < 6; i++) closeTo(y[i], expected[i]);
  });

  it('float32 arrays agree with float64 to float32 precision', () => {
    const rng = new Random(3);
    const x64 = randomArray(rng, 20, 4, 0.05);
    const x32 = Float32Array.from(x64);
    const dy64 = randomArray(rng, 20, 1);
    const dy32 = Float32Array.from(dy64);
    for (const name of activationNames()) {
      const act = ACTIVATIONS[name];
      const c = activationConstants(name);
      const xr = Float64Array.from(x32);
      const y64 = new Float64Array(20);
      const dx64 = new Float64Array(20);
      const y32 = new Float32Array(20);
      const dx32 = new Float32Array(20);
      act.forward(xr, y64, 4, 5, c);
      act.backward(xr, y64, Float64Array.from(dy32), dx64, 4, 5, c);
      act.forward(x32, y32, 4, 5, c);
      act.backward(x32, y32, dy32, dx32, 4, 5, c);
      for (let i = 0; i < 20; i++) {
        expect(Math.abs(y32[i] - y64[i])).toBeLessThan(1e-6 * Math.max(1, Math.abs(y64[i])));
        expect(Math.abs(dx32[i] - dx64[i])).toBeLessThan(1e-6 * Math.max(1, Math.abs(dx64[i])));
      }
    }
  });

  it('backward may write into dy', () => {
    const rng = new Random(11);
    for (const name of activationNames()) {
      const act = ACTIVATIONS[name];
      const c = activationConstants(name);
      const x = randomArray(rng, 6, 2, 0.05);
      const y = new Float64Array(6);
      act.forward(x, y, 2, 3, c);
      const dy = randomArray(rng, 6, 1);
      const dx = new Float64Array(6);
      act.backward(x, y, dy, dx, 2, 3, c);
      act.backward(x, y, dy, dy, 2, 3, c);
      expect(Array.from(dy)).toEqual(Array.from(dx));
    }
  });
});

describe('numerical stability', () => {
  const xs = [1e4, -1e4, 1e3, -1e3, 50, -50, 0, 1e30, -1e30];

  for (const name of ELEMENTWISE) {
    it(`${name} stays finite for huge inputs`, () => {
      const act = ACTIVATIONS[name];
      const c = activationConstants(name);
      const x = Float64Array.from(xs);
      const y = new Float64Array(xs.length);
      const dx = new Float64Array(xs.length);
      act.forward(x, y, 1, xs.length, c);
      act.backward(x, y, new Float64Array(xs.length).fill(1), dx, 1, xs.length, c);
      for (let i = 0; i < xs.length; i++) {
        expect(Number.isFinite(act.f(xs[i], c)), `f(${xs[i]})`).toBe(true);
        expect(Number.isFinite(act.df(xs[i], c)), `df(${xs[i]})`).toBe(true);
        expect(Number.isFinite(y[i]) && Number.isFinite(dx[i]), `arrays at ${xs[i]}`).toBe(true);
      }
    });
  }

  it('saturates sigmoid, tanh, softplus and swish to their limits', () => {
    const c = activationConstants('sigmoid');
    expect(ACTIVATIONS.sigmoid.f(-1e4, c)).toBe(0);
    expect(ACTIVATIONS.sigmoid.f(1e4, c)).toBe(1);
    expect(ACTIVATIONS.sigmoid.df(1e4, c)).toBe(0);
    expect(ACTIVATIONS.tanh.f(1e4, c)).toBe(1);
    expect(ACTIVATIONS.softplus.f(1e4, c)).toBe(1e4);
    expect(ACTIVATIONS.softplus.f(-1e4, c)).toBe(0);
    expect(ACTIVATIONS.swish.df(1e30, c)).toBe(1);
    expect(ACTIVATIONS.swish.df(1e4, c)).toBe(1);
    expect(ACTIVATIONS.elu.f(-1e4, activationConstants('elu'))).toBe(-0.1);
  });

  it('softmax of [1e4, 0, -1e4] is finite and sums to 1', () => {
    const x = Float64Array.from([1e4, 0, -1e4]);
    const y = new Float64Array(3);
    const dx = new Float64Array(3);
    const c = activationConstants('softmax');
    ACTIVATIONS.softmax.forward(x, y, 1, 3, c);
    ACTIVATIONS.softmax.backward(x, y, Float64Array.from([1, -2, 3]), dx, 1, 3, c);
    expect(Array.from(y)).toEqual([1, 0, 0]);
    expect(y[0] + y[1] + y[2]).toBe(1);
    expect(Array.from(dx).every(Number.isFinite)).toBe(true);
  });
});

describe('step and PReLU gradients', () => {
  it('step passes no gradient down', () => {
    const act = ACTIVATIONS.step;
    const c = activationConstants('step');
    expect(act.zeroGradient).toBe(true);
    for (const x of [-2, 0, 3]) expect(act.df(x, c)).toBe(0);
    const dx = new Float64Array(4).fill(9);
    act.backward(Float64Array.from([-1, 0, 1, 2]), new Float64Array(4), Float64Array.from([1, 2, 3, 4]), dx, 2, 2, c);
    expect(Array.from(dx)).toEqual([0, 0, 0, 0]);
  });

  it('preluSlopeGradient matches central differences in the slope', () => {
    const rng = new Random(5);
    const n = 40;
    const x = randomArray(rng, n, 2, 0.01);
    const w = randomArray(rng, n, 1);
    const y = new Float64Array(n);
    const c = activationConstants('prelu');
    const loss = (slope: number): number => {
      ACTIVATIONS.prelu.forward(x, y, 1, n, { ...c, slope });
      let s = 0;
      for (let i = 0; i < n; i++) s += w[i] * y[i];
      return s;
    };
    const h = 1e-6;
    const numeric = (loss(c.slope + h) - loss(c.slope - h)) / (2 * h);
    expect(Math.abs(preluSlopeGradient(x, w, n) - numeric)).toBeLessThan(1e-7);
    expect(preluSlopeGradient(Float64Array.from([-1, -2, 3]), Float64Array.from([1, 1, 1]), 1)).toBe(-1);
  });
});
