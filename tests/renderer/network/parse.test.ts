import { describe, expect, it } from 'vitest';
import { graphFromCanvas } from '../../../renderer/src/model/network/parse';

describe('graphFromCanvas', () => {
  it('keeps valid blocks (out-of-range values too) and fills initializer defaults', () => {
    const { graph, dropped } = graphFromCanvas({
      blocks: [
        { id: 'b1', config: { kind: 'input' }, position: { x: 0, y: 0 } },
        { id: 'b2', config: { kind: 'dense', units: 0, weightInit: { type: 'normal' }, biasInit: { type: 'zeros' } }, position: { x: 0, y: 1 } },
      ],
      links: [{ id: 'l1', from: 'b1', to: 'b2' }],
    });
    expect(dropped).toEqual([]);
    expect(graph.blocks[1].config).toEqual({
      kind: 'dense',
      units: 0,
      weightInit: { type: 'normal', mean: 0, std: 0.05 },
      biasInit: { type: 'zeros' },
    });
    expect(graph.links).toEqual([{ id: 'l1', from: 'b1', to: 'b2' }]);
  });

  it('leaves out unknown kinds, bad activations, repeated ids, and links to what was left out', () => {
    const { graph, dropped } = graphFromCanvas({
      blocks: [
        { id: 'b1', config: { kind: 'input' }, position: { x: 0, y: 0 } },
        { id: 'b2', config: { kind: 'conv' }, position: { x: 0, y: 0 } },
        { id: 'b3', config: { kind: 'activation', activation: 'gelu' }, position: { x: 0, y: 0 } },
        { id: 'b1', config: { kind: 'dropout', rate: 0.1 }, position: { x: 0, y: 0 } },
      ],
      links: [
        { id: 'l1', from: 'b1', to: 'b2' },
        { id: 'l2', from: 'b1', to: 'b3' },
      ],
    });
    expect(graph.blocks.map((b) => b.id)).toEqual(['b1']);
    expect(graph.links).toEqual([]);
    expect(dropped).toHaveLength(3);
    expect(dropped[2]).toBe('Block b1 appears twice; the second was left out.');
  });
});
