// Numeric storage shared by every engine module: row-major typed arrays, one dtype per network.

import { NO_FAST_OPS, type FastOps } from './kernel/fast-ops';

/** Engine arrays: float32 for training speed, float64 for exact inspection and gradient checks. */
export type Floats = Float32Array | Float64Array;
export type DType = 'float32' | 'float64';

export function allocFloats(dtype: DType, length: number): Floats {
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

/**
 * Makes a network's arrays. Float32 ones come from its kernel, which may keep them in memory of its
 * own (WebAssembly) so that its products read and write them in place.
 */
export interface Allocator {
  readonly dtype: DType;
  floats(length: number): Floats;
  /** The kernel's faster element-wise work on these arrays (declining what it cannot do). */
  readonly fast: FastOps;
}

export function allocator(dtype: DType, kernel?: { float32(length: number): Float32Array; readonly fast: FastOps }): Allocator {
  if (dtype === 'float64' || !kernel) return { dtype, floats: (length) => allocFloats(dtype, length), fast: NO_FAST_OPS };
  return { dtype, floats: (length) => kernel.float32(length), fast: kernel.fast };
}

/** Sum of squares of the first n values (n defaults to the whole array). */
export function sumOfSquares(a: Floats, n = a.length): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * a[i];
  return s;
}

/** True when every one of the first n values is finite. */
export function allFinite(a: Floats, n = a.length): boolean {
  for (let i = 0; i < n; i++) {
    const v = a[i];
    // v - v is NaN for both NaN and +-Infinity, 0 otherwise.
    if (v - v !== 0) return false;
  }
  return true;
}
