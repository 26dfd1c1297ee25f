// Losses: backward against central differences of forward (w.r.t. the logits for the fused ones),
// hand-computed values, numerical stability at huge logits, and config/name validation.

import { describe, expect, it } from 'vitest';
import {
  LOSSES,
  getLoss,
  lossNames,
  parseLossConfig,
  type BatchTargets,
  type LossConfig,
  type LossName,
} from '../../../shared/engine/losses';
import { Random } from '../../../shared/engine/random';

const H = 1e-6;
/** Tolerance on the relative error max|a-b| / max(1e-8, max(|a|+|b|)), in float64. */
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

function targets(labels: number[] = [], values: number[] = []): BatchTargets {
  return { labels: Int32Array.from(labels), values: Float64Array.from(values) };
}

/** Random logits/predictions, labels in [0, cols) (or {0,1} for one column), and value targets. */
function randomBatch(seed: number, rows: number, cols: number): { pred: Float64Array; t: BatchTargets } {
  const rng = new Random(seed);
  const pred = new Float64Array(rows * cols);
  for (let i = 0; i < pred.length; i++) pred[i] = rng.normal(0, 2);
  const classes = cols === 1 ? 2 : cols;
  const labels = Array.from({ length: rows }, () => rng.int(classes));
  const values = Array.from({ length: rows * cols }, () => rng.normal(0, 2));
  return { pred, t: targets(labels, values) };
}

function analyticGrad(config: LossConfig, pred: Float64Array, t: BatchTargets, rows: number, cols: number): Float64Array {
  const grad = new Float64Array(rows * cols);
  getLoss(config.type).backward(pred, t, rows, cols, grad, config);
  return grad;
}

function numericGrad(config: LossConfig, pred: Float64Array, t: BatchTargets, rows: number, cols: number): Float64Array {
  const loss = getLoss(config.type);
  const p = Float64Array.from(pred);
  const grad = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    p[i] = v + H;
    const plus = loss.forward(p, t, rows, cols, config);
    p[i] = v - H;
    const minus = loss.forward(p, t, rows, cols, config);
    p[i] = v;
    grad[i] = (plus - minus) / (2 * H);
  }
  return grad;
}

function lossValue(config: LossConfig, pred: number[], t: BatchTargets, rows: number, cols: number): number {
  return getLoss(config.type).forward(Float64Array.from(pred), t, rows, cols, config);
}

describe('loss gradients match central differences of the mean loss', () => {
  const cases: { name: string; config: LossConfig; rows: number; cols: number }[] = [
    { name: 'cross-entropy (w.r.t. the logits)', config: parseLossConfig('cross-entropy'), rows: 6, cols: 4 },
    { name: 'cross-entropy, 2 classes', config: parseLossConfig('cross-entropy'), rows: 5, cols: 2 },
    { name: 'binary cross-entropy, 1 column (w.r.t. the logit)', config: parseLossConfig('binary-cross-entropy'), rows: 7, cols: 1 },
    { name: 'binary cross-entropy, 3 columns (one-hot)', config: parseLossConfig('binary-cross-entropy'), rows: 5, cols: 3 },
    { name: 'mse', config: parseLossConfig('mse'), rows: 6, cols: 3 },
    { name: 'mae', config: parseLossConfig('mae'), rows: 6, cols: 3 },
    { name: 'huber, delta 1', config: parseLossConfig('huber'), rows: 6, cols: 3 },
    { name: 'huber, delta 0.7', config: parseLossConfig({ type: 'huber', delta: 0.7 }), rows: 6, cols: 3 },
  ];
  for (const [k, c] of cases.entries()) {
    it(c.name, () => {
      for (const seed of [11 + k, 101 + k]) {
        const { pred, t } = randomBatch(seed, c.rows, c.cols);
        if (c.config.type === 'mae' || c.config.type === 'huber') {
          // Stay away from the kinks (|p - t| = 0 for MAE, |p - t| = delta for Huber).
          const kink = c.config.type === 'huber' ? c.config.delta : 0;
          for (let i = 0; i < pred.length; i++) expect(Math.abs(Math.abs(pred[i] - t.values[i]) - kink)).toBeGreaterThan(1e-3);
        }
        const analytic = analyticGrad(c.config, pred, t, c.rows, c.cols);
        const numeric = numericGrad(c.config, pred, t, c.rows, c.cols);
        expect(relErr(analytic, numeric)).toBeLessThan(TOL);
      }
    });
  }

  it('huber test data exercises both the quadratic and the linear part', () => {
    const { pred, t } = randomBatch(106, 6, 3);
    const abs = Array.from(pred, (p, i) => Math.abs(p - t.values[i]));
    expect(abs.some((a) => a < 0.7)).toBe(true);
    expect(abs.some((a) => a > 0.7)).toBe(true);
  });
});

