// Softmax, the classifier's output: row-wise, so it has no scalar form, and its backward is the
// Jacobian-vector product of a whole row.

import type { ActivationMath } from '../activations';

function rowWise(): never {
  throw new Error('softmax has no scalar form: it is row-wise, use forward/backward on a whole row');
}

export const softmax: ActivationMath = {
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
  // dx_i = y_i (dy_i - sum_j y_j dy_j)
  backward(_x, y, dy, dx, rows, cols) {
    for (let r = 0; r < rows; r++) {
      const start = r * cols;
      const end = start + cols;
      let dot = 0;
      for (let i = start; i < end; i++) dot += y[i] * dy[i];
      for (let i = start; i < end; i++) dx[i] = y[i] * (dy[i] - dot);
    }
  },
};
