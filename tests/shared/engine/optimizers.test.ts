// Optimizer update rules checked against hand-computed steps, plus weight decay and config validation.

import { describe, expect, it } from 'vitest';
import {
  createOptimizer,
  optimizerNames,
  parseOptimizerConfig,
  type OptimizerConfigInput,
} from '../../../shared/engine/optimizers';
import type { Param } from '../../../shared/engine/params';
import type { Floats } from '../../../shared/engine/tensor';

function param(values: number[], decay = true, Typed: typeof Float64Array | typeof Float32Array = Float64Array): Param {
  return {
    name: 'layers.0.weight',
    shape: [values.length],
    value: Typed.from(values),
    grad: new Typed(values.length),
    decay,
  };
}

function setGrad(p: Param, g: number[]): void {
  (p.grad as Floats).set(g);
}

function expectValues(actual: Floats, expected: number[], digits = 12): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, digits));
}

/** Runs the two-step scenario every rule test uses: w = [1, -2], g1 = [0.5, -1], g2 = [0.25, 0.5], lr 0.1. */
function twoSteps(config: OptimizerConfigInput): { after1: number[]; after2: number[] } {
  const p = param([1, -2]);
  // config.lr is left at its default 0.01 on purpose: step(lr) must win.
  const opt = createOptimizer(parseOptimizerConfig(config), [p]);
  setGrad(p, [0.5, -1]);
  opt.step(0.1);
  const after1 = [...p.value];
  setGrad(p, [0.25, 0.5]);
  opt.step(0.1);
  expect(opt.steps).toBe(2);
  return { after1, after2: [...p.value] };
}

