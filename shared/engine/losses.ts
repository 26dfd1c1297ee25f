// Loss functions over a batch: the mean loss and its gradient with respect to the network output.

import { z } from 'zod';
import type { Floats } from './tensor';
import { bare, registry, typedConfigs } from './config';

/**
 * Targets of one batch. Classification losses read `labels` (class ids); regression losses read
 * `values` [batch, cols]. When a regression loss trains a classifier, `values` holds one-hot rows.
 */
export interface BatchTargets {
  labels: Int32Array;
  values: Floats;
}

/** The output activation a loss needs: softmax and sigmoid fuse with their loss; the rest read raw values. */
export type OutputActivation = 'softmax' | 'sigmoid' | 'linear';

interface LossSpec<S extends z.ZodObject> {
  readonly label: string;
  readonly schema: S;
  /**
   * What the network's output must be. A softmax or sigmoid output is fused with the loss: the
   * loss receives the logits (the input of that activation) and returns dL/dlogits directly, which
   * is exact and stable where chaining through the activation (e.g. -t/p for softmax) would
   * overflow. Every other loss compares the raw output with the targets, so it must be linear:
   * a squashed output could never reach a target outside the activation's range.
   */
  readonly output: OutputActivation;
  /** Whether targets are class labels (classification) or values (regression, or one-hot). */
  readonly targets: 'labels' | 'values';
  /** Mean loss over the batch. `pred` is the logits for fused losses, else the network output. */
  forward(pred: Floats, t: BatchTargets, rows: number, cols: number, config: z.output<S>): number;
  /** grad = d(mean loss)/d(pred), rows*cols values. */
  backward(pred: Floats, t: BatchTargets, rows: number, cols: number, grad: Floats, config: z.output<S>): void;
}

export interface LossDef extends LossSpec<z.ZodObject> {
  readonly name: LossName;
  /** The output activation the loss is fused with (its `output` unless that is linear). */
  readonly fusedWith: 'softmax' | 'sigmoid' | null;
  forward(pred: Floats, t: BatchTargets, rows: number, cols: number, config: LossConfig): number;
  backward(pred: Floats, t: BatchTargets, rows: number, cols: number, grad: Floats, config: LossConfig): void;
}

// Ties each entry's forward/backward config to its own schema's output type.
const define = <S extends z.ZodObject>(spec: LossSpec<S>) => ({
  ...spec,
  fusedWith: spec.output === 'linear' ? null : spec.output,
});

const crossEntropy = define({
  label: 'Cross-entropy',
  schema: bare('cross-entropy'),
  output: 'softmax',
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
});

/** Binary target of element (r, j): the label itself for one output, else the one-hot entry. */
function binaryTarget(t: BatchTargets, r: number, j: number, cols: number): number {
  return cols === 1 ? t.labels[r] : t.labels[r] === j ? 1 : 0;
}

const binaryCrossEntropy = define({
  label: 'Binary cross-entropy',
  schema: bare('binary-cross-entropy'),
  output: 'sigmoid',
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
});

const meanSquaredError = define({
  label: 'Mean squared error',
  schema: bare('mse'),
  output: 'linear',
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
});

const meanAbsoluteError = define({
  label: 'Mean absolute error',
  schema: bare('mae'),
  output: 'linear',
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
});

const huber = define({
  label: 'Huber',
  schema: z.strictObject({ type: z.literal('huber'), delta: z.number().positive().default(1) }),
  output: 'linear',
  targets: 'values',
  forward(p, t, rows, cols, config) {
    const { delta } = config;
    const n = rows * cols;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const a = Math.abs(p[i] - t.values[i]);
      total += a <= delta ? 0.5 * a * a : delta * (a - 0.5 * delta);
    }
    return total / n;
  },
  backward(p, t, rows, cols, grad, config) {
    const { delta } = config;
    const n = rows * cols;
    for (let i = 0; i < n; i++) {
      const d = p[i] - t.values[i];
      grad[i] = (Math.abs(d) <= delta ? d : delta * Math.sign(d)) / n;
    }
  },
});

const REGISTRY = registry('loss', {
  'cross-entropy': crossEntropy,
  'binary-cross-entropy': binaryCrossEntropy,
  mse: meanSquaredError,
  mae: meanAbsoluteError,
  huber,
});
const CONFIGS = typedConfigs('loss', REGISTRY);

export const lossConfigSchema = CONFIGS.schema;
export type LossConfig = z.output<typeof lossConfigSchema>;
export type LossName = (typeof REGISTRY.names)[number];

// TypeScript cannot correlate an entry's config with its name; each entry's schema does.
export const LOSSES = REGISTRY.entries as unknown as { readonly [K in LossName]: LossDef };

export function lossNames(): LossName[] {
  return REGISTRY.names.slice();
}

export const isLossName = REGISTRY.has;

export function getLoss(name: string): LossDef {
  return REGISTRY.get(name) as unknown as LossDef;
}

export const parseLossConfig: (input: unknown) => LossConfig = CONFIGS.parse;

/** The output activation a loss needs: the one rule the engine, the project defaults and the canvas read. */
export function lossOutput(loss: LossName): OutputActivation {
  return REGISTRY.get(loss).output;
}

/** Every output activation some loss needs, in the order the losses are listed. */
export const OUTPUT_ACTIVATIONS: readonly OutputActivation[] = [...new Set(REGISTRY.names.map(lossOutput))];

/**
 * Output units a loss reads for a dataset: one per class or target, except that a sigmoid unit
 * is a probability of its own, so two classes need only one (the lecture's logistic regression).
 */
export function outputUnits(loss: LossName, task: 'classification' | 'regression', targetSize: number): number {
  return task === 'classification' && targetSize === 2 && lossOutput(loss) === 'sigmoid' ? 1 : targetSize;
}
