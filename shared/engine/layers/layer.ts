// The contract every layer keeps: buffers sized once for a maximum batch, forward and backward
// over the first `batch` rows, gradients of the mean batch loss written into its params; and the
// shape of a layer kind's registry entry (config, shape rule, counts, build).

import type { z } from 'zod';
import type { MatrixKernel } from '../kernel/types';
import type { Param } from '../params';
import type { Random } from '../random';
import type { Allocator, Floats } from '../tensor';

export interface Layer {
  /** Its kind's name in the layer registry, e.g. 'dense'. */
  readonly type: string;
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

/** What the network hands a layer kind to build one at position `index`. */
export interface LayerContext {
  readonly index: number;
  readonly inSize: number;
  /** Largest batch the layer will see. */
  readonly capacity: number;
  readonly alloc: Allocator;
  readonly kernel: MatrixKernel;
  /** The network's dropout stream, shared by its dropout layers in order. */
  readonly dropoutRng: Random;
}

/** One layer kind: its config, what it does to the width, what it costs, and how it is built. */
export interface LayerSpec<S extends z.ZodObject> {
  readonly label: string;
  readonly schema: S;
  /** What the fields without a default start as in a new layer of this kind. */
  readonly initial?: Readonly<Record<string, unknown>>;
  /** Output width for an input width. */
  outSize(config: z.output<S>, inSize: number): number;
  /** Trained values (what the optimizer updates; batch-norm statistics are not). */
  parameters(config: z.output<S>, inSize: number): number;
  /** FLOPs of one sample's inference forward pass, a multiply-add counting 2. */
  flops(config: z.output<S>, inSize: number): number;
  build(config: z.output<S>, ctx: LayerContext): Layer;
}

// Ties each entry's functions to its own schema's output type.
export const defineLayer = <S extends z.ZodObject>(spec: LayerSpec<S>): LayerSpec<S> => spec;
