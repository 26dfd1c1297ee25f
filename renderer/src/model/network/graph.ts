// The network as the canvas holds it: blocks at positions, joined by links. The engine trains a
// chain of layers (shared/engine/network.ts); layersOf (chain.ts) walks input -> ... -> output and
// turns the blocks on that path into the project's layers, and says which block is at fault
// when it cannot. The graph is saved in the project's `canvas` so a half-built network survives.

import type { ActivationName } from '../../../../shared/engine/activations';
import type { InitializerConfig } from '../../../../shared/engine/initializers';

export type BlockKind = 'input' | 'dense' | 'activation' | 'batchnorm' | 'dropout' | 'output';

/** The settings of each kind of block (the input's size and the output's units come from the dataset). */
export type BlockConfig =
  | { kind: 'input' }
  | { kind: 'dense'; units: number; weightInit: InitializerConfig; biasInit: InitializerConfig }
  | { kind: 'activation'; activation: ActivationName; slope?: number; alpha?: number; lambda?: number }
  | { kind: 'batchnorm'; momentum: number; eps: number }
  | { kind: 'dropout'; rate: number }
  /** A dense layer with one unit per class (or target), then the activation the loss expects. */
  | { kind: 'output'; activation: 'softmax' | 'sigmoid' | 'linear'; weightInit: InitializerConfig; biasInit: InitializerConfig };

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
  loss: 'cross-entropy' | 'binary-cross-entropy' | 'mse' | 'mae' | 'huber';
}

/** A problem shown on the block at fault (or on the canvas when blockId is null). */
export interface GraphProblem {
  blockId: string | null;
  message: string;
}
