// Element-wise work a kernel may do faster than the engine's TypeScript loops. Each method does
// the work and returns true, or returns false (null for allFinite) and leaves it to the caller's
// own loop: the TypeScript loops stay the one reference definition, used for float64 and for
// arrays outside the kernel's memory.

import type { Floats } from '../tensor';

export interface FastOps {
  /** Whether the first n values are all finite; null when this kernel cannot tell. */
  allFinite(a: Floats, n: number): boolean | null;
  /** w -= lr (g + wd w) */
  sgd(w: Floats, g: Floats, lr: number, wd: number): boolean;
  /** The momentum update of optimizers.ts (heavy ball or Nesterov), `first` on step 1. */
  momentum(w: Floats, g: Floats, v: Floats, lr: number, wd: number, mu: number, dampening: number, first: boolean, nesterov: boolean): boolean;
  /** The Adam / AdamW update of optimizers.ts, with the bias corrections 1 - beta^t. */
  adam(
    w: Floats, g: Floats, m: Floats, v: Floats,
    lr: number, wd: number, beta1: number, beta2: number, eps: number, correction1: number, correction2: number, decoupled: boolean,
  ): boolean;
  /** out[r, j] += bias[j] for the first rows rows. */
  addBias(out: Floats, bias: Floats, rows: number, cols: number): boolean;
  /** dst[j] = sum over r < rows of src[r, j], in row order. */
  columnSums(dst: Floats, src: Floats, rows: number, cols: number): boolean;
  reluForward(x: Floats, y: Floats, n: number): boolean;
  reluBackward(x: Floats, dOut: Floats, dIn: Floats, n: number): boolean;
  /**
   * dst[i, j] = bytes[rows[start + i], j] * scale[j] + shift[j] for i < count: a batch of a byte
   * table (images) normalized on the way.
   */
  gatherBytes(dst: Floats, bytes: Uint8Array, rows: Int32Array, start: number, count: number, features: number, scale: Float64Array, shift: Float64Array): boolean;
  /**
   * Makes whatever copy gatherBytes needs of a byte table now, not at its first gather: the copy
   * is setting up, like PyTorch's tensor from the file, and stays out of the timed steps.
   */
  keepBytes(bytes: Uint8Array): void;
}

/** For kernels with no faster element-wise code: every call is left to the caller. */
export const NO_FAST_OPS: FastOps = {
  allFinite: () => null,
  sgd: () => false,
  momentum: () => false,
  adam: () => false,
  addBias: () => false,
  columnSums: () => false,
  reluForward: () => false,
  reluBackward: () => false,
  gatherBytes: () => false,
  keepBytes: () => {},
};
