import { describe, expect, it } from 'vitest';
import { layersOf } from '../../../renderer/src/model/network/chain';
import { parameterCount } from '../../../shared/engine/layers/registry';
import { TEMPLATES } from '../../../renderer/src/model/network/templates';
import { BINARY, FASHION, IRIS, REGRESSION } from './fixtures';

const template = (id: string) => TEMPLATES.find((t) => t.id === id)!;

describe('templates', () => {
  it('offers the lecture networks and an empty canvas', () => {
    expect(TEMPLATES.map((t) => t.name)).toEqual(['Lecture 784-256-10', 'Lecture 2-2-3 example', 'Empty canvas']);
  });

  it('builds the lecture 784-256-10 network for Fashion-MNIST', () => {
    const { layers, problems } = layersOf(template('fashion-784-256-10').build(FASHION), FASHION);
    expect(problems).toEqual([]);
    expect(layers).toEqual([
      { type: 'dense', units: 256, weightInit: { type: 'he-normal' }, biasInit: { type: 'zeros' } },
      { type: 'activation', activation: 'relu' },
      { type: 'dense', units: 10, weightInit: { type: 'xavier-normal' }, biasInit: { type: 'zeros' } },
      { type: 'activation', activation: 'softmax' },
    ]);
    expect(parameterCount(layers!, 784)).toBe(203_530);
  });

  it('builds the 2-2-3 example: 2 ReLU hidden units, 3 softmax outputs on Iris', () => {
    const { layers } = layersOf(template('lecture-2-2-3').build(IRIS), IRIS);
    expect(layers?.map((l) => (l.type === 'dense' ? `dense ${l.units}` : l.type === 'activation' ? l.activation : l.type)))
      .toEqual(['dense 2', 'relu', 'dense 3', 'softmax']);
    // 2*2 + 2 + 2*3 + 3
    expect(parameterCount(layers!, 2)).toBe(15);
  });

  it('gives a valid chain for every kind of dataset, the output following the loss', () => {
    for (const t of TEMPLATES) {
      for (const ctx of [FASHION, IRIS, BINARY, REGRESSION]) {
        const result = layersOf(t.build(ctx), ctx);
        expect(result.problems, `${t.id} on ${ctx.loss}`).toEqual([]);
      }
    }
    expect(layersOf(template('empty').build(REGRESSION), REGRESSION).layers).toEqual([
      { type: 'dense', units: 1, weightInit: { type: 'xavier-normal' }, biasInit: { type: 'zeros' } },
    ]);
  });
});
