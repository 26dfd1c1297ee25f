// From the engine to the canvas: lays a project's chain of layers out as a column of blocks.
//
// The trailing dense (+ the activation a loss needs, or + a linear activation, which the output
// block leaves out) becomes the output block; its units are not kept, because the output's width
// always follows the dataset. Layers that do not end in a dense layer get no output block: every
// layer stays a block of its own, and layersOf reports the missing output rather than guessing one.

import type { LayerConfig } from '../../../../shared/engine/layers/registry';
import { OUTPUT_ACTIVATIONS, type OutputActivation } from '../../../../shared/engine/losses';
import { blockOfLayer } from './blocks';
import type { Block, BlockConfig, Link, NetworkGraph } from './graph';

/** Vertical distance between blocks in a laid-out column (canvas pixels). */
export const ROW_HEIGHT = 120;

export function graphFromLayers(layers: readonly LayerConfig[]): NetworkGraph {
  const tail = outputTail(layers);
  const body = layers.slice(0, layers.length - (tail?.take ?? 0));
  const configs: BlockConfig[] = [{ kind: 'input' }, ...body.map(blockOfLayer)];
  if (tail) configs.push(tail.config);
  return column(configs);
}

/** Blocks b1..bn one under the other, each linked to the next. */
export function column(configs: readonly BlockConfig[]): NetworkGraph {
  const blocks: Block[] = configs.map((config, i) => ({
    id: `b${i + 1}`,
    config,
    position: { x: 0, y: i * ROW_HEIGHT },
  }));
  const links: Link[] = blocks.slice(1).map((b, i) => ({ id: `l${i + 1}`, from: blocks[i].id, to: b.id }));
  return { blocks, links };
}

type DenseLayer = Extract<LayerConfig, { type: 'dense' }>;

const isOutputActivation = (a: string): a is OutputActivation => (OUTPUT_ACTIVATIONS as readonly string[]).includes(a);

function outputTail(layers: readonly LayerConfig[]): { take: number; config: BlockConfig } | null {
  const last = layers[layers.length - 1];
  const before = layers[layers.length - 2];
  if (last?.type === 'dense') return { take: 1, config: outputOf(last, 'linear') };
  if (last?.type === 'activation' && before?.type === 'dense' && isOutputActivation(last.activation)) {
    return { take: 2, config: outputOf(before, last.activation) };
  }
  return null;
}

function outputOf(dense: DenseLayer, activation: OutputActivation): BlockConfig {
  return { kind: 'output', activation, weightInit: dense.weightInit, biasInit: dense.biasInit };
}
