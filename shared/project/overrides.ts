// Changing a project a setting at a time (CLI flags, a grid-search point), keeping it valid:
// a change to the network, its initializer, the loss or the data drops saved weights and the
// fitted normalizer, since they no longer fit.

import type { ActivationName } from '../engine/activations';
import type { NormalizationKind } from '../engine/data/normalize';
import type { Dataset } from '../engine/datasets/types';
import type { InitializerConfig } from '../engine/initializers';
import type { LossConfig } from '../engine/losses';
import { parseOptimizerConfig, type OptimizerType } from '../engine/optimizers';
import { buildLayers, DEFAULT_SHAPE, type NetworkShape } from './defaults';
import { parseProject } from './parse';
import type { Project } from './schema';

export interface ProjectOverrides {
  hidden?: number[];
  activation?: ActivationName;
  weightInit?: InitializerConfig;
  biasInit?: InitializerConfig;
  loss?: LossConfig;
  optimizer?: OptimizerType;
  lr?: number;
  batchSize?: number;
  epochs?: number;
  seed?: number;
  normalization?: NormalizationKind;
  testSplit?: number;
}

/** The hidden-layer shape of an existing network, so one override can change just one aspect. */
export function networkShape(project: Project): NetworkShape {
  const layers = project.network.layers;
  const dense = layers.filter((l) => l.type === 'dense');
  // The hidden activation: the output's own (softmax, sigmoid) comes after the last dense layer.
  const act = layers.slice(0, layers.map((l) => l.type).lastIndexOf('dense')).find((l) => l.type === 'activation');
  return {
    hidden: dense.slice(0, -1).map((l) => (l.type === 'dense' ? l.units : 0)),
    activation: act && act.type === 'activation' ? act.activation : DEFAULT_SHAPE.activation,
    weightInit: dense[0] && dense[0].type === 'dense' ? dense[0].weightInit : DEFAULT_SHAPE.weightInit,
    biasInit: dense[0] && dense[0].type === 'dense' ? dense[0].biasInit : undefined,
  };
}

export function applyOverrides(base: Project, o: ProjectOverrides, dataset: Dataset, datasetChanged = false): Project {
  // A project is plain JSON, so a JSON round trip is a deep copy.
  const p: Project = JSON.parse(JSON.stringify(base));
  const shape = networkShape(p);
  if (o.hidden !== undefined) shape.hidden = o.hidden;
  if (o.activation !== undefined) shape.activation = o.activation;
  if (o.weightInit !== undefined) shape.weightInit = o.weightInit;
  if (o.biasInit !== undefined) shape.biasInit = o.biasInit;
  if (o.loss !== undefined) p.loss = o.loss;
  const reshape =
    datasetChanged || o.hidden !== undefined || o.activation !== undefined || o.weightInit !== undefined || o.biasInit !== undefined || o.loss !== undefined;
  if (reshape) {
    p.network = { layers: buildLayers(shape, dataset, p.loss) };
    delete p.weights;
  }
  if (reshape || o.normalization !== undefined) delete p.preprocessing.normalizer;
  if (o.normalization !== undefined) p.preprocessing.normalization = o.normalization;
  if (o.testSplit !== undefined) p.preprocessing.testSplit = o.testSplit;
  const lr = o.lr ?? p.optimizer.lr;
  p.optimizer = o.optimizer !== undefined ? parseOptimizerConfig({ type: o.optimizer, lr }) : { ...p.optimizer, lr };
  if (o.batchSize !== undefined) p.training.batchSize = o.batchSize;
  if (o.epochs !== undefined) p.training.epochs = o.epochs;
  if (o.seed !== undefined) p.seed = o.seed;
  return parseProject(p, 'the project with the given settings');
}
