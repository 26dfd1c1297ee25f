// A trainable parameter: its value, its gradient buffer, and how optimizers should treat it.

import type { Floats } from './tensor';

export interface Param {
  /** Stable key used in project files and diagnostics, e.g. 'layers.0.weight'. */
  readonly name: string;
  readonly shape: readonly number[];
  readonly value: Floats;
  /** Gradient of the mean batch loss; the same length as value, overwritten by each backward. */
  readonly grad: Floats;
  /** Whether weight decay applies (dense weights yes; biases, batch-norm and PReLU parameters no). */
  readonly decay: boolean;
}
