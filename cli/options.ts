// The `train` flags, parsed into typed overrides of a project.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ACTIVATIONS, activationNames, getActivation, type ActivationName } from '../shared/engine/activations';
import { normalizationKinds, type NormalizationKind } from '../shared/engine/data/normalize';
import { INITIALIZERS, initializerNames, parseInitializerConfig } from '../shared/engine/initializers';
import { LOSSES, lossNames, parseLossConfig } from '../shared/engine/losses';
import { OPTIMIZERS, optimizerNames, parseOptimizerConfig } from '../shared/engine/optimizers';
import type { ProjectOverrides } from '../shared/project/overrides';
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
  label: { type: 'string' },
  missing: { type: 'string' },
  'test-split': { type: 'string' },
  kernel: { type: 'string' },
  threads: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const named = <T extends string>(names: readonly T[], entries: { readonly [K in T]: { readonly label: string } }) =>
  names.map((name) => `${name} (${entries[name].label})`).join(', ');

/** What each NAME flag takes, with the registries' labels, for the usage text. */
export const NAMES_USAGE = `  --activation: ${named(activationNames(), ACTIVATIONS)}
  --init: ${named(initializerNames(), INITIALIZERS)}
  --optimizer: ${named(optimizerNames(), OPTIMIZERS)}
  --loss: ${named(lossNames(), LOSSES)}`;

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
    throw new UsageError((e as Error).message.split('\n')[0].split('. To specify')[0]);
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

export function fraction(flag: string, text: string): number {
  const v = Number(text);
  if (text.trim() === '' || !(v >= 0 && v < 1)) throw new UsageError(`--${flag} must be a fraction in [0, 1), got '${text}'`);
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

/** The flags as typed overrides; each value is checked and an unknown name is refused. */
export function overridesFromFlags(flags: TrainFlags): ProjectOverrides {
  const o: ProjectOverrides = {};
  if (flags.hidden !== undefined) o.hidden = hiddenSizes(flags.hidden);
  if (flags.activation !== undefined) o.activation = getActivation(flags.activation).name as ActivationName;
  if (flags.init !== undefined) o.weightInit = parseInitializerConfig({ type: flags.init });
  if (flags.loss !== undefined) o.loss = parseLossConfig({ type: flags.loss });
  if (flags.optimizer !== undefined) o.optimizer = parseOptimizerConfig({ type: flags.optimizer }).type;
  if (flags.lr !== undefined) o.lr = positiveNumber('lr', flags.lr);
  if (flags.batch !== undefined) o.batchSize = positiveInt('batch', flags.batch);
  if (flags.epochs !== undefined) o.epochs = positiveInt('epochs', flags.epochs);
  if (flags.seed !== undefined) o.seed = positiveInt('seed', flags.seed, 0);
  if (flags.norm !== undefined) o.normalization = normalization(flags.norm);
  if (flags['test-split'] !== undefined) o.testSplit = fraction('test-split', flags['test-split']);
  return o;
}
