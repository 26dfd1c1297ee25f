// The canvas and the command line judge a network the same way: the same chain, built on the
// canvas and written as a project's layers, is accepted or refused alike (and in the same words)
// by layersOf and by the engine's validateModel / prepareRun, for every loss and output activation.

import { describe, expect, it } from 'vitest';
import { loadBuiltinDataset } from '../../../shared/engine/datasets/builtin';
import { lossNames, OUTPUT_ACTIVATIONS, outputUnits, parseLossConfig } from '../../../shared/engine/losses';
import type { LayerConfig } from '../../../shared/engine/network';
import { validateModel } from '../../../shared/engine/validate';
import { defaultProject } from '../../../shared/project/defaults';
import { prepareRun } from '../../../shared/project/prepare';
import { layersOf } from '../../../renderer/src/model/network/chain';
import type { NetworkContext } from '../../../renderer/src/model/network/graph';
import { INPUT, RELU, dense, graph, softmaxOutput } from './fixtures';

// Three classes, two classes (where binary cross-entropy may use one sigmoid unit) and a regression.
const DATASETS = [
  { name: 'iris', params: {} },
  { name: 'xor', params: { n: 40 } },
  { name: 'regression-1d', params: { n: 40 } },
].map(({ name, params }) => ({ ref: { source: 'builtin' as const, name, params }, dataset: loadBuiltinDataset(name, params) }));

const cases = DATASETS.flatMap((d) => lossNames().flatMap((loss) => OUTPUT_ACTIVATIONS.map((activation) => ({ ...d, loss, activation }))));

describe('the canvas check and the engine agree', () => {
  it.each(cases.map((c) => [c.dataset.name, c.loss, c.activation, c] as const))('%s, %s, %s output', (_d, _l, _a, c) => {
    const { dataset, ref, loss, activation } = c;
    const ctx: NetworkContext = { inputSize: dataset.numFeatures, outputSize: dataset.targetSize, task: dataset.task, loss };

    // On the canvas: input -> dense 4 -> ReLU -> output with this activation.
    const canvas = layersOf(graph([INPUT, dense(4), RELU, { ...softmaxOutput, activation }], [[1, 2], [2, 3], [3, 4]]), ctx);

    // The same chain as a project's layers, through the command line's path.
    const layers: LayerConfig[] = [
      { type: 'dense', units: 4, weightInit: { type: 'he-normal' }, biasInit: { type: 'zeros' } },
      { type: 'activation', activation: 'relu' },
      { type: 'dense', units: outputUnits(loss, dataset.task, dataset.targetSize), weightInit: { type: 'xavier-normal' }, biasInit: { type: 'zeros' } },
      ...(activation === 'linear' ? [] : [{ type: 'activation' as const, activation }]),
    ];
    const project = { ...defaultProject(ref, dataset, { loss: parseLossConfig(loss) }), network: { layers } };
    const errors = validateModel(layers, project.loss, { inputSize: dataset.numFeatures, task: dataset.task, targetSize: dataset.targetSize }).filter(
      (i) => i.severity === 'error',
    );
    let refused: string | null = null;
    try {
      prepareRun(project, dataset);
    } catch (e) {
      refused = (e as Error).message;
    }

    const accepted = canvas.problems.length === 0;
    expect(refused === null, `prepareRun: ${refused}`).toBe(accepted);
    expect(errors.length === 0).toBe(accepted);
    if (accepted) expect(canvas.layers).toEqual(layers);
    // The canvas words each engine error as the engine does, on the block that holds the layer.
    expect(canvas.problems.map((p) => p.message)).toEqual(errors.map((i) => `${i.message}.`));
    for (const p of canvas.problems) expect(p.blockId).toBe('b4');
  });

  it('accepts exactly the output each loss needs (and no classification loss on a regression)', () => {
    const verdicts = cases.map(({ dataset, loss, activation }) => {
      const ctx: NetworkContext = { inputSize: dataset.numFeatures, outputSize: dataset.targetSize, task: dataset.task, loss };
      const ok = layersOf(graph([INPUT, { ...softmaxOutput, activation }], [[1, 2]]), ctx).problems.length === 0;
      return ok ? `${dataset.name} ${loss} ${activation}` : null;
    });
    expect(verdicts.filter(Boolean)).toEqual([
      'iris cross-entropy softmax',
      'iris binary-cross-entropy sigmoid',
      'iris mse linear',
      'iris mae linear',
      'iris huber linear',
      'xor cross-entropy softmax',
      'xor binary-cross-entropy sigmoid',
      'xor mse linear',
      'xor mae linear',
      'xor huber linear',
      'regression-1d mse linear',
      'regression-1d mae linear',
      'regression-1d huber linear',
    ]);
  });
});