describe('hand-computed loss values', () => {
  it('cross-entropy of logits [0, 0, 0] with label 0 is ln 3, and its gradient is softmax - one-hot', () => {
    const config = parseLossConfig('cross-entropy');
    expect(lossValue(config, [0, 0, 0], targets([0]), 1, 3)).toBeCloseTo(Math.log(3), 14);
    const grad = analyticGrad(config, Float64Array.from([0, 0, 0]), targets([0]), 1, 3);
    expect(Array.from(grad)).toEqual([1 / 3 - 1, 1 / 3, 1 / 3].map((v) => expect.closeTo(v, 14)));
  });

  it('cross-entropy is the mean over rows of logsumexp(z) - z[label]', () => {
    const config = parseLossConfig('cross-entropy');
    // Row 0: logits [0, 0, 0], label 2 -> ln 3; row 1: logits [1, 2, 3], label 1.
    const value = lossValue(config, [0, 0, 0, 1, 2, 3], targets([2, 1]), 2, 3);
    const row1 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 2;
    expect(value).toBeCloseTo((Math.log(3) + row1) / 2, 14);
  });

  it('binary cross-entropy of logit 0 is ln 2 for either label; its gradient is (0.5 - y)/n', () => {
    const config = parseLossConfig('binary-cross-entropy');
    expect(lossValue(config, [0], targets([1]), 1, 1)).toBeCloseTo(Math.LN2, 14);
    expect(lossValue(config, [0], targets([0]), 1, 1)).toBeCloseTo(Math.LN2, 14);
    const grad = analyticGrad(config, Float64Array.from([0, 0]), targets([1, 0]), 2, 1);
    expect(grad[0]).toBeCloseTo(-0.25, 14);
    expect(grad[1]).toBeCloseTo(0.25, 14);
  });

  it('binary cross-entropy with several columns treats the label as one-hot', () => {
    const config = parseLossConfig('binary-cross-entropy');
    // Logits [2, -1] with label 1: targets [0, 1] -> [-ln(1 - s(2)) - ln s(-1)] / 2.
    const s = (x: number) => 1 / (1 + Math.exp(-x));
    const expected = (-Math.log(1 - s(2)) - Math.log(s(-1))) / 2;
    expect(lossValue(config, [2, -1], targets([1]), 1, 2)).toBeCloseTo(expected, 14);
  });

  it('mse, mae and huber on a small vector', () => {
    // pred - target = [1, 0, -2]
    const t = targets([], [0, 2, 5]);
    const pred = [1, 2, 3];
    expect(lossValue(parseLossConfig('mse'), pred, t, 1, 3)).toBeCloseTo(5 / 3, 14);
    expect(lossValue(parseLossConfig('mae'), pred, t, 1, 3)).toBeCloseTo(1, 14);
    // delta 1: 0.5 * 1^2 + 0 + 1 * (2 - 0.5) = 2
    expect(lossValue(parseLossConfig('huber'), pred, t, 1, 3)).toBeCloseTo(2 / 3, 14);
    // Same values as 3 rows x 1 column: the mean is over every element either way.
    expect(lossValue(parseLossConfig('mse'), pred, t, 3, 1)).toBeCloseTo(5 / 3, 14);

    const p = Float64Array.from(pred);
    expect(Array.from(analyticGrad(parseLossConfig('mse'), p, t, 1, 3))).toEqual([2 / 3, 0, -4 / 3].map((v) => expect.closeTo(v, 14)));
    expect(Array.from(analyticGrad(parseLossConfig('mae'), p, t, 1, 3))).toEqual([1 / 3, 0, -1 / 3].map((v) => expect.closeTo(v, 14)));
    expect(Array.from(analyticGrad(parseLossConfig('huber'), p, t, 1, 3))).toEqual([1 / 3, 0, -1 / 3].map((v) => expect.closeTo(v, 14)));
  });

  it('huber is quadratic up to delta and linear beyond it, continuous at delta', () => {
    const delta = 2;
    const config = parseLossConfig({ type: 'huber', delta });
    const huber1 = (d: number) => lossValue(config, [d], targets([], [0]), 1, 1);
    const grad1 = (d: number) => analyticGrad(config, Float64Array.from([d]), targets([], [0]), 1, 1)[0];
    expect(huber1(0.5)).toBeCloseTo(0.125, 14); // 0.5 * 0.5^2
    expect(huber1(-1.5)).toBeCloseTo(1.125, 14); // 0.5 * 1.5^2
    expect(huber1(2)).toBeCloseTo(2, 14); // both parts give 0.5 * 2^2 = 2 * (2 - 1)
    expect(huber1(3)).toBeCloseTo(4, 14); // 2 * (3 - 1)
    expect(huber1(-5)).toBeCloseTo(8, 14); // 2 * (5 - 1)
    expect(huber1(delta - 1e-9)).toBeCloseTo(huber1(delta + 1e-9), 8);
    expect(grad1(0.5)).toBeCloseTo(0.5, 14);
    expect(grad1(-1.5)).toBeCloseTo(-1.5, 14);
    expect(grad1(3)).toBeCloseTo(2, 14);
    expect(grad1(-5)).toBeCloseTo(-2, 14);
    // Default delta is 1.
    expect(parseLossConfig('huber')).toEqual({ type: 'huber', delta: 1 });
  });
});

