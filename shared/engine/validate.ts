// Checks a network and loss against a dataset before anything is built, with each problem
// pinned to the layer at fault, so the CLI can refuse and the UI can mark the block.

import { ACTIVATIONS } from './activations';
import { LOSSES, type LossConfig } from './losses';
import type { LayerConfig } from './network';
import type { Task } from './datasets/types';

export interface ModelIssue {
  severity: 'error' | 'warning';
  /** Index of the layer at fault, or null for the network or loss as a whole. */
  layer: number | null;
  message: string;
}

export interface DataShape {
  inputSize: number;
  task: Task;
  /** Classes, or regression outputs. */
  targetSize: number;
}

function outputSize(layers: readonly LayerConfig[], inputSize: number): number {
  let size = inputSize;
  for (const l of layers) if (l.type === 'dense') size = l.units;
  return size;
}

export function validateModel(layers: readonly LayerConfig[], loss: LossConfig, data: DataShape): ModelIssue[] {
  const issues: ModelIssue[] = [];
  const error = (layer: number | null, message: string) => issues.push({ severity: 'error', layer, message });
  const warn = (layer: number | null, message: string) => issues.push({ severity: 'warning', layer, message });
  if (layers.length === 0) {
    error(null, 'The network has no layers');
    return issues;
  }
  const lastIndex = layers.length - 1;
  const last = layers[lastIndex];
  const def = LOSSES[loss.type];
  const lastDense = layers.map((l) => l.type).lastIndexOf('dense');
  const outSize = outputSize(layers, data.inputSize);
  const lastActivation = last.type === 'activation' ? last.activation : null;

  if (lastDense < 0) error(null, 'The network has no dense layer, so it has nothing to learn');

  if (data.task === 'classification' && def.targets === 'values' && def.name !== 'mse') {
    warn(null, `Loss '${def.name}' is a regression loss; cross-entropy usually trains classifiers better`);
  }
  if (data.task === 'regression' && def.targets === 'labels') {
    error(null, `Loss '${def.name}' needs class labels, but the dataset is a regression task; use mse, mae or huber`);
  }

  if (def.fusedWith && lastActivation !== def.fusedWith) {
    error(
      lastIndex,
      `Loss '${def.name}' needs a ${def.fusedWith} output layer, but the last layer is ${
        lastActivation ? ACTIVATIONS[lastActivation].label : last.type
      }`,
    );
  }

  const expected =
    data.task === 'classification' && def.name === 'binary-cross-entropy' && data.targetSize === 2 ? [1, 2] : [data.targetSize];
  if (lastDense >= 0 && !expected.includes(outSize)) {
    const what = data.task === 'classification' ? `${data.targetSize} classes` : `${data.targetSize} target value(s)`;
    error(lastDense, `The output layer has ${outSize} units, but the dataset has ${what}: set it to ${expected.join(' or ')}`);
  }

  layers.forEach((l, i) => {
    if (l.type !== 'activation') return;
    const a = ACTIVATIONS[l.activation];
    if (l.activation === 'softmax' && i !== lastIndex) warn(i, 'Softmax is meant for the output layer; inside the network it squashes every row to sum to 1');
    if (a.zeroGradient) {
      const trainableBelow = layers.slice(0, i).some((b) => b.type === 'dense' || b.type === 'batchnorm');
      if (trainableBelow) {
        warn(i, `${a.label} has zero derivative everywhere: layers 0 to ${i - 1} below it get no gradient and will never learn`);
      }
    }
  });
  return issues;
}
