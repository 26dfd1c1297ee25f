// Size and cost of a chain of layers, shown under the canvas.
//
// Parameters are what training updates: a dense layer's weights and biases (in*out + out), a
// batch norm's gamma and beta (2 per feature; its running mean and variance are statistics, not
// parameters), and PReLU's slope, which the engine learns as ONE value shared by the whole layer
// (shared/engine/layers/activation.ts, shape [1]).
//
// FLOPs are for one sample's inference forward pass, counting a multiply-add as 2:
// - dense: 2*in*out (each output sums `in` products: in multiplies, in-1 adds, plus the bias add);
// - activation: 1 per unit, whatever the function (linear, the identity, costs 0);
// - batch norm: 2 per unit (at inference it folds into one scale and one shift);
// - dropout: 0 (the identity at inference).

import type { LayerConfig } from '../../../../shared/engine/network';

export function parameterCount(layers: readonly LayerConfig[], inputSize: number): number {
  let size = inputSize;
  let total = 0;
  for (const layer of layers) {
    switch (layer.type) {
      case 'dense':
        total += size * layer.units + layer.units;
        size = layer.units;
        break;
      case 'batchnorm':
        total += 2 * size;
        break;
      case 'activation':
        if (layer.activation === 'prelu') total += 1;
        break;
      case 'dropout':
        break;
    }
  }
  return total;
}

export function flopsPerSample(layers: readonly LayerConfig[], inputSize: number): number {
  let size = inputSize;
  let total = 0;
  for (const layer of layers) {
    switch (layer.type) {
      case 'dense':
        total += 2 * size * layer.units;
        size = layer.units;
        break;
      case 'activation':
        if (layer.activation !== 'linear') total += size;
        break;
      case 'batchnorm':
        total += 2 * size;
        break;
      case 'dropout':
        break;
    }
  }
  return total;
}
