// Grid search: the configurations it enumerates and the results it streams.

import { describe, expect, it } from 'vitest';
import { gridPoints, runGrid, type GridResult } from '../../../shared/project/grid';
import { builtinProject } from '../../helpers/run';

const base = () => builtinProject('blobs', { n: 120, seed: 1 }, { training: { epochs: 3, batchSize: 16, shuffle: true, earlyStopping: null } });

describe('gridPoints', () => {
  it('crosses widths with depths like the lecture table, and with the other axes', () => {
    const { project } = base();
    const points = gridPoints({ hidden: [64, 256, 1024], layers: [1, 2, 3, 4] }, project);
    expect(points).toHaveLength(12);
    expect(points.map((p) => p.settings.hidden).slice(0, 4)).toEqual(['64', '2x64', '3x64', '4x64']);
    expect(points[3].overrides.hidden).toEqual([64, 64, 64, 64]);
    const more = gridPoints({ hidden: [8], activation: ['relu', 'tanh'], lr: [0.1, 0.01], seed: [1, 2, 3] }, project);
    expect(more).toHaveLength(12);
    expect(new Set(more.map((p) => JSON.stringify(p.settings))).size).toBe(12);
  });

  it('takes explicit layer lists, but not together with depths', () => {
    const { project } = base();
    expect(gridPoints({ hidden: [[256, 128], 64] }, project).map((p) => p.overrides.hidden)).toEqual([[256, 128], [64]]);
    expect(() => gridPoints({ hidden: [[256, 128]], layers: [2] }, project)).toThrow(/cannot be combined/);
  });
});

describe('runGrid', () => {
  it('trains each configuration in turn and streams one result per configuration', async () => {
    const { project, dataset } = base();
    const streamed: GridResult[] = [];
    const results = await runGrid(project, dataset, { hidden: [4, 16], lr: [0.05, 0.5] }, (r) => streamed.push(r));
    expect(streamed).toEqual(results);
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    for (const r of results) {
      expect(r.status).toBe('done');
      expect(r.total).toBe(4);
      expect(r.train!.accuracy).toBeGreaterThan(0);
      expect(r.validation!.accuracy).toBeGreaterThanOrEqual(0);
    }
    // The same configuration alone gives the same figures: points do not leak into each other.
    const again = await runGrid(project, dataset, { hidden: [16], lr: [0.5] }, () => {});
    expect(again[0].train).toEqual(results[3].train);
  });

  it('refuses a bad value before training anything', async () => {
    const { project, dataset } = base();
    let trained = 0;
    await expect(runGrid(project, dataset, { hidden: [4], lr: [0.1, -1] }, () => trained++)).rejects.toThrow(/lr/);
    expect(trained).toBe(0);
  });
});
