// Loss functions over a batch: the mean loss and its gradient with respect to the network output.

import { z } from 'zod';
import type { Floats } from './tensor';
import { knownNamesError, parseTypedConfig } from './config';

/**
 * Targets of one batch. Classification losses read `labels` (class ids); regression losses read
 * `values` [batch, cols]. When a regression loss trains a classifier, `values` holds one-hot rows.
 */
export interface BatchTargets {
  labels: Int32Array;
  values: Floats;
}

const lossSchemas = {
  'cross-entropy': z.strictObject({ type: z.literal('cross-entropy') }),
  'binary-cross-entropy': z.strictObject({ type: z.literal('binary-cross-entropy') }),
  mse: z.strictObject({ type: z.literal('mse') }),
  mae: z.strictObject({ type: z.literal('mae') }),
  huber: z.strictObject({ type: z.literal('huber'), delta: z.number().positive().default(1) }),
};

export const lossConfigSchema = z.discriminatedUnion('type', [
  lossSchemas['cross-entropy'],
  lossSchemas['binary-cross-entropy'],
  lossSchemas.mse,
  lossSchemas.mae,
  lossSchemas.huber,
]);
export type LossConfig = z.infer<typeof lossConfigSchema>;
export type LossName = LossConfig['type'];

export interface LossDef {
  readonly name: LossName;
  readonly label: string;
  /**
   * The output activation this loss is fused with. A fused loss receives the logits (the input of
   * that activation) and returns dL/dlogits directly, which is exact and stable where chaining
   * through the activation (e.g. -t/p for softmax) would overflow.
   */
  readonly fusedWith: 'softmax' | 'sigmoid' | null;
  /** Whether targets are class labels (classification) or values (regression, or one-hot). */
  readonly targets: 'labels' | 'values';
  /** Mean loss over the batch. `pred` is the logits for fused losses, else the network output. */
  forward(pred: Floats, t: BatchTargets, rows: number, cols: number, config: LossConfig): number;
  /** grad = d(mean loss)/d(pred), rows*cols values. */
  backward(pred: Floats, t: BatchTargets, rows: number, cols: number, grad: Floats, config: LossConfig): void;
}

const crossEntropy: LossDef = {
  name: 'cross-entropy',
  label: 'Softmax cross-entropy',
  fusedWith: 'softmax',
  targets: 'labels',
  forward(z, t, rows, cols) {
    let total = 0;
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let max = -Infinity;
      for (let j = 0; j < cols; j++) if (z[o + j] > max) max = z[o + j];
      let sum = 0;
      for (let j = 0; j < cols; j++) sum += Math.exp(z[o + j] - max);
      // -log softmax(z)[y] = logsumexp(z) - z[y], with the max subtracted for stability.
      total += max + Math.log(sum) - z[o + t.labels[r]];
    }
    return total / rows;
  },
  backward(z, t, rows, cols, grad) {
    const inv = 1 / rows;
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let max = -Infinity;
      for (let j = 0; j < cols; j++) if (z[o + j] > max) max = z[o + j];
      let sum = 0;
      for (let j = 0; j < cols; j++) {
        const e = Math.exp(z[o + j] - max);
        grad[o + j] = e;
        sum += e;
      }
      const y = t.labels[r];
      for (let j = 0; j < cols; j++) grad[o + j] = (grad[o + j] / sum - (j === y ? 1 : 0)) * inv;
    }
  },
};

/** Binary target of element (r, j): the label itself for one output, else the one-hot entry. */
function binaryTarget(t: BatchTargets, r: number, j: number, cols: number): number {
  return cols === 1 ? t.labels[r] : t.labels[r] === j ? 1 : 0;
}

const binaryCrossEntropy: LossDef = {
  name: 'binary-cross-entropy',
  label: 'Binary cross-entropy',
  fusedWith: 'sigmoid',
  targets: 'labels',
  forward(z, t, rows, cols) {
    let total = 0;
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < cols; j++) {
        const x = z[r * cols + j];
        const y = binaryTarget(t, r, j, cols);
        // -[y log s(x) + (1-y) log(1-s(x))] in the form that never takes log of 0.
        total += Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
      }
    }
    return total / (rows * cols);
  },
  backward(z, t, rows, cols, grad) {
    const inv = 1 / (rows * cols);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < cols; j++) {
        const x = z[r * cols + j];
        const s = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
        grad[r * cols + j] = (s - binaryTarget(t, r, j, cols)) * inv;
      }
    }
  },
};

const meanSquaredError: LossDef = {
  name: 'mse',
  label: 'Mean squared error',
  fusedWith: null,
  targets: 'values',
  forward(p, t, rows, cols) {
    const n = rows * cols;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const d = p[i] - t.values[i];
      total += d * d;
    }
    return total / n;
  },
  backward(p, t, rows, cols, grad) {
    const n = rows * cols;
    for (let i = 0; i < n; i++) grad[i] = (2 * (p[i] - t.values[i])) / n;
  },
};

const meanAbsoluteError: LossDef = {
  name: 'mae',
  label: 'Mean absolute error',
  fusedWith: null,
  targets: 'values',
  forward(p, t, rows, cols) {
    const n = rows * cols;
    let total = 0;
    for (let i = 0; i < n; i++) total += Math.abs(p[i] - t.values[i]);
    return total / n;
  },
  backward(p, t, rows, cols, grad) {
    const n = rows * cols;
    for (let i = 0; i < n; i++) grad[i] = Math.sign(p[i] - t.values[i]) / n;
  },
};

const huber: LossDef = {
  name: 'huber',
  label: 'Huber',
  fusedWith: null,
  targets: 'values',
  forward(p, t, rows, cols, config) {
    const delta = config.type === 'huber' ? config.delta : 1;
    const n = rows * cols;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const a = Math.abs(p[i] - t.values[i]);
      total += a <= delta ? 0.5 * a * a : delta * (a - 0.5 * delta);
    }
    return total / n;
  },
  backward(p, t, rows, cols, grad, config) {
    const delta = config.type === 'huber' ? config.delta : 1;
    const n = rows * cols;
    for (let i = 0; i < n; i++) {
      const d = p[i] - t.values[i];
      grad[i] = (Math.abs(d) <= delta ? d : delta * Math.sign(d)) / n;
    }
  },
};

export const LOSSES: Record<LossName, LossDef> = {
  'cross-entropy': crossEntropy,
  'binary-cross-entropy': binaryCrossEntropy,
  mse: meanSquaredError,
  mae: meanAbsoluteError,
  huber,
};

export function lossNames(): LossName[] {
  return Object.keys(LOSSES) as LossName[];
}

export function getLoss(name: string): LossDef {
  const def = (LOSSES as Record<string, LossDef>)[name];
  if (!def) throw knownNamesError('loss', name, lossNames());
  return def;
}

export function parseLossConfig(input: unknown): LossConfig {
  return parseTypedConfig('loss', lossSchemas, input);
}