describe('update rules, two steps by hand (w = [1, -2], g1 = [0.5, -1], g2 = [0.25, 0.5], lr 0.1)', () => {
  it('sgd: w -= lr g', () => {
    const { after1, after2 } = twoSteps({ type: 'sgd' });
    expect(after1[0]).toBeCloseTo(1 - 0.05, 12);
    expect(after1[1]).toBeCloseTo(-2 + 0.1, 12);
    expect(after2[0]).toBeCloseTo(0.95 - 0.025, 12);
    expect(after2[1]).toBeCloseTo(-1.9 - 0.05, 12);
  });

  it('momentum: v = g first, then v = 0.9 v + g', () => {
    const { after1, after2 } = twoSteps({ type: 'momentum' });
    // v1 = [0.5, -1]
    expectValues(Float64Array.of(...after1), [0.95, -1.9]);
    // v2 = [0.9*0.5 + 0.25, 0.9*-1 + 0.5] = [0.7, -0.4]
    expectValues(Float64Array.of(...after2), [0.95 - 0.07, -1.9 + 0.04]);
  });

  it('momentum with dampening: the first gradient is not dampened', () => {
    const { after1, after2 } = twoSteps({ type: 'momentum', dampening: 0.5 });
    expectValues(Float64Array.of(...after1), [0.95, -1.9]);
    // v2 = [0.45 + 0.5*0.25, -0.9 + 0.5*0.5] = [0.575, -0.65]
    expectValues(Float64Array.of(...after2), [0.95 - 0.0575, -1.9 + 0.065]);
  });

  it('nesterov: w -= lr (g + 0.9 v)', () => {
    const { after1, after2 } = twoSteps({ type: 'nesterov' });
    // v1 = [0.5, -1]; g + 0.9 v1 = [0.95, -1.9]
    expectValues(Float64Array.of(...after1), [1 - 0.095, -2 + 0.19]);
    // v2 = [0.7, -0.4]; g + 0.9 v2 = [0.25 + 0.63, 0.5 - 0.36] = [0.88, 0.14]
    expectValues(Float64Array.of(...after2), [0.905 - 0.088, -1.81 - 0.014]);
  });

  it('adagrad: s += g^2, w -= lr g / (sqrt(s) + eps)', () => {
    const { after1, after2 } = twoSteps({ type: 'adagrad' });
    // s1 = [0.25, 1]; steps are lr * 0.5/0.5 and lr * 1/1
    expectValues(Float64Array.of(...after1), [0.9, -1.9], 9);
    // s2 = [0.3125, 1.25]
    expectValues(
      Float64Array.of(...after2),
      [0.9 - (0.1 * 0.25) / Math.sqrt(0.3125), -1.9 - (0.1 * 0.5) / Math.sqrt(1.25)],
      9,
    );
  });

  it('adagrad starts its sum at initialAccumulator', () => {
    const { after1 } = twoSteps({ type: 'adagrad', initialAccumulator: 0.75 });
    // s1 = [0.75 + 0.25, 0.75 + 1] = [1, 1.75]
    expectValues(Float64Array.of(...after1), [1 - 0.05, -2 + 0.1 / Math.sqrt(1.75)], 9);
  });

  it('rmsprop: s = 0.99 s + 0.01 g^2, w -= lr g / (sqrt(s) + eps)', () => {
    const { after1, after2 } = twoSteps({ type: 'rmsprop' });
    // s1 = [0.0025, 0.01]; sqrt = [0.05, 0.1]
    const w1 = [1 - 0.05 / (0.05 + 1e-8), -2 + 0.1 / (0.1 + 1e-8)];
    expectValues(Float64Array.of(...after1), w1);
    expect(after1[0]).toBeCloseTo(0, 6);
    expect(after1[1]).toBeCloseTo(-1, 6);
    // s2 = [0.99*0.0025 + 0.01*0.0625, 0.99*0.01 + 0.01*0.25] = [0.0031, 0.0124]
    expectValues(Float64Array.of(...after2), [
      w1[0] - 0.025 / (Math.sqrt(0.0031) + 1e-8),
      w1[1] - 0.05 / (Math.sqrt(0.0124) + 1e-8),
    ]);
  });

  it('adam: the first step moves each weight by lr sign(g); the second uses bias-corrected moments', () => {
    const { after1, after2 } = twoSteps({ type: 'adam' });
    const w1 = [1 - 0.05 / (0.5 + 1e-8), -2 + 0.1 / (1 + 1e-8)];
    expectValues(Float64Array.of(...after1), w1);
    expect(after1[0]).toBeCloseTo(0.9, 7);
    expect(after1[1]).toBeCloseTo(-1.9, 7);
    // m2 = [0.9*0.05 + 0.1*0.25, 0.9*-0.1 + 0.1*0.5] = [0.07, -0.04]
    // v2 = [0.999*0.00025 + 0.001*0.0625, 0.999*0.001 + 0.001*0.25] = [0.00031225, 0.001249]
    // 1 - 0.9^2 = 0.19, 1 - 0.999^2 = 0.001999
    expectValues(Float64Array.of(...after2), [
      w1[0] - (0.1 * (0.07 / 0.19)) / (Math.sqrt(0.00031225 / 0.001999) + 1e-8),
      w1[1] - (0.1 * (-0.04 / 0.19)) / (Math.sqrt(0.001249 / 0.001999) + 1e-8),
    ]);
  });

  it('adamw: shrinks w by (1 - lr 0.01) before an adam step on the raw gradient', () => {
    const { after1, after2 } = twoSteps({ type: 'adamw' });
    const w1 = [1 * 0.999 - 0.05 / (0.5 + 1e-8), -2 * 0.999 + 0.1 / (1 + 1e-8)];
    expectValues(Float64Array.of(...after1), w1);
    // Moments are those of adam above: decay never reaches the gradient.
    expectValues(Float64Array.of(...after2), [
      w1[0] * 0.999 - (0.1 * (0.07 / 0.19)) / (Math.sqrt(0.00031225 / 0.001999) + 1e-8),
      w1[1] * 0.999 - (0.1 * (-0.04 / 0.19)) / (Math.sqrt(0.001249 / 0.001999) + 1e-8),
    ]);
  });
});

