// graphFromLayers then layersOf gives back the project's layers, for every shipped sample.

import { describe, expect, it } from 'vitest';
import ex1 from '../../../shared/project/samples/example-1-forward-pass.json';
import ex2 from '../../../shared/project/samples/example-2-dying-relu.json';
import ex3 from '../../../shared/project/samples/example-3-zero-init-linear-regression.json';
import ex4 from '../../../shared/project/samples/example-4-zero-init-logistic-regression.json';
import ex5 from '../../../shared/project/samples/example-5-zero-init-softmax-regression.json';
import ex6 from '../../../shared/project/samples/example-6-zero-init-mlp.json';
import type { LayerConfig } from '../../../shared/engine/network';
import { graphFromLayers, layersOf } from '../../../renderer/src/model/network/chain';
import type { NetworkContext } from '../../../renderer/src/model/network/graph';

interface Sample {
  network: { layers: unknown[] };
  loss: { type: string };
  dataset: { task: string; featureNames: string[]; classNames?: string[]; train: { targets?: number[][] } };
}

function contextOf(sample: Sample): NetworkContext {
  const d = sample.dataset;
  return {
    inputSize: d.featureNames.length,
    outputSize: d.task === 'classification' ? d.classNames!.length : d.train.targets![0].length,
    task: d.task as NetworkContext['task'],
    loss: sample.loss.type as NetworkContext['loss'],
  };
}

const samples = { ex1, ex2, ex3, ex4, ex5, ex6 } as Record<string, Sample>;

describe('graphFromLayers round trip', () => {
  for (const [name, sample] of Object.entries(samples)) {
    it(`gives back the layers of ${name}`, () => {
      const layers = sample.network.layers as LayerConfig[];
      const result = layersOf(graphFromLayers(layers), contextOf(sample));
      expect(result.problems).toEqual([]);
      expect(result.layers).toEqual(layers);
    });
  }

  it('lays the blocks out as a linked column with the output last', () => {
    const g = graphFromLayers(ex1.network.layers as LayerConfig[]);
    expect(g.blocks.map((b) => [b.id, b.config.kind, b.position.y])).toEqual([
      ['b1', 'input', 0],
      ['b2', 'dense', 120],
      ['b3', 'activation', 240],
      ['b4', 'output', 360],
    ]);
    expect(g.links.map((l) => [l.from, l.to])).toEqual([['b1', 'b2'], ['b2', 'b3'], ['b3', 'b4']]);
  });

  it('leaves the output missing when the layers do not end in a dense layer', () => {
    const layers: LayerConfig[] = [
      { type: 'dense', units: 4, weightInit: { type: 'he-normal' }, biasInit: { type: 'zeros' } },
      { type: 'activation', activation: 'tanh' },
    ];
    const g = graphFromLayers(layers);
    expect(g.blocks.map((b) => b.config.kind)).toEqual(['input', 'dense', 'activation']);
    const ctx: NetworkContext = { inputSize: 2, outputSize: 1, task: 'regression', loss: 'mse' };
    expect(layersOf(g, ctx).problems).toEqual([
      { blockId: null, message: 'No output block: add one from the palette.' },
      { blockId: 'b3', message: 'Broken chain: link Activation (b3) to the next block.' },
    ]);
  });
});
