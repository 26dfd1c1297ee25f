// The plainest correct matrix product: a triple loop, kept as the yardstick the fast kernel is
// tested and benchmarked against.

import type { Floats } from '../tensor';
import type { MatrixKernel } from './types';

export const referenceKernel: MatrixKernel = {
  name: 'reference',
  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, a: Floats, b: Floats, c: Floats, accumulate: boolean): void {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
        c[i * n + j] = accumulate ? c[i * n + j] + s : s;
      }
    }
  },
};