describe('weight decay', () => {
  it('is L2 for sgd: g = grad + wd w', () => {
    const p = param([1]);
    const opt = createOptimizer(parseOptimizerConfig({ type: 'sgd', weightDecay: 0.1 }), [p]);
    setGrad(p, [0.5]);
    opt.step(0.1);
    // g = 0.5 + 0.1*1 = 0.6
    expect(p.value[0]).toBeCloseTo(1 - 0.06, 12);
  });

  it('is L2 for adam (it can flip the step) and decoupled for adamw (it cannot)', () => {
    const a = param([1]);
    const adam = createOptimizer(parseOptimizerConfig({ type: 'adam', weightDecay: 0.1 }), [a]);
    setGrad(a, [-0.05]);
    adam.step(0.1);
    // g = -0.05 + 0.1*1 = +0.05, so the weight goes down by about lr.
    expect(a.value[0]).toBeCloseTo(0.9, 7);

    const b = param([1]);
    const adamw = createOptimizer(parseOptimizerConfig({ type: 'adamw', weightDecay: 0.1 }), [b]);
    setGrad(b, [-0.05]);
    adamw.step(0.1);
    // w = 1 * (1 - 0.1*0.1) = 0.99, then up by about lr on the raw gradient.
    expect(b.value[0]).toBeCloseTo(0.99 + 0.1, 7);
  });

  const l2Types = optimizerNames().filter((t) => t !== 'adamw');

  it.each(l2Types)('%s: decay w with grad g equals no decay with grad g + wd w', (type) => {
    const withDecay = param([1, -2, 0.5]);
    const folded = param([1, -2, 0.5]);
    const a = createOptimizer(parseOptimizerConfig({ type, weightDecay: 0.2 }), [withDecay]);
    const b = createOptimizer(parseOptimizerConfig({ type, weightDecay: 0 }), [folded]);
    setGrad(withDecay, [0.3, -0.1, 0.2]);
    setGrad(folded, [0.3 + 0.2 * 1, -0.1 + 0.2 * -2, 0.2 + 0.2 * 0.5]);
    a.step(0.05);
    b.step(0.05);
    expectValues(withDecay.value, [...folded.value]);
  });

  it.each(optimizerNames())('%s: params with decay=false are untouched by decay', (type) => {
    const exempt = param([1, -2], false);
    const plain = param([1, -2], false);
    const a = createOptimizer(parseOptimizerConfig({ type, weightDecay: 0.5 }), [exempt]);
    const b = createOptimizer(parseOptimizerConfig({ type, weightDecay: 0 }), [plain]);
    for (const g of [[0.5, -1], [0.25, 0.5]]) {
      setGrad(exempt, g);
      setGrad(plain, g);
      a.step(0.1);
      b.step(0.1);
    }
    expect([...exempt.value]).toEqual([...plain.value]);
  });

  it.each(optimizerNames())('%s: never writes to param.grad', (type) => {
    const p = param([1, -2]);
    const opt = createOptimizer(parseOptimizerConfig({ type, weightDecay: 0.5 }), [p]);
    setGrad(p, [0.5, -1]);
    opt.step(0.1);
    opt.step(0.1);
    expect([...p.grad]).toEqual([0.5, -1]);
  });
});

describe('dtypes and state', () => {
  it.each(optimizerNames())('%s: float32 params follow the float64 result to float32 precision', (type) => {
    const p64 = param([1, -2, 0.3], true, Float64Array);
    const p32 = param([1, -2, 0.3], true, Float32Array);
    const config = parseOptimizerConfig({ type, weightDecay: 0.01 });
    const a = createOptimizer(config, [p64]);
    const b = createOptimizer(config, [p32]);
    for (const g of [[0.5, -1, 0.1], [0.25, 0.5, -0.2], [-0.1, 0.3, 0.05]]) {
      setGrad(p64, g);
      setGrad(p32, g);
      a.step(0.1);
      b.step(0.1);
    }
    expect(p32.value).toBeInstanceOf(Float32Array);
    expectValues(p32.value, [...p64.value], 5);
  });

  it.each(optimizerNames())('%s: updates several params independently and reset restarts from step 0', (type) => {
    const w = param([1, -2]);
    const bias = param([0.5], false);
    const opt = createOptimizer(parseOptimizerConfig({ type }), [w, bias]);
    setGrad(w, [0.5, -1]);
    setGrad(bias, [0.2]);
    opt.step(0.1);
    const first = [...w.value, ...bias.value];
    opt.step(0.1);
    expect(opt.steps).toBe(2);

    opt.reset();
    expect(opt.steps).toBe(0);
    w.value.set([1, -2]);
    bias.value.set([0.5]);
    opt.step(0.1);
    expect([...w.value, ...bias.value]).toEqual(first);
  });

  it('uses the lr passed to step, not config.lr', () => {
    const p = param([1]);
    const opt = createOptimizer(parseOptimizerConfig({ type: 'sgd', lr: 0.5 }), [p]);
    setGrad(p, [1]);
    opt.step(0.25);
    expect(p.value[0]).toBeCloseTo(0.75, 12);
    opt.step(0);
    expect(p.value[0]).toBeCloseTo(0.75, 12);
  });
});

