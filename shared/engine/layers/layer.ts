// The contract every layer keeps: buffers sized once for a maximum batch, forward and backward
// over the first `batch` rows, gradients of the mean batch loss written into its params.

import type { Param } from '../params';
import type { Floats } from '../tensor';

export type LayerType = 'dense' | 'activation' | 'batchnorm' | 'dropout';

export interface Layer {
  readonly type: LayerType;
  /** Position in the network; parameter names are 'layers.<index>.<name>'. */
  readonly index: number;
  readonly inSize: number;
  readonly outSize: number;
  readonly params: readonly Param[];
  /** Non-trained state saved with the weights (batch-norm running statistics). */
  readonly buffers: readonly Param[];
  /** Short human label, e.g. 'Dense 784→256' or 'ReLU'. */
  readonly label: string;
  /** Computes [batch, outSize] from [batch, inSize]; returns the buffer holding the result. */
  forward(input: Floats, batch: number, training: boolean): Floats;
  /**
   * Given dL/doutput, writes each param's grad and, when needInputGrad, returns dL/dinput.
   * `input` and `output` are the buffers of the matching forward call.
   */
  backward(input: Floats, output: Floats, outputGrad: Floats, batch: number, needInputGrad: boolean): Floats;
}
