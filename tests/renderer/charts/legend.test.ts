// Legends show every entry: the plot moves down by a row for each row the names wrap onto.

import { describe, expect, it } from 'vitest';
import { GRID, gridFor, legendRows } from '../../../renderer/src/components/charts/options';

describe('legend rows', () => {
  it('fit short names on one row and wrap long lists', () => {
    expect(legendRows([])).toBe(0);
    expect(legendRows(['train loss', 'validation loss'])).toBe(1);
    // Eight layers of a 7-hidden-layer network: 'Layer 1 (Dense 784→32)' is 22 characters, 183 px.
    const layers = Array.from({ length: 8 }, (_, i) => `Layer ${2 * i + 1} (Dense 32→32)`);
    expect(legendRows(layers)).toBe(4);
    // Repeated names (a series per run under one name) are one entry.
    expect(legendRows(['loss', 'loss', 'loss'])).toBe(1);
  });

  it('give the grid a row more at the top per extra legend row, and leave guides out', () => {
    expect(gridFor([{ name: 'train loss' }]).top).toBe(GRID.top);
    const layers = Array.from({ length: 8 }, (_, i) => ({ name: `Layer ${2 * i + 1} (Dense 32→32)` }));
    expect(gridFor(layers).top).toBe(GRID.top + 3 * 20);
    expect(gridFor([...layers.slice(0, 2), { id: 'guides', name: 'guides' }]).top).toBe(GRID.top);
  });
});
