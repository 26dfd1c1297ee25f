// Inverted dropout: in training each unit is kept with probability 1 - rate and scaled by
// 1 / (1 - rate), so inference is the identity. The mask comes from the seeded dropout stream.

import { z } from 'zod';
import type { Param } from '../params';
import type { Random } from '../random';
import type { Allocator, Floats } from '../tensor';
import { defineLayer, type Layer } from './layer';

export class DropoutLayer implements Layer {
  readonly type = 'dropout';
  readonly params: readonly Param[] = [];
  readonly buffers: readonly Param[] = [];
  private readonly out: Floats;
  private readonly dIn: Floats;
  /** 0 for a dropped unit, 1 / (1 - rate) for a kept one, from the last training forward. */
  private readonly mask: Floats;

  constructor(
    readonly index: number,
    readonly inSize: number,
    readonly rate: number,
    capacity: number,
    alloc: Allocator,
    private readonly rng: Random,
  ) {
    if (!(rate >= 0 && rate < 1)) throw new Error(`Dropout rate must be in [0, 1), got ${rate}`);
    this.out = alloc.floats(capacity * inSize);
    this.dIn = alloc.floats(capacity * inSize);
    this.mask = alloc.floats(capacity * inSize);
  }

  get outSize(): number {
    return this.inSize;
  }

  get label(): string {
    return `Dropout ${this.rate}`;
  }

  forward(x: Floats, batch: number, training: boolean): Floats {
    if (!training || this.rate === 0) return x;
    const n = batch * this.inSize;
    const keep = 1 - this.rate;
    const scale = 1 / keep;
    for (let i = 0; i < n; i++) {
      const m = this.rng.next() < keep ? scale : 0;
      this.mask[i] = m;
      this.out[i] = x[i] * m;
    }
    return this.out;
  }

  backward(_x: Floats, _out: Floats, dy: Floats, batch: number, needInputGrad: boolean): Floats {
    if (!needInputGrad) return this.dIn;
    const n = batch * this.inSize;
    if (this.rate === 0) {
      for (let i = 0; i < n; i++) this.dIn[i] = dy[i];
    } else {
      for (let i = 0; i < n; i++) this.dIn[i] = dy[i] * this.mask[i];
    }
    return this.dIn;
  }
}

const RATE = 'Dropout rate must be at least 0 and below 1';

export const DROPOUT = defineLayer({
  label: 'Dropout',
  schema: z.strictObject({ type: z.literal('dropout'), rate: z.number({ error: RATE }).min(0, RATE).lt(1, RATE).default(0.5) }),
  outSize: (_c, inSize) => inSize,
  parameters: () => 0,
  // The identity at inference.
  flops: () => 0,
  build: (c, ctx) => new DropoutLayer(ctx.index, ctx.inSize, c.rate, ctx.capacity, ctx.alloc, ctx.dropoutRng),
});
