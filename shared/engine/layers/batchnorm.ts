// Batch normalization over the batch dimension, per feature, with running statistics for inference
// (PyTorch semantics: momentum 0.1, eps 1e-5, running variance unbiased).

import { z } from 'zod';
import type { Param } from '../params';
import type { Allocator, Floats } from '../tensor';
import { defineLayer, type Layer } from './layer';

export class BatchNormLayer implements Layer {
  readonly type = 'batchnorm';
  readonly gamma: Param;
  readonly beta: Param;
  readonly runningMean: Param;
  readonly runningVar: Param;
  readonly params: readonly Param[];
  readonly buffers: readonly Param[];
  private readonly out: Floats;
  private readonly dIn: Floats;
  /** Normalized input of the last training forward, kept for backward. */
  private readonly xhat: Floats;
  private readonly mean: Float64Array;
  private readonly invStd: Float64Array;
  private readonly sumA: Float64Array;
  private readonly sumB: Float64Array;

  constructor(
    readonly index: number,
    readonly inSize: number,
    readonly momentum: number,
    readonly eps: number,
    capacity: number,
    alloc: Allocator,
  ) {
    const f = inSize;
    const param = (name: string, decay: boolean): Param => ({
      name: `layers.${index}.${name}`,
      shape: [f],
      value: alloc.floats(f),
      grad: alloc.floats(f),
      decay,
    });
    this.gamma = param('gamma', false);
    this.beta = param('beta', false);
    this.runningMean = param('running_mean', false);
    this.runningVar = param('running_var', false);
    this.gamma.value.fill(1);
    this.runningVar.value.fill(1);
    this.params = [this.gamma, this.beta];
    this.buffers = [this.runningMean, this.runningVar];
    this.out = alloc.floats(capacity * f);
    this.dIn = alloc.floats(capacity * f);
    this.xhat = alloc.floats(capacity * f);
    this.mean = new Float64Array(f);
    this.invStd = new Float64Array(f);
    this.sumA = new Float64Array(f);
    this.sumB = new Float64Array(f);
  }

  get outSize(): number {
    return this.inSize;
  }

  get label(): string {
    return 'Batch norm';
  }

  forward(x: Floats, batch: number, training: boolean): Floats {
    const f = this.inSize;
    const out = this.out;
    const g = this.gamma.value;
    const b = this.beta.value;
    const mean = this.mean;
    const invStd = this.invStd;
    if (training) {
      const sq = this.sumA;
      mean.fill(0);
      sq.fill(0);
      for (let r = 0; r < batch; r++) {
        const o = r * f;
        for (let j = 0; j < f; j++) mean[j] += x[o + j];
      }
      for (let j = 0; j < f; j++) mean[j] /= batch;
      for (let r = 0; r < batch; r++) {
        const o = r * f;
        for (let j = 0; j < f; j++) {
          const d = x[o + j] - mean[j];
          sq[j] += d * d;
        }
      }
      const rm = this.runningMean.value;
      const rv = this.runningVar.value;
      const m = this.momentum;
      for (let j = 0; j < f; j++) {
        const variance = sq[j] / batch;
        invStd[j] = 1 / Math.sqrt(variance + this.eps);
        rm[j] = (1 - m) * rm[j] + m * mean[j];
        // The running variance is the unbiased estimate, as PyTorch keeps it.
        const unbiased = batch > 1 ? sq[j] / (batch - 1) : variance;
        rv[j] = (1 - m) * rv[j] + m * unbiased;
      }
      const xhat = this.xhat;
      for (let r = 0; r < batch; r++) {
        const o = r * f;
        for (let j = 0; j < f; j++) {
          const h = (x[o + j] - mean[j]) * invStd[j];
          xhat[o + j] = h;
          out[o + j] = g[j] * h + b[j];
        }
      }
    } else {
      const rm = this.runningMean.value;
      const rv = this.runningVar.value;
      for (let j = 0; j < f; j++) invStd[j] = 1 / Math.sqrt(rv[j] + this.eps);
      for (let r = 0; r < batch; r++) {
        const o = r * f;
        for (let j = 0; j < f; j++) out[o + j] = g[j] * (x[o + j] - rm[j]) * invStd[j] + b[j];
      }
    }
    return out;
  }

  backward(_x: Floats, _out: Floats, dy: Floats, batch: number, needInputGrad: boolean): Floats {
    const f = this.inSize;
    const xhat = this.xhat;
    const dGamma = this.gamma.grad;
    const dBeta = this.beta.grad;
    dGamma.fill(0);
    dBeta.fill(0);
    for (let r = 0; r < batch; r++) {
      const o = r * f;
      for (let j = 0; j < f; j++) {
        dGamma[j] += dy[o + j] * xhat[o + j];
        dBeta[j] += dy[o + j];
      }
    }
    if (!needInputGrad) return this.dIn;
    // dx = gamma * invStd / B * (B dy - sum(dy) - xhat sum(dy xhat)); the sums are dBeta and dGamma.
    const g = this.gamma.value;
    const invStd = this.invStd;
    const dx = this.dIn;
    for (let r = 0; r < batch; r++) {
      const o = r * f;
      for (let j = 0; j < f; j++) {
        dx[o + j] = ((g[j] * invStd[j]) / batch) * (batch * dy[o + j] - dBeta[j] - xhat[o + j] * dGamma[j]);
      }
    }
    return dx;
  }
}

const MOMENTUM = 'Momentum must be above 0 and at most 1';
const EPS = 'Epsilon must be above 0';

export const BATCHNORM = defineLayer({
  label: 'Batch norm',
  schema: z.strictObject({
    type: z.literal('batchnorm'),
    momentum: z.number({ error: MOMENTUM }).gt(0, MOMENTUM).lte(1, MOMENTUM).default(0.1),
    eps: z.number({ error: EPS }).positive(EPS).default(1e-5),
  }),
  outSize: (_c, inSize) => inSize,
  // gamma and beta; the running mean and variance are statistics, not parameters.
  parameters: (_c, inSize) => 2 * inSize,
  // At inference it folds into one scale and one shift per unit.
  flops: (_c, inSize) => 2 * inSize,
  build: (c, ctx) => new BatchNormLayer(ctx.index, ctx.inSize, c.momentum, c.eps, ctx.capacity, ctx.alloc),
});
