// One training step on one batch, in two halves with the trainer's decision between them
// (report diagnostics of this update?): the batch and its gradients, then the update. Each half
// checks that what it made is finite and, when not, says where and which weights are kept. All
// buffers are allocated once per run; a step allocates nothing.

import { allocBatch, gatherBatch, prepareGather, type BatchBuffers, type NormalizerArrays } from '../data/batch';
import { predictedClass, type Model } from '../model';
import { createOptimizer, type Optimizer, type OptimizerConfig } from '../optimizers';
import { allFinite, allocFloats, type Floats } from '../tensor';
import type { TrainingData } from '../trainer';
import { Snapshot } from './snapshot';

/** Why a step cannot go on, for the run's 'failed' event. */
export interface StepFailure {
  message: string;
  /** The layer whose values are not finite, when one is to blame. */
  layer: number | null;
}

export class TrainingStep {
  readonly batch: BatchBuffers;
  /**
   * Values before an update, the reference for update-to-weight ratios: copied only before the
   * updates whose diagnostics are reported (a few a second), not before every step.
   */
  readonly previous: Floats[];
  private readonly optimizer: Optimizer;
  /**
   * The last good weights, should an update turn them non-finite: saved at the start of each
   * epoch. A loss or gradient that is not finite stops the run before its update, so the weights
   * of that very step are kept; only an update that overflows finite values falls back to these.
   */
  private readonly checkpoint: Snapshot;
  private checkpointStep = 0;
  private readonly finite: (a: Floats) => boolean;

  constructor(
    private readonly model: Model,
    private readonly data: TrainingData,
    private readonly norm: NormalizerArrays,
    optimizer: OptimizerConfig,
  ) {
    const net = model.network;
    this.batch = allocBatch(net.alloc, net.capacity, data.dataset.numFeatures, net.outputSize);
    prepareGather(data.dataset.train, this.batch);
    if (data.test) prepareGather(data.test.table, this.batch);
    this.optimizer = createOptimizer(optimizer, net.params, net.alloc);
    const fast = net.alloc.fast;
    this.finite = (a) => fast.allFinite(a, a.length) ?? allFinite(a);
    this.previous = net.params.map((p) => allocFloats(net.dtype, p.value.length));
    this.checkpoint = new Snapshot(net);
  }

  /** Saves the weights a non-finite update will fall back to (at the start of each epoch). */
  saveCheckpoint(step: number): void {
    this.checkpoint.save();
    this.checkpointStep = step;
  }

  /**
   * Gathers rows order[start .. start+count) and computes the gradients of their mean loss:
   * the loss, or why the step stops here (the weights untouched). A step, as timed for samples
   * per second, includes gathering its batch (as PyTorch's indexing of its batch is inside the
   * loop it times).
   */
  gradients(order: Int32Array, start: number, count: number, epoch: number, step: number): number | StepFailure {
    const { model, batch } = this;
    const net = model.network;
    const { train, numFeatures } = this.data.dataset;
    gatherBatch(train, numFeatures, order, start, count, this.norm, batch, net.outputSize, model.needsOneHot);
    const loss = model.computeGradients(batch.x, batch.targets, count);
    if (!Number.isFinite(loss)) return { message: this.nonFiniteLossMessage(loss, count, epoch, step), layer: this.firstNonFiniteLayer(count) };
    for (const p of net.params) {
      if (!this.finite(p.grad)) {
        const layer = layerOf(p.name);
        return {
          message: `Training stopped at epoch ${epoch + 1}, step ${step + 1}: the gradient of ${p.name} (${net.layers[layer].label}) is not finite. The weights from before this step are kept.`,
          layer,
        };
      }
    }
    return loss;
  }

  /**
   * Updates the weights from the gradients, keeping the values before it in `previous` when
   * asked: null, or why the run stops (the weights then are the checkpoint's).
   */
  update(lr: number, keepPrevious: boolean, epoch: number, step: number): StepFailure | null {
    const net = this.model.network;
    const { previous } = this;
    if (keepPrevious) for (let i = 0; i < previous.length; i++) previous[i].set(net.params[i].value);
    this.optimizer.step(lr);
    for (const p of net.params) {
      if (!this.finite(p.value)) {
        this.checkpoint.restore();
        const layer = layerOf(p.name);
        const kept =
          this.checkpointStep === step
            ? 'The weights from before this step are kept.'
            : `The weights from the start of epoch ${epoch + 1} (before step ${this.checkpointStep + 1}) are kept.`;
        return {
          message: `Training stopped at epoch ${epoch + 1}, step ${step + 1}: the update made ${p.name} (${net.layers[layer].label}) non-finite (learning rate ${lr} too large?). ${kept}`,
          layer,
        };
      }
    }
    return null;
  }

  /** How many rows of the last batch the model classified right. */
  correct(count: number): number {
    const out = this.model.output();
    const labels = this.batch.targets.labels;
    const cols = this.model.network.outputSize;
    let correct = 0;
    for (let i = 0; i < count; i++) if (predictedClass(out, i, cols) === labels[i]) correct++;
    return correct;
  }

  private firstNonFiniteLayer(count: number): number | null {
    const net = this.model.network;
    for (let i = 0; i < net.layers.length; i++) {
      if (!allFinite(net.layerOutput(i), count * net.layers[i].outSize)) return i;
    }
    return null;
  }

  private nonFiniteLossMessage(loss: number, count: number, epoch: number, step: number): string {
    const net = this.model.network;
    const layer = this.firstNonFiniteLayer(count);
    const where =
      layer === null
        ? 'every layer output is finite, so the loss itself overflowed'
        : `the first non-finite values appear in the output of layer ${layer} (${net.layers[layer].label})`;
    return `Training stopped at epoch ${epoch + 1}, step ${step + 1}: the loss is ${loss}; ${where}. The weights from before this step are kept.`;
  }
}

/** The layer index in a parameter name: 'layers.2.weight' -> 2. */
const layerOf = (name: string) => Number(name.split('.')[1]);
