// ReLU and the activations that followed it (LeakyReLU, ELU, PReLU, SELU, swish): identity for
// positive inputs, each with its own answer to ReLU's zero gradient below 0.

import type { ActivationMath } from '../activations';
import type { Floats } from '../tensor';
import { logistic } from './classic';

export const relu: ActivationMath = {
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
};

export const leakyRelu: ActivationMath = {
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
};

export const elu: ActivationMath = {
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
};

// The same function as LeakyReLU; what makes it PReLU is that its layer learns the slope.
export const prelu: ActivationMath = leakyRelu;

export const selu: ActivationMath = {
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
};

export const swish: ActivationMath = {
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
};

/** dL/da for one PReLU slope shared by the first n values: sum over x < 0 of dy * x. */
export function preluSlopeGradient(x: Floats, dy: Floats, n: number): number {
  let g = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v < 0) g += dy[i] * v;
  }
  return g;
}
