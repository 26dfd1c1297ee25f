// The `train` flags and how they override a project (or build one when there is none).

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { getActivation, type ActivationName } from '../shared/engine/activations';
import { normalizationKinds, type NormalizationKind } from '../shared/engine/data/normalize';
import { parseInitializerConfig } from '../shared/engine/initializers';
import { parseLossConfig } from '../shared/engine/losses';
import { parseOptimizerConfig } from '../shared/engine/optimizers';
import type { Dataset } from '../shared/engine/datasets/types';
import { buildLayers, DEFAULT_SHAPE, type NetworkShape } from '../shared/project/defaults';
import { parseProject } from '../shared/project/parse';
import type { Project } from '../shared/project/schema';
import { UsageError } from './errors';

export const TRAIN_FLAGS = {
  dataset: { type: 'string' },
  hidden: { type: 'string' },
  activation: { type: 'string' },
  init: { type: 'string' },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  batch: { type: 'string' },
  epochs: { type: 'string' },
  seed: { type: 'string' },
  norm: { type: 'string' },
  loss: { type: 'string' },
  json: { type: 'boolean' },
  save: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type TrainFlags = Partial<Record<Exclude<keyof typeof TRAIN_FLAGS, 'json' | 'help'>, string>> & {
  json?: boolean;
  help?: boolean;
};

export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (e) {
    // node:util words these well ("Unknown option '--foo'"); drop its long hint about '--'.
    throw new UsageError((e as Error).message.split('. To specify')[0]);
  }
}

export function positiveInt(flag: string, text: string, min = 1): number {
  const v = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(v) || v < min) {
    throw new UsageError(`--${flag} must be an integer >= ${min}, got '${text}'`);
  }
  return v;
}

export function positiveNumber(flag: string, text: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v <= 0) throw new UsageError(`--${flag} must be a number > 0, got '${text}'`);
  return v;
}

export function hiddenSizes(text: string): number[] {
  if (text.trim() === '' || text.trim() === '0') return [];
  return text.split(',').map((part) => positiveInt('hidden', part.trim()));
}

export function normalization(text: string): NormalizationKind {
  if (!(normalizationKinds as readonly string[]).includes(text)) {
    throw new UsageError(`Unknown normalization '${text}' (known: ${normalizationKinds.join(', ')})`);
  }
  return text as NormalizationKind;
}

/** The hidden-layer shape of an existing network, so single flags can change just one aspect. */
function currentShape(project: Project): NetworkShape {
  const layers = project.network.layers;
  const dense = layers.filter((l) => l.type === 'dense');
  const act = layers.find((l) => l.type === 'activation' && l.activation !== 'softmax' && l.activation !== 'sigmoid');
  return {
    hidden: dense.slice(0, -1).map((l) => (l.type === 'dense' ? l.units : 0)),
    activation: act && act.type === 'activation' ? act.activation : DEFAULT_SHAPE.activation,
    weightInit: dense[0] && dense[0].type === 'dense' ? dense[0].weightInit : DEFAULT_SHAPE.weightInit,
  };
}

/**
 * Applies the flags to a project. Changing the network, its initializer, the loss or the data
 * drops saved weights and the fitted normalizer, since they no longer fit.
 */
export function applyFlags(base: Project, flags: TrainFlags, dataset: Dataset, datasetChanged: boolean): Project {
  const p: Project = structuredClone(base);
  let reshape = datasetChanged;
  const shape = currentShape(p);
  if (flags.hidden !== undefined) {
    shape.hidden = hiddenSizes(flags.hidden);
    reshape = true;
  }
  if (flags.activation !== undefined) {
    shape.activation = getActivation(flags.activation).name as ActivationName;
    reshape = true;
  }
  if (flags.init !== undefined) {
    shape.weightInit = parseInitializerConfig({ type: flags.init });
    reshape = true;
  }
  if (flags.loss !== undefined) {
    p.loss = parseLossConfig({ type: flags.loss });
    reshape = true;
  }
  if (reshape) {
    p.network = { layers: buildLayers(shape, dataset, p.loss) };
    delete p.weights;
    delete p.preprocessing.normalizer;
  }
  const lr = flags.lr !== undefined ? positiveNumber('lr', flags.lr) : p.optimizer.lr;
  if (flags.optimizer !== undefined) p.optimizer = parseOptimizerConfig({ type: flags.optimizer, lr });
  else p.optimizer = { ...p.optimizer, lr };
  if (flags.batch !== undefined) p.training.batchSize = positiveInt('batch', flags.batch);
  if (flags.epochs !== undefined) p.training.epochs = positiveInt('epochs', flags.epochs);
  if (flags.seed !== undefined) p.seed = positiveInt('seed', flags.seed, 0);
  if (flags.norm !== undefined) {
    p.preprocessing.normalization = normalization(flags.norm);
    delete p.preprocessing.normalizer;
  }
  return parseProject(p, 'the project with the given flags');
}
