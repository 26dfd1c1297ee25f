import { describe, expect, it } from 'vitest';
import { layersOf } from '../../../renderer/src/model/network/chain';
import type { GraphProblem } from '../../../renderer/src/model/network/graph';
import { BINARY, FASHION, INPUT, IRIS, REGRESSION, RELU, dense, graph, softmaxOutput } from './fixtures';

const on = (problems: GraphProblem[], id: string | null) => problems.filter((p) => p.blockId === id).map((p) => p.message);

describe('layersOf', () => {
  it('turns input -> dense -> relu -> output into the engine layers, with the output sized by the dataset', () => {
    const g = graph([INPUT, dense(256), RELU, softmaxOutput], [[1, 2], [2, 3], [3, 4]]);
    const result = layersOf(g, FASHION);
    expect(result.problems).toEqual([]);
    expect(result.path).toEqual(['b1', 'b2', 'b3', 'b4']);
    expect(result.sizes).toEqual({ b1: 784, b2: 256, b3: 256, b4: 10 });
    expect(result.layers).toEqual([
      { type: 'dense', units: 256, weightInit: { type: 'he-normal' }, biasInit: { type: 'zeros' } },
      { type: 'activation', activation: 'relu' },
      { type: 'dense', units: 10, weightInit: { type: 'xavier-normal' }, biasInit: { type: 'zeros' } },
      { type: 'activation', activation: 'softmax' },
    ]);
  });

  it('follows links, not the order of the blocks array', () => {
    const g = graph([RELU, softmaxOutput, dense(4), INPUT], [[4, 3], [3, 1], [1, 2]]);
    expect(layersOf(g, IRIS).layers?.map((l) => l.type)).toEqual(['dense', 'activation', 'dense', 'activation']);
  });

  it('gives one sigmoid unit for two-class binary cross-entropy and a bare linear dense for regression', () => {
    const sigmoid = { ...softmaxOutput, activation: 'sigmoid' as const };
    expect(layersOf(graph([INPUT, sigmoid], [[1, 2]]), BINARY).layers).toEqual([
      { type: 'dense', units: 1, weightInit: { type: 'xavier-normal' }, biasInit: { type: 'zeros' } },
      { type: 'activation', activation: 'sigmoid' },
    ]);
    const multiLabel = { ...BINARY, outputSize: 4 };
    expect(layersOf(graph([INPUT, sigmoid], [[1, 2]]), multiLabel).layers?.[0]).toMatchObject({ units: 4 });
    const linear = { ...softmaxOutput, activation: 'linear' as const };
    expect(layersOf(graph([INPUT, linear], [[1, 2]]), { ...REGRESSION, outputSize: 3 }).layers).toEqual([
      { type: 'dense', units: 3, weightInit: { type: 'xavier-normal' }, biasInit: { type: 'zeros' } },
    ]);
  });

  it('keeps activation constants that are set and omits those that are not', () => {
    const elu = { kind: 'activation' as const, activation: 'elu' as const, alpha: 0.5 };
    const layers = layersOf(graph([INPUT, dense(3), elu, softmaxOutput], [[1, 2], [2, 3], [3, 4]]), IRIS).layers!;
    expect(layers[1]).toEqual({ type: 'activation', activation: 'elu', alpha: 0.5 });
  });

  it('reports a missing input or output on the canvas', () => {
    const noInput = layersOf(graph([dense(2), softmaxOutput], [[1, 2]]), IRIS);
    expect(noInput.layers).toBeNull();
    expect(on(noInput.problems, null)).toEqual(['No input block: add one from the palette.']);
    const noOutput = layersOf(graph([INPUT, dense(2)], [[1, 2]]), IRIS);
    expect(on(noOutput.problems, null)).toEqual(['No output block: add one from the palette.']);
    // ... and the chain ends on the dense block, which is where it needs a link.
    expect(on(noOutput.problems, 'b2')).toEqual(['Broken chain: link Dense (b2) to the next block.']);
  });

  it('puts several inputs or outputs on each of them', () => {
    const g = graph([INPUT, INPUT, softmaxOutput, softmaxOutput], [[1, 3]]);
    const { problems } = layersOf(g, IRIS);
    for (const id of ['b1', 'b2']) expect(on(problems, id)).toContain('Several input blocks: a network has exactly one.');
    for (const id of ['b3', 'b4']) expect(on(problems, id)).toContain('Several output blocks: a network has exactly one.');
  });

  it('names the block where the chain breaks', () => {
    const g = graph([INPUT, dense(8), RELU, softmaxOutput], [[1, 2], [3, 4]]);
    const { layers, problems } = layersOf(g, IRIS);
    expect(layers).toBeNull();
    expect(on(problems, 'b2')).toEqual(['Broken chain: link Dense (b2) to the next block.']);
    // The relu and output are not reachable from the input either.
    expect(on(problems, 'b3')).toEqual(['Not connected to the chain from the input: link it in or delete it.']);
    expect(on(problems, 'b4')).toEqual(['Not connected to the chain from the input: link it in or delete it.']);
  });

  it('puts a branch on the block that branches and a join on the block joined', () => {
    const g = graph([INPUT, dense(8), RELU, softmaxOutput], [[1, 2], [2, 3], [2, 4], [3, 4]]);
    const { problems } = layersOf(g, IRIS);
    expect(on(problems, 'b2')).toEqual(['Branches into 2 blocks: a block feeds only one next block.']);
    expect(on(problems, 'b4')).toEqual(['2 links come in: a block takes only one previous block.']);
  });

  it('reports a cycle on the block that closes it', () => {
    const g = graph([INPUT, dense(8), RELU, softmaxOutput], [[1, 2], [2, 3], [3, 2]]);
    const { problems } = layersOf(g, IRIS);
    expect(on(problems, 'b3')).toEqual(['Cycle: links back to Dense (b2).']);
    expect(on(problems, 'b4')).toEqual(['Not connected to the chain from the input: link it in or delete it.']);
  });

  it('flags a block left off the chain (fatal, so what trains is what is drawn)', () => {
    const g = graph([INPUT, softmaxOutput, { kind: 'dropout', rate: 0.2 }], [[1, 2]]);
    const result = layersOf(g, IRIS);
    expect(result.layers).toBeNull();
    expect(result.problems).toEqual([
      { blockId: 'b3', message: 'Not connected to the chain from the input: link it in or delete it.' },
    ]);
  });

  it('puts a loss that does not fit the output on the output block', () => {
    const cases = [
      { activation: 'sigmoid', ctx: IRIS, message: 'Cross-entropy needs a softmax output.' },
      { activation: 'softmax', ctx: BINARY, message: 'Binary cross-entropy needs a sigmoid output.' },
      {
        activation: 'softmax',
        ctx: REGRESSION,
        message: 'Mean squared error compares raw values, so the output must be linear, not Softmax.',
      },
      {
        activation: 'softmax',
        ctx: { ...REGRESSION, loss: 'cross-entropy' as const },
        message: 'Cross-entropy needs class labels, but this dataset is regression.',
      },
    ] as const;
    for (const c of cases) {
      const g = graph([INPUT, { ...softmaxOutput, activation: c.activation }], [[1, 2]]);
      expect(layersOf(g, c.ctx).problems).toEqual([{ blockId: 'b2', message: c.message }]);
    }
  });

  it('puts invalid settings on their block', () => {
    const cases = [
      { config: dense(0), message: 'Units must be a whole number from 1 to 65536.' },
      { config: dense(65537), message: 'Units must be a whole number from 1 to 65536.' },
      { config: dense(2.5), message: 'Units must be a whole number from 1 to 65536.' },
      { config: { kind: 'dropout', rate: 1 }, message: 'Dropout rate must be at least 0 and below 1.' },
      { config: { kind: 'dropout', rate: -0.1 }, message: 'Dropout rate must be at least 0 and below 1.' },
      { config: { kind: 'batchnorm', momentum: 0, eps: 1e-5 }, message: 'Momentum must be above 0 and at most 1.' },
      { config: { kind: 'activation', activation: 'elu', alpha: 0 }, message: 'Alpha must be above 0.' },
    ] as const;
    for (const c of cases) {
      const g = graph([INPUT, c.config, softmaxOutput], [[1, 2], [2, 3]]);
      const result = layersOf(g, IRIS);
      expect(result.layers).toBeNull();
      expect(result.problems).toEqual([{ blockId: 'b2', message: c.message }]);
    }
    // The edge values are fine.
    for (const config of [dense(1), dense(65536), { kind: 'dropout' as const, rate: 0 }]) {
      expect(layersOf(graph([INPUT, config, softmaxOutput], [[1, 2], [2, 3]]), IRIS).problems).toEqual([]);
    }
  });

  it('checks initializer parameters with the engine schema', () => {
    const bad = { ...dense(4), weightInit: { type: 'uniform' as const, low: 1, high: -1 } };
    const { problems } = layersOf(graph([INPUT, bad, softmaxOutput], [[1, 2], [2, 3]]), IRIS);
    expect(problems).toHaveLength(1);
    expect(problems[0].blockId).toBe('b2');
    expect(problems[0].message).toMatch(/^Weight initializer: low must be less than high/);
  });

  it('checks the structure without a dataset, but cannot size the layers', () => {
    const g = graph([INPUT, dense(4)], [[1, 2]]);
    const result = layersOf(g, null);
    expect(result.layers).toBeNull();
    expect(result.problems.map((p) => p.blockId)).toEqual([null, null, 'b2']);
  });
});
