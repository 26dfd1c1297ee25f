// What each kind of block is called, what a new one starts as, and how a block's settings map to
// the engine's layers. Layer blocks are the engine's layer registry; the input and output blocks
// are the canvas's ends, the output taking its units and activation from the loss's entry.

import { z } from 'zod';
import { ACTIVATIONS } from '../../../../shared/engine/activations';
import { LAYERS, layerKinds, newLayerConfig, type LayerConfig } from '../../../../shared/engine/layers/registry';
import { lossOutput, OUTPUT_ACTIVATIONS, outputUnits as lossOutputUnits, type OutputActivation } from '../../../../shared/engine/losses';
import { outputInit } from '../../../../shared/project/defaults';
import type { Block, BlockConfig, BlockKind, LayerBlockConfig, NetworkContext, OutputBlockConfig } from './graph';

export { OUTPUT_ACTIVATIONS, type OutputActivation };

/** Palette order: the order the layers usually appear in a chain. */
export const BLOCK_KINDS: readonly BlockKind[] = ['input', ...layerKinds(), 'output'];

export const BLOCK_LABELS: Readonly<Record<BlockKind, string>> = {
  input: 'Input',
  ...(Object.fromEntries(layerKinds().map((kind) => [kind, LAYERS[kind].label])) as Record<LayerConfig['type'], string>),
  output: 'Output',
};

/** The output block's settings: its dense layer's initializers and an activation some loss needs. */
export const outputBlockSchema = z.strictObject({
  kind: z.literal('output'),
  activation: z.enum(OUTPUT_ACTIVATIONS as [OutputActivation, ...OutputActivation[]]),
  ...LAYERS.dense.schema.pick({ weightInit: true, biasInit: true }).shape,
});

/** The output activation the loss needs; a classifier's softmax before there is a dataset. */
export function outputActivationFor(ctx: NetworkContext | null): OutputActivation {
  return lossOutput(ctx?.loss ?? 'cross-entropy');
}

/** The output's units: one per class or target, as the loss's rule for the dataset says. */
export function outputUnits(ctx: NetworkContext): number {
  return lossOutputUnits(ctx.loss, ctx.task, ctx.outputSize);
}

/** A layer block's engine layer; keys set to undefined are left out, so a round trip adds none. */
export function layerOfBlock(config: LayerBlockConfig): LayerConfig {
  const { kind, ...rest } = config;
  return { type: kind, ...definedOnly(rest) } as LayerConfig;
}

export function blockOfLayer(layer: LayerConfig): LayerBlockConfig {
  const { type, ...rest } = layer;
  return { kind: type, ...definedOnly(rest) } as LayerBlockConfig;
}

function definedOnly(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** The engine layers the output block stands for: its dense layer, then its activation unless linear. */
export function outputLayers(c: OutputBlockConfig, ctx: NetworkContext): LayerConfig[] {
  const dense: LayerConfig = { type: 'dense', units: outputUnits(ctx), weightInit: c.weightInit, biasInit: c.biasInit };
  return c.activation === 'linear' ? [dense] : [dense, { type: 'activation', activation: c.activation }];
}

/** A fresh block's settings: the engine's new layer; the output initialized for having no ReLU after it. */
export function defaultConfig(kind: BlockKind, ctx: NetworkContext | null): BlockConfig {
  if (kind === 'input') return { kind };
  if (kind === 'output') {
    const dense = newLayerConfig('dense');
    return { kind, activation: outputActivationFor(ctx), weightInit: outputInit(dense.weightInit), biasInit: dense.biasInit };
  }
  return blockOfLayer(newLayerConfig(kind));
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
      return ctx ? `Output, ${outputUnits(ctx)} units, ${label}` : `Output, ${label}`;
    }
  }
}
