// The classic activations of the lecture's table (linear, binary step, sigmoid, tanh) and softplus,
// each as a scalar f/f' for plots and tight array loops for training.

import type { ActivationMath } from '../activations';

// Two branches so exp never overflows: exp(-|x|) is in (0, 1].
export function logistic(x: number): number {
  const e = Math.exp(-Math.abs(x));
  return (x >= 0 ? 1 : e) / (1 + e);
}

export const linear: ActivationMath = {
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
};

export const step: ActivationMath = {
  f: (x) => (x >= 0 ? 1 : 0),
  df: () => 0,
  forward(x, y, rows, cols) {
    const n = rows * cols;
    for (let i = 0; i < n; i++) y[i] = x[i] >= 0 ? 1 : 0;
  },
  backward(_x, _y, _dy, dx, rows, cols) {
    dx.fill(0, 0, rows * cols);
  },
};

export const sigmoid: ActivationMath = {
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
};

export const tanh: ActivationMath = {
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
};

export const softplus: ActivationMath = {
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
};
