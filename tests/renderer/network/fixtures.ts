// Small graphs and contexts shared by the network builder's tests.

import type { BlockConfig, NetworkContext, NetworkGraph } from '../../../renderer/src/model/network/graph';

export const FASHION: NetworkContext = { inputSize: 784, outputSize: 10, task: 'classification', loss: 'cross-entropy' };
export const IRIS: NetworkContext = { inputSize: 2, outputSize: 3, task: 'classification', loss: 'cross-entropy' };
export const BINARY: NetworkContext = { inputSize: 2, outputSize: 2, task: 'classification', loss: 'binary-cross-entropy' };
export const REGRESSION: NetworkContext = { inputSize: 1, outputSize: 1, task: 'regression', loss: 'mse' };

export const INPUT: BlockConfig = { kind: 'input' };
export const dense = (units: number): BlockConfig => ({
  kind: 'dense',
  units,
  weightInit: { type: 'he-normal' },
  biasInit: { type: 'zeros' },
});
export const RELU: BlockConfig = { kind: 'activation', activation: 'relu' };
export const softmaxOutput: Extract<BlockConfig, { kind: 'output' }> = {
  kind: 'output',
  activation: 'softmax',
  weightInit: { type: 'xavier-normal' },
  biasInit: { type: 'zeros' },
};

/** Blocks b1..bn at (0, 100 i); links given as [from, to] pairs, ids l1..lm. */
export function graph(configs: BlockConfig[], links: [number, number][]): NetworkGraph {
  return {
    blocks: configs.map((config, i) => ({ id: `b${i + 1}`, config, position: { x: 0, y: 100 * i } })),
    links: links.map(([from, to], i) => ({ id: `l${i + 1}`, from: `b${from}`, to: `b${to}` })),
  };
}

/** Block ids in link order from `start`, following the (single) outgoing link. */
export function order(g: NetworkGraph, start = 'b1'): string[] {
  const path = [start];
  for (let next = g.links.find((l) => l.from === start); next; next = g.links.find((l) => l.from === next!.to)) {
    if (path.includes(next.to)) break;
    path.push(next.to);
  }
  return path;
}
