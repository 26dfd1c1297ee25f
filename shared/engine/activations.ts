// Activation functions from the lecture's table: scalar f/f' for plots, tight array loops for training.

import { z } from 'zod';
import { knownNamesError } from './config';
import type { Floats } from './tensor';

/** Exact SELU constants (Klambauer et al. 2017); the lecture rounds them to 1.0507 and 1.6733. */
export const SELU_LAMBDA = 1.0507009873554805;
export const SELU_ALPHA = 1.6732632423543772;

const NAMES = [
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
] as const;

/** One mutable object per layer, so a learned PReLU slope can be updated in place. */
export type ActivationConstants = { slope: number; alpha: number; lambda: number };

export interface ActivationDef {
  readonly name: ActivationName;
  readonly label: string;
  readonly defaults: Partial<ActivationConstants>;
  /** 'relu' units can die (dead-unit diagnostics); 'saturating' units can saturate. */
  readonly family: 'relu' | 'saturating' | 'none';
  /** True when the layers below receive no gradient at all (binary step). */
  readonly zeroGradient: boolean;
  /** False for softmax, which couples the values of a row. */
  readonly elementwise: boolean;
  /** Scalar value; throws for softmax, whose value depends on the whole row. */
  f(x: number, c: ActivationConstants): number;
  /** Scalar derivative; throws for softmax (see f). */
  df(x: number, c: ActivationConstants): number;
  /** y = f(x) over rows * cols row-major values. */
  forward(x: Floats, y: Floats, rows: number, cols: number, c: ActivationConstants): void;
  /**
   * dx = dL/dx given x, y = f(x) from forward and dy = dL/dy; dx is overwritten and may be dy.
   * Softmax computes the Jacobian-vector product per row: dx_i = y_i (dy_i - sum_j y_j dy_j).
   */
  backward(
    x: Floats,
    y: Floats,
    dy: Floats,
    dx: Floats,
    rows: number,
    cols: number,
    c: ActivationConstants,
  ): void;
}

/** Fallbacks for constants an activation does not set itself: the lecture's defaults. */
const BASE_CONSTANTS: Readonly<ActivationConstants> = { slope: 0.01, alpha: 0.1, lambda: SELU_LAMBDA };

// Two branches so exp never overflows: exp(-|x|) is in (0, 1].
function logistic(x: number): number {
  const e = Math.exp(-Math.abs(x));
  return (x >= 0 ? 1 : e) / (1 + e);
}

function rowWise(): never {
  throw new Error('softmax has no scalar form: it is row-wise, use forward/backward on a whole row');
}

