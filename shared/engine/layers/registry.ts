// The layer kinds a network is made of, one registry entry each (layers/dense.ts and its
// neighbours): the config a project stores, and from it the width, size and cost of a chain.

import type { z } from 'zod';
import { registry, typedConfigs } from '../config';
import { ACTIVATION } from './activation';
import { BATCHNORM } from './batchnorm';
import { DENSE } from './dense';
import { DROPOUT } from './dropout';
import type { LayerContext, LayerSpec, Layer } from './layer';

const REGISTRY = registry('layer', { dense: DENSE, activation: ACTIVATION, batchnorm: BATCHNORM, dropout: DROPOUT });
const CONFIGS = typedConfigs('layer', REGISTRY);

export const LAYERS = REGISTRY.entries;
export const layerConfigSchema = CONFIGS.schema;
export type LayerConfig = z.output<typeof layerConfigSchema>;
export type LayerConfigInput = z.input<typeof layerConfigSchema>;
export type LayerKind = (typeof REGISTRY.names)[number];
export type LayerConfigOf<K extends LayerKind> = Extract<LayerConfig, { type: K }>;

export function layerKinds(): readonly LayerKind[] {
  return REGISTRY.names;
}

export const isLayerKind = REGISTRY.has;
export const parseLayerConfig: (input: unknown) => LayerConfig = CONFIGS.parse;
/** A new layer of a kind: the studio's starting values, then the schema's defaults. */
export const newLayerConfig: <K extends LayerKind>(kind: K) => LayerConfigOf<K> = CONFIGS.fresh as never;

// TypeScript cannot correlate config.type with its entry's config type; the schema does.
function spec(config: LayerConfig): LayerSpec<z.ZodObject> {
  return REGISTRY.get(config.type) as unknown as LayerSpec<z.ZodObject>;
}

export function buildLayer(config: LayerConfig, ctx: LayerContext): Layer {
  return spec(config).build(config, ctx);
}

export function layerOutSize(config: LayerConfig, inSize: number): number {
  return spec(config).outSize(config, inSize);
}

/** Width after each layer of a chain fed `inputSize` values. */
export function layerSizes(layers: readonly LayerConfig[], inputSize: number): number[] {
  let size = inputSize;
  return layers.map((l) => (size = layerOutSize(l, size)));
}

function total(layers: readonly LayerConfig[], inputSize: number, count: (s: LayerSpec<z.ZodObject>, l: LayerConfig, inSize: number) => number): number {
  let size = inputSize;
  let sum = 0;
  for (const l of layers) {
    sum += count(spec(l), l, size);
    size = layerOutSize(l, size);
  }
  return sum;
}

/** Trained values of a chain: what `Network.parameterCount` will be once it is built. */
export function parameterCount(layers: readonly LayerConfig[], inputSize: number): number {
  return total(layers, inputSize, (s, l, inSize) => s.parameters(l, inSize));
}

/** FLOPs of one sample's inference forward pass through a chain. */
export function flopsPerSample(layers: readonly LayerConfig[], inputSize: number): number {
  return total(layers, inputSize, (s, l, inSize) => s.flops(l, inSize));
}
