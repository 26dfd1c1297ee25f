// The grid of the input plane a decision boundary is drawn from: its points, row by row.

import { describe, expect, it } from 'vitest';
import { gridTable } from '../../../shared/engine/predict';

describe('gridTable', () => {
  it('lays the points out row by row from yMin, both ends included', () => {
    const t = gridTable({ xMin: 0, xMax: 1, yMin: 10, yMax: 12, resolution: 3 });
    expect(t.n).toBe(9);
    expect(Array.from(t.x)).toEqual([0, 10, 0.5, 10, 1, 10, 0, 11, 0.5, 11, 1, 11, 0, 12, 0.5, 12, 1, 12]);
  });
});