describe('config', () => {
  it('fills PyTorch defaults', () => {
    expect(parseOptimizerConfig({ type: 'sgd' })).toEqual({ type: 'sgd', lr: 0.01, weightDecay: 0 });
    expect(parseOptimizerConfig({ type: 'momentum' })).toEqual({
      type: 'momentum',
      lr: 0.01,
      weightDecay: 0,
      momentum: 0.9,
      dampening: 0,
    });
    expect(parseOptimizerConfig({ type: 'nesterov' })).toEqual({ type: 'nesterov', lr: 0.01, weightDecay: 0, momentum: 0.9 });
    expect(parseOptimizerConfig({ type: 'adagrad' })).toEqual({
      type: 'adagrad',
      lr: 0.01,
      weightDecay: 0,
      eps: 1e-10,
      initialAccumulator: 0,
    });
    expect(parseOptimizerConfig({ type: 'rmsprop' })).toEqual({ type: 'rmsprop', lr: 0.01, weightDecay: 0, alpha: 0.99, eps: 1e-8 });
    expect(parseOptimizerConfig({ type: 'adam' })).toEqual({
      type: 'adam',
      lr: 0.01,
      weightDecay: 0,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
    });
    expect(parseOptimizerConfig({ type: 'adamw' })).toMatchObject({ type: 'adamw', weightDecay: 0.01 });
  });

  it('lists every optimizer', () => {
    expect(optimizerNames()).toEqual(['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw']);
  });

  it('rejects an unknown type, listing the known ones', () => {
    expect(() => parseOptimizerConfig({ type: 'foo' })).toThrow(
      "Unknown optimizer 'foo' (known: sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw)",
    );
    expect(() => parseOptimizerConfig({ lr: 0.1 })).toThrow(/no 'type'/);
    expect(() => parseOptimizerConfig(42)).toThrow(/must be a name or an object/);
    // A bare name is shorthand for { type: name } with every default.
    expect(parseOptimizerConfig('adam')).toEqual(parseOptimizerConfig({ type: 'adam' }));
  });

  it.each([
    [{ type: 'sgd', lr: 0 }, 'lr'],
    [{ type: 'sgd', lr: -1 }, 'lr'],
    [{ type: 'adam', lr: 'fast' }, 'lr'],
    [{ type: 'adam', weightDecay: -0.1 }, 'weightDecay'],
    [{ type: 'adam', beta1: 1 }, 'beta1'],
    [{ type: 'adam', beta2: -0.5 }, 'beta2'],
    [{ type: 'adamw', eps: 0 }, 'eps'],
    [{ type: 'momentum', momentum: 1.5 }, 'momentum'],
    [{ type: 'momentum', dampening: 2 }, 'dampening'],
    [{ type: 'nesterov', momentum: 0 }, 'momentum'],
    [{ type: 'rmsprop', alpha: 1 }, 'alpha'],
    [{ type: 'adagrad', initialAccumulator: -1 }, 'initialAccumulator'],
    [{ type: 'sgd', momentum: 0.9 }, 'momentum'],
  ])('rejects %j naming %s in one line', (input, field) => {
    let message = '';
    try {
      parseOptimizerConfig(input);
    } catch (e) {
      message = (e as Error).message;
    }
    // The field itself, as 'field: problem' or as an unknown 'field', not just the type's name.
    expect(message).toMatch(new RegExp(`(: ${field}: |unknown field '${field}')`));
    expect(message).not.toContain('\n');
  });

  it('createOptimizer validates its config and params', () => {
    const p = param([1]);
    expect(() => createOptimizer({ type: 'sgd', lr: -1, weightDecay: 0 }, [p])).toThrow(/lr/);
    const bad: Param = { name: 'layers.1.bias', shape: [2], value: new Float64Array(2), grad: new Float64Array(1), decay: false };
    expect(() => createOptimizer(parseOptimizerConfig({ type: 'sgd' }), [bad])).toThrow(/layers\.1\.bias/);
    expect(() => createOptimizer(parseOptimizerConfig({ type: 'sgd' }), [p, p])).toThrow(/more than once/);
    const opt = createOptimizer(parseOptimizerConfig({ type: 'sgd' }), [p]);
    expect(() => opt.step(Number.NaN)).toThrow(/NaN/);
    expect(() => opt.step(-0.1)).toThrow(/-0\.1/);
  });
});