export const ACTIVATIONS: { readonly [K in (typeof NAMES)[number]]: ActivationDef } = {
  linear: {
    name: 'linear',
    label: 'Linear',
    defaults: {},
    family: 'none',
    zeroGradient: false,
    elementwise: true,
    f: (x) => x,
    df: () => 1,
    forward(x, y, rows, cols) {
      const n = rows * cols;
      for (let i = 0; i < n; i++) y[i] = x[i];
    },
    backward(_x, _y, dy, dx, rows, cols) {
      const n = rows * cols;
      for (let i = 0; i < n; i++) dx[i] = dy[i];
    },
  },

  step: {
    name: 'step',
    label: 'Binary step',
    defaults: {},
    family: 'none',
    zeroGradient: true,
    elementwise: true,
    f: (x) => (x >= 0 ? 1 : 0),
    df: () => 0,
    forward(x, y, rows, cols) {
      const n = rows * cols;
      for (let i = 0; i < n; i++) y[i] = x[i] >= 0 ? 1 : 0;
    },
    backward(_x, _y, _dy, dx, rows, cols) {
      dx.fill(0, 0, rows * cols);
    },
  },

  sigmoid: {
    name: 'sigmoid',
    label: 'Sigmoid',
    defaults: {},
    family: 'saturating',
    zeroGradient: false,
    elementwise: true,
    f: (x) => logistic(x),
    df: (x) => {
      const s = logistic(x);
      return s * (1 - s);
    },
    forward(x, y, rows, cols) {
      const n = rows * cols;
      for (let i = 0; i < n; i++) {
        const v = x[i];
        const e = Math.exp(-Math.abs(v));
        y[i] = (v >= 0 ? 1 : e) / (1 + e);
      }
    },
    backward(_x, y, dy, dx, rows, cols) {
      const n = rows * cols;
      for (let i = 0; i < n; i++) {
        const s = y[i];
        dx[i] = dy[i] * s * (1 - s);
      }
    },
  },

  tanh: {
    name: 'tanh',
    label: 'Tanh',
    defaults: {},
    family: 'saturating',
    zeroGradient: false,
    elementwise: true,
    f: (x) => Math.tanh(x),
    df: (x) => {
      const t = Math.tanh(x);
      return 1 - t * t;
    },
    forward(x, y, rows, cols) {
      const n = rows * cols;
      for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]);
    },
    backward(_x, y, dy, dx, rows, cols) {
      const n = rows * cols;
      for (let i = 0; i < n; i++) {
        const t = y[i];
        dx[i] = dy[i] * (1 - t * t);
      }
    },
  },

  softplus: {
    name: 'softplus',
    label: 'Softplus',
    defaults: {},
    family: 'none',
    zeroGradient: false,
    elementwise: true,
    // log(1 + e^x) rewritten so the exponent is never positive.
    f: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
    df: (x) => logistic(x),
    forward(x, y, rows, cols) {
      const n = rows * cols;
      for (let i = 0; i < n; i++) {
        const v = x[i];
        y[i] = (v > 0 ? v : 0) + Math.log1p(Math.exp(-Math.abs(v)));
      }
    },
    backward(x, _y, dy, dx, rows, cols) {
      const n = rows * cols;
      for (let i = 0; i < n; i++) {
        const v = x[i];
        const e = Math.exp(-Math.abs(v));
        dx[i] = (dy[i] * (v >= 0 ? 1 : e)) / (1 + e);
      }
    },
  },

  relu: {
    name: 'relu',
    label: 'ReLU',
    defaults: {},
    family: 'relu',
    zeroGradient: false,
    elementwise: true,
    // Written as `x < 0 ? 0 : x` so a NaN passes through (and training stops on it) instead of becoming 0.
    f: (x) => (x < 0 ? 0 : x),
    df: (x) => (x > 0 ? 1 : 0),
    forward(x, y, rows, cols) {
      const n = rows * cols;
      for (let i = 0; i < n; i++) {
        const v = x[i];
        y[i] = v < 0 ? 0 : v;
      }
    },
    backward(x, _y, dy, dx, rows, cols) {
      const n = rows * cols;
      for (let i = 0; i < n; i++) dx[i] = x[i] > 0 ? dy[i] : 0;
    },
  },

  'leaky-relu': {
    name: 'leaky-relu',
    label: 'LeakyReLU',
    defaults: { slope: 0.01 },
    family: 'relu',
    zeroGradient: false,
    elementwise: true,
    f: (x, c) => (x > 0 ? x : c.slope * x),
    df: (x, c) => (x > 0 ? 1 : c.slope),
    forward(x, y, rows, cols, c) {
      const n = rows * cols;
      const a = c.slope;
      for (let i = 0; i < n; i++) {
        const v = x[i];
        y[i] = v > 0 ? v : a * v;
      }
    },
    backward(x, _y, dy, dx, rows, cols, c) {
      const n = rows * cols;
      const a = c.slope;
      for (let i = 0; i < n; i++) dx[i] = x[i] > 0 ? dy[i] : a * dy[i];
    },
  },

  elu: {
    name: 'elu',
    label: 'ELU',
    // The lecture uses 0.1; Keras and PyTorch default to 1.0.
    defaults: { alpha: 0.1 },
    family: 'relu',
    zeroGradient: false,
    elementwise: true,
    // expm1 keeps e^x - 1 accurate near 0, where ELU's output is small.
    f: (x, c) => (x > 0 ? x : c.alpha * Math.expm1(x)),
    df: (x, c) => (x > 0 ? 1 : c.alpha * Math.exp(x)),
    forward(x, y, rows, cols, c) {
      const n = rows * cols;
      const a = c.alpha;
      for (let i = 0; i < n; i++) {
        const v = x[i];
        y[i] = v > 0 ? v : a * Math.expm1(v);
      }
    },
    // Recomputes e^x from x rather than using y + alpha, which loses it to rounding for x << 0.
    backward(x, _y, dy, dx, rows, cols, c) {
      const n = rows * cols;
      const a = c.alpha;
      for (let i = 0; i < n; i++) {
        const v = x[i];
        dx[i] = v > 0 ? dy[i] : dy[i] * a * Math.exp(v);
      }
    },
  },

  prelu: {
    name: 'prelu',
    label: 'PReLU',
    // Initial value only: the activation layer learns the slope (see preluSlopeGradient).
    defaults: { slope: 0.1 },
    family: 'relu',
    zeroGradient: false,
    elementwise: true,
    f: (x, c) => (x < 0 ? c.slope * x : x),
    df: (x, c) => (x > 0 ? 1 : c.slope),
    forward(x, y, rows, cols, c) {
      const n = rows * cols;
      const a = c.slope;
      for (let i = 0; i < n; i++) {
        const v = x[i];
        y[i] = v < 0 ? a * v : v;
      }
    },
    backward(x, _y, dy, dx, rows, cols, c) {
      const n = rows * cols;
      const a = c.slope;
      for (let i = 0; i < n; i++) dx[i] = x[i] > 0 ? dy[i] : a * dy[i];
    },
  },

  selu: {
    name: 'selu',
    label: 'SELU',
    defaults: { lambda: SELU_LAMBDA, alpha: SELU_ALPHA },
    family: 'relu',
    zeroGradient: false,
    elementwise: true,
    f: (x, c) => (x >= 0 ? c.lambda * x : c.lambda * c.alpha * Math.expm1(x)),
    df: (x, c) => (x >= 0 ? c.lambda : c.lambda * c.alpha * Math.exp(x)),
    forward(x, y, rows, cols, c) {
      const n = rows * cols;
      const l = c.lambda;
      const la = c.lambda * c.alpha;
      for (let i = 0; i < n; i++) {
        const v = x[i];
        y[i] = v >= 0 ? l * v : la * Math.expm1(v);
      }
    },
    backward(x, _y, dy, dx, rows, cols, c) {
      const n = rows * cols;
      const l = c.lambda;
      const la = c.lambda * c.alpha;
      for (let i = 0; i < n; i++) {
        const v = x[i];
        dx[i] = v >= 0 ? l * dy[i] : la * Math.exp(v) * dy[i];
      }
    },
  },

  swish: {
    name: 'swish',
    label: 'Swish',
    defaults: {},
    family: 'none',
    zeroGradient: false,
    elementwise: true,
    f: (x) => x * logistic(x),
    // The lecture's swish + s(1 - swish), regrouped as s(1 + x s(-x)): the original cancels to 0
    // once x passes 2^53, and s(-x) from its own branch keeps 1 - s accurate for large x.
    df: (x) => {
      const e = Math.exp(-Math.abs(x));
      return ((x >= 0 ? 1 : e) / (1 + e)) * (1 + (x * (x >= 0 ? e : 1)) / (1 + e));
    },
    forward(x, y, rows, cols) {
      const n = rows * cols;
      for (let i = 0; i < n; i++) {
        const v = x[i];
        const e = Math.exp(-Math.abs(v));
        y[i] = (v * (v >= 0 ? 1 : e)) / (1 + e);
      }
    },
    // Recomputed from x, so float32 storage of y does not leak into the gradient.
    backward(x, _y, dy, dx, rows, cols) {
      const n = rows * cols;
      for (let i = 0; i < n; i++) {
        const v = x[i];
        const e = Math.exp(-Math.abs(v));
        const inv = 1 / (1 + e);
        dx[i] = dy[i] * (v >= 0 ? 1 : e) * inv * (1 + v * (v >= 0 ? e : 1) * inv);
      }
    },
  },

  softmax: {
    name: 'softmax',
    label: 'Softmax',
    defaults: {},
    family: 'none',
    zeroGradient: false,
    elementwise: false,
    f: rowWise,
    df: rowWise,
    // Subtracting the row max keeps every exponent <= 0, so nothing overflows.
    forward(x, y, rows, cols) {
      for (let r = 0; r < rows; r++) {
        const start = r * cols;
        const end = start + cols;
        let max = -Infinity;
        for (let i = start; i < end; i++) if (x[i] > max) max = x[i];
        let sum = 0;
        for (let i = start; i < end; i++) {
          const e = Math.exp(x[i] - max);
          y[i] = e;
          sum += e;
        }
        const inv = 1 / sum;
        for (let i = start; i < end; i++) y[i] *= inv;
      }
    },
    backward(_x, y, dy, dx, rows, cols) {
      for (let r = 0; r < rows; r++) {
        const start = r * cols;
        const end = start + cols;
        let dot = 0;
        for (let i = start; i < end; i++) dot += y[i] * dy[i];
        for (let i = start; i < end; i++) dx[i] = y[i] * (dy[i] - dot);
      }
    },
  },
};

