// The one interface every matrix product in the engine goes through, so a faster backend
// (WebAssembly SIMD, GPU) can replace the TypeScript kernel without touching the layers.

import type { Floats } from '../tensor';
import type { FastOps } from './fast-ops';

/**
 * General matrix multiply on row-major arrays with no offsets and tight strides:
 *   C[m, n] = op(A) op(B)           when accumulate is false
 *   C[m, n] += op(A) op(B)          when accumulate is true
 * where op(A) is A [m, k] (transA false) or the transpose of A stored as [k, m] (transA true),
 * and op(B) is B [k, n] (transB false) or the transpose of B stored as [n, k] (transB true).
 * A, B and C must not overlap. Implementations must not allocate per call (scratch space is
 * allocated once and grown only when a larger product is first seen).
 */
/**
 * Settles a product with nothing to sum as BLAS does, returning true: m or n = 0 touches nothing,
 * k = 0 zeroes C unless accumulating. False for a product that must be computed.
 */
export function emptyProduct(m: number, n: number, k: number, c: Floats, accumulate: boolean): boolean {
  if (m > 0 && n > 0 && k > 0) return false;
  if (m > 0 && n > 0 && !accumulate) c.fill(0, 0, m * n);
  return true;
}

export interface MatrixKernel {
  readonly name: string;
  /** Threads a product may use now (1 for kernels without helper threads). */
  readonly threads: number;
  /**
   * A zeroed float32 array this kernel multiplies in place: in its own memory where it has one
   * (arrays from elsewhere work too, copied in and out of that memory for each product).
   */
  float32(length: number): Float32Array;
  /** Element-wise work this kernel does faster than the engine's loops (on its own arrays). */
  readonly fast: FastOps;
  gemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    a: Floats,
    b: Floats,
    c: Floats,
    accumulate: boolean,
  ): void;
}
