// A network joined to its loss: one place that knows how a fused output (softmax or sigmoid
// with its cross-entropy) turns into a gradient, used by training, evaluation and inspection.

import { getLoss, type BatchTargets, type LossConfig, type LossDef } from './losses';
import { ActivationLayer } from './layers/activation';
import type { GradientObserver, Network } from './network';
import type { Floats } from './tensor';
import type { Task } from './datasets/types';

export class Model {
  readonly loss: LossDef;
  /** Index of the output activation the loss is fused with, or -1. */
  readonly fusedLayer: number;
  /** Gradient of the loss with respect to the loss's input, sized for the network's capacity. */
  readonly lossGrad: Floats;

  constructor(
    readonly network: Network,
    readonly lossConfig: LossConfig,
    readonly task: Task,
  ) {
    this.loss = getLoss(lossConfig.type);
    const last = network.layers.length - 1;
    const lastLayer = network.layers[last];
    const fused =
      this.loss.fusedWith !== null && lastLayer instanceof ActivationLayer && lastLayer.def.name === this.loss.fusedWith;
    if (this.loss.fusedWith !== null && !fused) {
      throw new Error(
        `Loss '${this.loss.name}' needs a ${this.loss.fusedWith} output layer; the last layer is ${lastLayer.label}`,
      );
    }
    this.fusedLayer = fused ? last : -1;
    this.lossGrad = network.alloc.floats(network.capacity * network.outputSize);
  }

  /** Number of values per row the loss reads (the logits for a fused loss, else the output). */
  get lossCols(): number {
    return this.network.outputSize;
  }

  /** Whether targets must carry one-hot rows (a regression-style loss on a classifier). */
  get needsOneHot(): boolean {
    return this.task === 'classification' && this.loss.targets === 'values';
  }

  /** The buffer the loss reads after a forward: the fused layer's input, or the network output. */
  lossInput(): Floats {
    return this.fusedLayer >= 0 ? this.network.layerInput(this.fusedLayer) : this.network.layerOutput(this.network.layers.length - 1);
  }

  /** Forward in the given mode and the mean loss of the batch. */
  forwardLoss(x: Floats, t: BatchTargets, batch: number, training: boolean): number {
    this.network.forward(x, batch, training);
    return this.loss.forward(this.lossInput(), t, batch, this.lossCols, this.lossConfig);
  }

  /** Training forward, loss, and backward: every param's grad holds d(mean loss)/d(param). */
  computeGradients(x: Floats, t: BatchTargets, batch: number, observe?: GradientObserver): number {
    const value = this.forwardLoss(x, t, batch, true);
    this.loss.backward(this.lossInput(), t, batch, this.lossCols, this.lossGrad, this.lossConfig);
    const from = this.fusedLayer >= 0 ? this.fusedLayer - 1 : this.network.layers.length - 1;
    this.network.backward(this.lossGrad, batch, from, observe);
    return value;
  }

  /** Network output of the last forward (probabilities for a softmax head). */
  output(): Floats {
    return this.network.layerOutput(this.network.layers.length - 1);
  }
}

/** Predicted class of row r of an output matrix: argmax, or a 0.5 threshold for one sigmoid unit. */
export function predictedClass(output: Floats, r: number, cols: number): number {
  const o = r * cols;
  if (cols === 1) return output[o] >= 0.5 ? 1 : 0;
  let best = 0;
  for (let j = 1; j < cols; j++) if (output[o + j] > output[o + best]) best = j;
  return best;
}
