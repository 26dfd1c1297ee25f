// A new project for a dataset: the studio's defaults (ReLU, He normal, SGD, cross-entropy for
// classes, MSE for regression, a seeded 20% validation split when the data has no split of its own).

import type { ActivationName } from '../engine/activations';
import type { NormalizationKind } from '../engine/data/normalize';
import type { Dataset } from '../engine/datasets/types';
import type { InitializerConfig } from '../engine/initializers';
import type { LossConfig } from '../engine/losses';
import type { LayerConfig } from '../engine/network';
import { PROJECT_FORMAT, PROJECT_VERSION, type DatasetRef, type Project } from './schema';
import { parseProject } from './parse';

export interface NetworkShape {
  hidden: number[];
  activation: ActivationName;
  weightInit: InitializerConfig;
  /** Zeros unless said otherwise (PyTorch's nn.Linear draws its biases like its weights). */
  biasInit?: InitializerConfig;
}

export const DEFAULT_SHAPE: NetworkShape = { hidden: [32], activation: 'relu', weightInit: { type: 'he-normal' } };

/** Hidden dense+activation pairs, then the output layer the dataset and loss call for. */
export function buildLayers(shape: NetworkShape, dataset: Dataset, loss: LossConfig): LayerConfig[] {
  const layers: LayerConfig[] = [];
  for (const units of shape.hidden) {
    layers.push({ type: 'dense', units, weightInit: shape.weightInit, biasInit: shape.biasInit ?? { type: 'zeros' } });
    layers.push({ type: 'activation', activation: shape.activation });
  }
  const binarySigmoid = loss.type === 'binary-cross-entropy' && dataset.targetSize === 2;
  layers.push({
    type: 'dense',
    units: binarySigmoid ? 1 : dataset.targetSize,
    weightInit: outputInit(shape.weightInit),
    biasInit: shape.biasInit ?? { type: 'zeros' },
  });
  if (loss.type === 'cross-entropy') layers.push({ type: 'activation', activation: 'softmax' });
  if (loss.type === 'binary-cross-entropy') layers.push({ type: 'activation', activation: 'sigmoid' });
  return layers;
}

/** He init assumes a ReLU follows; the output layer has none, so it gets the Xavier equivalent. */
function outputInit(init: InitializerConfig): InitializerConfig {
  if (init.type === 'he-normal') return { type: 'xavier-normal' };
  if (init.type === 'he-uniform') return { type: 'xavier-uniform' };
  return init;
}

export function defaultLoss(dataset: Dataset): LossConfig {
  return dataset.task === 'classification' ? { type: 'cross-entropy' } : { type: 'mse' };
}

export function defaultProject(
  ref: DatasetRef,
  dataset: Dataset,
  options: { shape?: NetworkShape; loss?: LossConfig; normalization?: NormalizationKind } = {},
): Project {
  const loss = options.loss ?? defaultLoss(dataset);
  return parseProject({
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    name: `${dataset.name} MLP`,
    dataset: ref,
    preprocessing: {
      normalization: options.normalization ?? 'minus-one-one',
      validationSplit: dataset.test ? 0 : 0.2,
      stratify: true,
    },
    network: { layers: buildLayers(options.shape ?? DEFAULT_SHAPE, dataset, loss) },
    loss,
    optimizer: { type: 'sgd', lr: 0.01 },
    schedule: { type: 'constant' },
    training: { epochs: 20, batchSize: 32, shuffle: true, earlyStopping: null },
    seed: 0,
  });
}
