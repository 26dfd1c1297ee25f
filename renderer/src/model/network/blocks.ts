// What each kind of block is called, what a new one starts as, and what the dataset and loss make
// of the output block. Mirrors shared/project/defaults.ts (buildLayers) so a network drawn here
// trains exactly like one the studio builds for a new project.

import { ACTIVATIONS } from '../../../../shared/engine/activations';
import type { Block, BlockConfig, BlockKind, NetworkContext } from './graph';

export type OutputActivation = 'softmax' | 'sigmoid' | 'linear';

/** Palette order: the order the layers usually appear in a chain. */
export const BLOCK_KINDS: readonly BlockKind[] = ['input', 'dense', 'activation', 'batchnorm', 'dropout', 'output'];

export const BLOCK_LABELS: Readonly<Record<BlockKind, string>> = {
  input: 'Input',
  dense: 'Dense',
  activation: 'Activation',
  batchnorm: 'Batch norm',
  dropout: 'Dropout',
  output: 'Output',
};

export const OUTPUT_ACTIVATIONS: readonly OutputActivation[] = ['softmax', 'sigmoid', 'linear'];

/** The output activation the loss is fused with (softmax for CE, sigmoid for BCE), else linear. */
export function outputActivationFor(ctx: NetworkContext | null): OutputActivation {
  if (!ctx || ctx.loss === 'cross-entropy') return 'softmax';
  if (ctx.loss === 'binary-cross-entropy') return 'sigmoid';
  return 'linear';
}

/** One sigmoid unit for a two-class BCE problem (as buildLayers does), else one unit per class or target. */
export function outputUnits(activation: OutputActivation, ctx: NetworkContext): number {
  return activation === 'sigmoid' && ctx.loss === 'binary-cross-entropy' && ctx.outputSize === 2 ? 1 : ctx.outputSize;
}

/** A fresh block's settings: the studio's defaults (ReLU, He normal for hidden, Xavier for the output). */
export function defaultConfig(kind: BlockKind, ctx: NetworkContext | null): BlockConfig {
  switch (kind) {
    case 'input':
      return { kind };
    case 'dense':
      return { kind, units: 32, weightInit: { type: 'he-normal' }, biasInit: { type: 'zeros' } };
    case 'activation':
      return { kind, activation: 'relu' };
    case 'batchnorm':
      return { kind, momentum: 0.1, eps: 1e-5 };
    case 'dropout':
      return { kind, rate: 0.5 };
    case 'output':
      return {
        kind,
        activation: outputActivationFor(ctx),
        weightInit: { type: 'xavier-normal' },
        biasInit: { type: 'zeros' },
      };
  }
}

/** A short line for the block on the canvas and its accessible name, e.g. 'Dense, 256 units'. */
export function describeBlock(block: Block, ctx: NetworkContext | null): string {
  const c = block.config;
  switch (c.kind) {
    case 'input':
      return ctx ? `Input, ${ctx.inputSize} features` : 'Input';
    case 'dense':
      return `Dense, ${c.units} units`;
    case 'activation':
      return `Activation, ${ACTIVATIONS[c.activation]?.label ?? c.activation}`;
    case 'batchnorm':
      return 'Batch norm';
    case 'dropout':
      return `Dropout, rate ${c.rate}`;
    case 'output': {
      const label = ACTIVATIONS[c.activation].label;
      return ctx ? `Output, ${outputUnits(c.activation, ctx)} units, ${label}` : `Output, ${label}`;
    }
  }
}
