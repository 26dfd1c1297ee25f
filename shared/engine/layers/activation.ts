// Element-wise (or, for softmax, row-wise) activation layer; PReLU carries its learned slope.

import { z } from 'zod';
import {
  activationConstants,
  activationNameSchema,
  CONSTANT_SCHEMAS,
  getActivation,
  preluSlopeGradient,
  type ActivationConstants,
  type ActivationDef,
} from '../activations';
import type { Param } from '../params';
import type { FastOps } from '../kernel/fast-ops';
import type { Allocator, Floats } from '../tensor';
import { defineLayer, type Layer } from './layer';

export class ActivationLayer implements Layer {
  readonly type = 'activation';
  readonly def: ActivationDef;
  readonly params: readonly Param[];
  readonly buffers: readonly Param[] = [];
  readonly constants: ActivationConstants;
  /** The learned PReLU slope; absent for every other activation. */
  readonly slope: Param | null;
  private readonly out: Floats;
  private readonly dIn: Floats;
  /** ReLU has a WebAssembly form the kernel may run (FastOps); the others run their own loops. */
  private readonly fast: FastOps | null;

  constructor(
    readonly index: number,
    readonly inSize: number,
    name: string,
    overrides: Partial<ActivationConstants>,
    capacity: number,
    alloc: Allocator,
  ) {
    this.def = getActivation(name);
    this.constants = activationConstants(this.def.name, overrides);
    if (this.def.name === 'prelu') {
      this.slope = {
        name: `layers.${index}.slope`,
        shape: [1],
        value: alloc.floats(1),
        grad: alloc.floats(1),
        decay: false,
      };
      this.slope.value[0] = this.constants.slope;
      this.params = [this.slope];
    } else {
      this.slope = null;
      this.params = [];
    }
    this.out = alloc.floats(capacity * inSize);
    this.dIn = alloc.floats(capacity * inSize);
    this.fast = this.def.name === 'relu' ? alloc.fast : null;
  }

  get outSize(): number {
    return this.inSize;
  }

  get label(): string {
    return this.def.label;
  }

  forward(input: Floats, batch: number): Floats {
    if (this.slope) this.constants.slope = this.slope.value[0];
    if (!this.fast?.reluForward(input, this.out, batch * this.inSize)) this.def.forward(input, this.out, batch, this.inSize, this.constants);
    return this.out;
  }

  backward(input: Floats, output: Floats, dOut: Floats, batch: number, needInputGrad: boolean): Floats {
    if (this.slope) {
      this.constants.slope = this.slope.value[0];
      this.slope.grad[0] = preluSlopeGradient(input, dOut, batch * this.inSize);
    }
    if (needInputGrad && !this.fast?.reluBackward(input, dOut, this.dIn, batch * this.inSize)) {
      this.def.backward(input, output, dOut, this.dIn, batch, this.inSize, this.constants);
    }
    return this.dIn;
  }
}

export const ACTIVATION = defineLayer({
  label: 'Activation',
  schema: z.strictObject({
    type: z.literal('activation'),
    activation: activationNameSchema,
    // Each unset constant takes the activation's own default (activationConstants).
    slope: CONSTANT_SCHEMAS.slope.optional(),
    alpha: CONSTANT_SCHEMAS.alpha.optional(),
    lambda: CONSTANT_SCHEMAS.lambda.optional(),
  }),
  initial: { activation: 'relu' },
  outSize: (_c, inSize) => inSize,
  // PReLU learns ONE slope shared by the whole layer.
  parameters: (c) => (c.activation === 'prelu' ? 1 : 0),
  // One per unit whatever the function; linear, the identity, costs nothing.
  flops: (c, inSize) => (c.activation === 'linear' ? 0 : inSize),
  build: (c, ctx) => new ActivationLayer(ctx.index, ctx.inSize, c.activation, c, ctx.capacity, ctx.alloc),
});