export type ActivationName = keyof typeof ACTIVATIONS;

export function activationNames(): ActivationName[] {
  return NAMES.slice();
}

export function isActivationName(name: string): name is ActivationName {
  return Object.hasOwn(ACTIVATIONS, name);
}

export function getActivation(name: string): ActivationDef {
  if (!isActivationName(name)) {
    throw knownNamesError('activation', name, NAMES);
  }
  return ACTIVATIONS[name];
}

/** A fresh constants object: overrides, then the activation's own defaults, then the lecture's. */
export function activationConstants(
  name: string,
  overrides: Partial<ActivationConstants> = {},
): ActivationConstants {
  const c: ActivationConstants = { ...BASE_CONSTANTS, ...getActivation(name).defaults };
  if (overrides.slope !== undefined) c.slope = overrides.slope;
  if (overrides.alpha !== undefined) c.alpha = overrides.alpha;
  if (overrides.lambda !== undefined) c.lambda = overrides.lambda;
  return c;
}

/** dL/da for one PReLU slope shared by the first n values: sum over x < 0 of dy * x. */
export function preluSlopeGradient(x: Floats, dy: Floats, n: number): number {
  let g = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v < 0) g += dy[i] * v;
  }
  return g;
}

export const activationConfigSchema = z.strictObject({
  type: z.enum(NAMES, {
    error: (issue) =>
      issue.input === undefined
        ? `Activation type is required (known: ${NAMES.join(', ')})`
        : `Unknown activation '${String(issue.input)}' (known: ${NAMES.join(', ')})`,
  }),
  // Any finite slope: negative slopes are odd but legal, and PReLU learns its sign.
  slope: z.number().optional(),
  alpha: z.number().positive().optional(),
  lambda: z.number().positive().optional(),
});

export type ActivationConfig = z.infer<typeof activationConfigSchema>;
