// The initialization lab on a project: the same first batch (in file order, as the Step view
// takes it) pushed through the project's network once per initializer, every dense layer's
// weights drawn by that initializer and its biases zero (PyTorch's default draws its biases like
// its weights, as nn.Linear does), each from the project's seed.

import { allocBatch, gatherBatch, normalizerArrays } from '../engine/data/batch';
import type { Dataset } from '../engine/datasets/types';
import { INITIALIZERS, type InitializerConfig } from '../engine/initializers';
import { probeModel, type InitProbe } from '../engine/init-probe';
import { prepareRun, withoutNormalizer } from './prepare';
import type { Project } from './schema';

/** The lecture's initializers, side by side in the lab unless others are asked for. */
export const LAB_INITIALIZERS: readonly InitializerConfig[] = [
  { type: 'zeros' },
  { type: 'normal', mean: 0, std: 0.05 },
  { type: 'xavier-normal' },
  { type: 'he-normal' },
  { type: 'lecun-normal' },
  { type: 'torch-default' },
];

export interface LabResult extends InitProbe {
  initializer: InitializerConfig;
  /** The initializer's label, e.g. "He normal". */
  label: string;
  /** The batch's rows. */
  rows: number;
}

/**
 * The project with every dense layer started by `init`, as a fresh run starts: no saved weights,
 * and a normalizer fitted on the data rather than a trained run's.
 */
export function withInitializer(project: Project, init: InitializerConfig): Project {
  const biasInit: InitializerConfig = init.type === 'torch-default' ? init : { type: 'zeros' };
  const layers = project.network.layers.map((l) => (l.type === 'dense' ? { ...l, weightInit: init, biasInit } : l));
  const { weights: _weights, ...rest } = withoutNormalizer(project);
  return { ...rest, network: { ...project.network, layers } };
}

export function probeInitializers(project: Project, dataset: Dataset, initializers: readonly InitializerConfig[] = LAB_INITIALIZERS): LabResult[] {
  return initializers.map((init) => {
    const { model, data } = prepareRun(withInitializer(project, init), dataset);
    const net = model.network;
    const rows = Math.min(project.training.batchSize, data.trainRows.length);
    if (rows === 0) throw new Error('The training split is empty: there is no batch to push through the network');
    const batch = allocBatch(net.alloc, net.capacity, dataset.numFeatures, net.outputSize);
    gatherBatch(dataset.train, dataset.numFeatures, data.trainRows, 0, rows, normalizerArrays(data.normalizer), batch, net.outputSize, model.needsOneHot);
    return { initializer: init, label: INITIALIZERS[init.type].label, rows, ...probeModel(model, batch.x, batch.targets, rows) };
  });
}
