// The network as the canvas holds it: blocks at positions, joined by links. The engine trains a
// chain of layers (shared/engine/layers/registry.ts); layersOf (chain.ts) walks input -> ... ->
// output and turns the blocks on that path into the project's layers, and says which block is at
// fault when it cannot. The graph is saved in the project's `canvas` so a half-built network survives.

import type { LayerConfig, LayerKind } from '../../../../shared/engine/layers/registry';
import type { LossName, OutputActivation } from '../../../../shared/engine/losses';

/**
 * A layer block's settings: exactly the engine's config of that layer kind, with its `type`
 * called `kind` (the name the saved canvas uses).
 */
export type LayerBlockConfig = {
  [K in LayerKind]: { kind: K } & Omit<Extract<LayerConfig, { type: K }>, 'type'>;
}[LayerKind];

type DenseConfig = Extract<LayerConfig, { type: 'dense' }>;

/** A dense layer sized by the dataset and loss, then the activation the loss needs (none for linear). */
export type OutputBlockConfig = { kind: 'output'; activation: OutputActivation } & Pick<DenseConfig, 'weightInit' | 'biasInit'>;

/** The settings of each kind of block (the input's size and the output's units come from the dataset). */
export type BlockConfig = { kind: 'input' } | LayerBlockConfig | OutputBlockConfig;

export type BlockKind = BlockConfig['kind'];

export interface Block {
  /** Stable across edits and saves: 'b1', 'b2', ... */
  id: string;
  config: BlockConfig;
  position: { x: number; y: number };
}

export interface Link {
  id: string;
  /** Block ids: data flows from `from` to `to`. */
  from: string;
  to: string;
}

export interface NetworkGraph {
  blocks: Block[];
  links: Link[];
}

/** What the dataset and loss fix about the network's ends. */
export interface NetworkContext {
  inputSize: number;
  /** Classes (classification) or targets (regression). */
  outputSize: number;
  task: 'classification' | 'regression';
  loss: LossName;
}

/** A problem shown on the block at fault (or on the canvas when blockId is null). */
export interface GraphProblem {
  blockId: string | null;
  message: string;
}