describe('stability at huge logits', () => {
  it('cross-entropy of [1e4, 0] is 1e4 for label 1 and 0 for label 0, with exact gradients', () => {
    const config = parseLossConfig('cross-entropy');
    expect(lossValue(config, [1e4, 0], targets([1]), 1, 2)).toBe(1e4);
    expect(lossValue(config, [1e4, 0], targets([0]), 1, 2)).toBe(0);
    expect(lossValue(config, [-1e4, 1e4, 1e4], targets([0]), 1, 3)).toBeCloseTo(2e4 + Math.LN2, 10);
    expect(lossValue(config, [1e4, 1e4, 1e4], targets([2]), 1, 3)).toBeCloseTo(Math.log(3), 12);
    const grad = analyticGrad(config, Float64Array.from([1e4, 0, -1e4, 0]), targets([1, 0]), 2, 2);
    expect(Array.from(grad)).toEqual([0.5, -0.5, -0.5, 0.5].map((v) => expect.closeTo(v, 14)));
  });

  it('binary cross-entropy at logits ±1e4 is 0 or 1e4 and its gradient is finite', () => {
    const config = parseLossConfig('binary-cross-entropy');
    expect(lossValue(config, [1e4], targets([1]), 1, 1)).toBe(0);
    expect(lossValue(config, [1e4], targets([0]), 1, 1)).toBe(1e4);
    expect(lossValue(config, [-1e4], targets([0]), 1, 1)).toBe(0);
    expect(lossValue(config, [-1e4], targets([1]), 1, 1)).toBe(1e4);
    const grad = analyticGrad(config, Float64Array.from([1e4, 1e4, -1e4, -1e4]), targets([1, 0, 0, 1]), 4, 1);
    expect(Array.from(grad)).toEqual([0, 0.25, 0, -0.25].map((v) => expect.closeTo(v, 14)));
  });
});

describe('loss registry and config', () => {
  const knownList = 'cross-entropy, binary-cross-entropy, mse, mae, huber';

  it('lists every loss, each with its fused activation and target kind', () => {
    expect(lossNames()).toEqual(['cross-entropy', 'binary-cross-entropy', 'mse', 'mae', 'huber']);
    const fused: Record<LossName, string | null> = {
      'cross-entropy': 'softmax',
      'binary-cross-entropy': 'sigmoid',
      mse: null,
      mae: null,
      huber: null,
    };
    for (const name of lossNames()) {
      expect(getLoss(name)).toBe(LOSSES[name]);
      expect(getLoss(name).fusedWith).toBe(fused[name]);
    }
  });

  it('getLoss rejects an unknown name, listing the known ones', () => {
    expect(() => getLoss('hinge')).toThrow(`Unknown loss 'hinge' (known: ${knownList})`);
  });

  it('parseLossConfig rejects unknown names (bare or as a type), listing the known ones', () => {
    expect(() => parseLossConfig('hinge')).toThrow(`Unknown loss 'hinge' (known: ${knownList})`);
    expect(() => parseLossConfig({ type: 'hinge' })).toThrow(`(known: ${knownList})`);
    expect(() => parseLossConfig({})).toThrow(`(known: ${knownList})`);
    expect(() => parseLossConfig(42)).toThrow(`(known: ${knownList})`);
  });

  it('parseLossConfig fills defaults and rejects bad fields', () => {
    expect(parseLossConfig({ type: 'mse' })).toEqual({ type: 'mse' });
    expect(parseLossConfig({ type: 'huber', delta: 0.25 })).toEqual({ type: 'huber', delta: 0.25 });
    expect(() => parseLossConfig({ type: 'huber', delta: 0 })).toThrow(/delta/);
    expect(() => parseLossConfig({ type: 'mse', delta: 1 })).toThrow(/unknown field 'delta'/);
  });
});
