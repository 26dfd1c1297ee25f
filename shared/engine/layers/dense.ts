// Fully connected layer: z = x W + b with W of shape [inputs, outputs], as the lecture writes it.

import { z } from 'zod';
import { initializerConfigSchema } from '../initializers';
import type { MatrixKernel } from '../kernel/types';
import type { Param } from '../params';
import type { FastOps } from '../kernel/fast-ops';
import type { Allocator, Floats } from '../tensor';
import { defineLayer, type Layer } from './layer';

export class DenseLayer implements Layer {
  readonly type = 'dense';
  readonly params: readonly Param[];
  readonly buffers: readonly Param[] = [];
  readonly weight: Param;
  readonly bias: Param;
  private readonly out: Floats;
  private readonly dIn: Floats;
  private readonly fast: FastOps;

  constructor(
    readonly index: number,
    readonly inSize: number,
    readonly outSize: number,
    capacity: number,
    alloc: Allocator,
    private readonly kernel: MatrixKernel,
  ) {
    const prefix = `layers.${index}`;
    this.weight = {
      name: `${prefix}.weight`,
      shape: [inSize, outSize],
      value: alloc.floats(inSize * outSize),
      grad: alloc.floats(inSize * outSize),
      decay: true,
    };
    this.bias = {
      name: `${prefix}.bias`,
      shape: [outSize],
      value: alloc.floats(outSize),
      grad: alloc.floats(outSize),
      decay: false,
    };
    this.params = [this.weight, this.bias];
    this.out = alloc.floats(capacity * outSize);
    this.dIn = alloc.floats(capacity * inSize);
    this.fast = alloc.fast;
  }

  get label(): string {
    return `Dense ${this.inSize}→${this.outSize}`;
  }

  forward(input: Floats, batch: number): Floats {
    const out = this.out;
    const n = this.outSize;
    const b = this.bias.value;
    this.kernel.gemm(false, false, batch, n, this.inSize, input, this.weight.value, out, false);
    if (this.fast.addBias(out, b, batch, n)) return out;
    for (let r = 0; r < batch; r++) {
      const o = r * n;
      for (let j = 0; j < n; j++) out[o + j] += b[j];
    }
    return out;
  }

  backward(input: Floats, _output: Floats, dOut: Floats, batch: number, needInputGrad: boolean): Floats {
    const n = this.outSize;
    // dW = x^T dz ; db = column sums of dz ; dx = dz W^T
    this.kernel.gemm(true, false, this.inSize, n, batch, input, dOut, this.weight.grad, false);
    const db = this.bias.grad;
    if (!this.fast.columnSums(db, dOut, batch, n)) {
      db.fill(0);
      for (let r = 0; r < batch; r++) {
        const o = r * n;
        for (let j = 0; j < n; j++) db[j] += dOut[o + j];
      }
    }
    if (needInputGrad) this.kernel.gemm(false, true, batch, this.inSize, n, dOut, this.weight.value, this.dIn, false);
    return this.dIn;
  }
}

/** The widest dense layer: 65,536 units. */
export const MAX_UNITS = 1 << 16;

// The messages are the inspector's words; project files word number errors their own way.
const UNITS = `Units must be a whole number from 1 to ${MAX_UNITS}`;

export const DENSE = defineLayer({
  label: 'Dense',
  schema: z.strictObject({
    type: z.literal('dense'),
    units: z.number({ error: UNITS }).int(UNITS).min(1, UNITS).max(MAX_UNITS, UNITS),
    weightInit: initializerConfigSchema.default({ type: 'he-normal' }).describe('Weight initializer'),
    biasInit: initializerConfigSchema.default({ type: 'zeros' }).describe('Bias initializer'),
  }),
  initial: { units: 32 },
  outSize: (c) => c.units,
  parameters: (c, inSize) => inSize * c.units + c.units,
  // Each output sums `in` products: in multiplies, in - 1 adds and the bias add.
  flops: (c, inSize) => 2 * inSize * c.units,
  build: (c, ctx) => new DenseLayer(ctx.index, ctx.inSize, c.units, ctx.capacity, ctx.alloc, ctx.kernel),
});
