import { describe, expect, it } from 'vitest';
import { layersOf } from '../../../renderer/src/model/network/chain';
import {
  addBlock,
  connect,
  disconnect,
  moveBlock,
  moveInChain,
  nextId,
  removeBlocks,
  updateConfig,
} from '../../../renderer/src/model/network/edit';
import { INPUT, IRIS, RELU, dense, graph, order, softmaxOutput } from './fixtures';

const DROPOUT = { kind: 'dropout' as const, rate: 0.5 };
const chain4 = () => graph([INPUT, dense(8), RELU, softmaxOutput], [[1, 2], [2, 3], [3, 4]]);

describe('graph edits', () => {
  it('numbers new ids above the highest in use', () => {
    const g = { blocks: [...chain4().blocks, { id: 'b9', config: RELU, position: { x: 0, y: 0 } }], links: [] };
    expect(nextId(g)).toBe('b10');
    expect(nextId(chain4(), 'l')).toBe('l4');
    expect(nextId({ blocks: [], links: [] })).toBe('b1');
  });

  it('never changes the graph it is given', () => {
    const g = chain4();
    const before = JSON.stringify(g);
    addBlock(g, DROPOUT, { intoChain: true });
    removeBlocks(g, ['b2']);
    connect(g, 'b1', 'b3');
    moveInChain(g, 'b2', 1);
    updateConfig(g, 'b2', { units: 3 });
    moveBlock(g, 'b2', { x: 5, y: 5 });
    expect(JSON.stringify(g)).toBe(before);
  });

  it('adds a block into the chain just before the output and pushes the output down', () => {
    const g = addBlock(chain4(), DROPOUT, { intoChain: true });
    expect(order(g)).toEqual(['b1', 'b2', 'b3', 'b5', 'b4']);
    expect(g.blocks.find((b) => b.id === 'b5')?.position).toEqual({ x: 0, y: 300 });
    expect(g.blocks.find((b) => b.id === 'b4')?.position.y).toBeGreaterThan(300);
    expect(layersOf(g, IRIS).layers?.map((l) => l.type)).toEqual(['dense', 'activation', 'dropout', 'dense', 'activation']);
  });

  it('adds a block at the end of a chain with no output yet, closing the gap to a lone output', () => {
    const open = graph([INPUT, dense(4), softmaxOutput], [[1, 2]]);
    const g = addBlock(open, RELU, { intoChain: true });
    expect(order(g)).toEqual(['b1', 'b2', 'b4', 'b3']);
    expect(layersOf(g, IRIS).problems).toEqual([]);
  });

  it('adds an output after the last block, and a dropped block unlinked where it was dropped', () => {
    const g = addBlock(graph([INPUT, dense(4)], [[1, 2]]), softmaxOutput, { intoChain: true });
    expect(order(g)).toEqual(['b1', 'b2', 'b3']);
    const dropped = addBlock(chain4(), DROPOUT, { position: { x: 40, y: 50 } });
    expect(dropped.links).toEqual(chain4().links);
    expect(dropped.blocks.at(-1)).toEqual({ id: 'b5', config: DROPOUT, position: { x: 40, y: 50 } });
  });

  it('links a new input to the lone chain head', () => {
    const g = addBlock(graph([dense(4), softmaxOutput], [[1, 2]]), INPUT, { intoChain: true });
    expect(order(g, 'b3')).toEqual(['b3', 'b1', 'b2']);
  });

  it('re-links the neighbours of removed blocks, also across a run of them', () => {
    const one = removeBlocks(chain4(), ['b2']);
    expect(one.blocks.map((b) => b.id)).toEqual(['b1', 'b3', 'b4']);
    expect(order(one)).toEqual(['b1', 'b3', 'b4']);
    const run = removeBlocks(chain4(), ['b3', 'b2']);
    expect(order(run)).toEqual(['b1', 'b4']);
    expect(run.links).toHaveLength(1);
    // New links never reuse an id the graph had.
    expect(run.links[0].id).toBe('l4');
  });

  it('removes the ends of a chain without inventing links', () => {
    const g = removeBlocks(chain4(), ['b4']);
    expect(g.links.map((l) => [l.from, l.to])).toEqual([['b1', 'b2'], ['b2', 'b3']]);
    const same = chain4();
    expect(removeBlocks(same, ['nope'])).toBe(same);
  });

  it('connect replaces the outgoing link of `from` and the incoming link of `to`', () => {
    const g = connect(chain4(), 'b1', 'b3');
    expect(g.links.map((l) => [l.from, l.to])).toEqual([['b3', 'b4'], ['b1', 'b3']]);
    // b2 is now off the chain, and says so.
    expect(layersOf(g, IRIS).problems.map((p) => p.blockId)).toEqual(['b2']);
  });

  it('connect refuses self-links, links into an input, out of an output, and repeats', () => {
    const g = chain4();
    expect(connect(g, 'b2', 'b2')).toBe(g);
    expect(connect(g, 'b2', 'b1')).toBe(g);
    expect(connect(g, 'b4', 'b2')).toBe(g);
    expect(connect(g, 'b2', 'b3')).toBe(g);
    expect(connect(g, 'b2', 'missing')).toBe(g);
  });

  it('disconnects by link id', () => {
    const g = disconnect(chain4(), 'l2');
    expect(g.links.map((l) => l.id)).toEqual(['l1', 'l3']);
    expect(disconnect(g, 'l2')).toBe(g);
  });

  it('moves a block in its chain, swapping positions, but never past the input or output', () => {
    const g = graph([INPUT, dense(8), RELU, DROPOUT, softmaxOutput], [[1, 2], [2, 3], [3, 4], [4, 5]]);
    const down = moveInChain(g, 'b2', 1);
    expect(order(down)).toEqual(['b1', 'b3', 'b2', 'b4', 'b5']);
    expect(down.blocks.find((b) => b.id === 'b2')?.position).toEqual({ x: 0, y: 200 });
    expect(down.blocks.find((b) => b.id === 'b3')?.position).toEqual({ x: 0, y: 100 });
    expect(order(moveInChain(down, 'b2', -1))).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
    expect(order(moveInChain(g, 'b4', -1))).toEqual(['b1', 'b2', 'b4', 'b3', 'b5']);
    expect(moveInChain(g, 'b2', -1)).toBe(g);
    expect(moveInChain(g, 'b4', 1)).toBe(g);
    expect(moveInChain(g, 'b1', 1)).toBe(g);
  });

  it('moves a block within a chain that has no input yet', () => {
    const g = graph([dense(8), RELU, DROPOUT], [[1, 2], [2, 3]]);
    expect(order(moveInChain(g, 'b3', -1))).toEqual(['b1', 'b3', 'b2']);
  });

  it('updates settings, removing those set to undefined, and moves blocks', () => {
    const elu = graph([INPUT, { kind: 'activation', activation: 'elu', alpha: 0.3 }], [[1, 2]]);
    const g = updateConfig(elu, 'b2', { activation: 'relu', alpha: undefined });
    expect(g.blocks[1].config).toEqual({ kind: 'activation', activation: 'relu' });
    expect('alpha' in g.blocks[1].config).toBe(false);
    expect(moveBlock(g, 'b2', { x: 7, y: 8 }).blocks[1].position).toEqual({ x: 7, y: 8 });
    expect(moveBlock(g, 'b2', { x: 0, y: 100 })).toBe(g);
  });
});
