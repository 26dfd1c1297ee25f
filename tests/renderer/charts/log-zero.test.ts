// Zeros on the log-scale layer charts (a layer whose units all died has a zero gradient): drawn
// at a floor below every positive value, read as 0 on the axis and in the tooltip, never dropped.

import { describe, expect, it } from 'vitest';
import { layerLines, logFloor, logLabelWith, logTooltip } from '../../../renderer/src/components/charts/options';
import type { ChartPalette } from '../../../renderer/src/model/charts/theme';
import { RunSeries } from '../../../renderer/src/model/charts/series';
import type { TrainingEvent } from '../../../shared/engine/events';
import { layer, started } from './fixtures';

const palette = { series: ['#111111', '#222222'] } as unknown as ChartPalette;

function diagnostics(step: number, first: number, last: number): TrainingEvent {
  return { type: 'diagnostics', epoch: 0, step, layers: [layer(0, 'Dense 2→8', { gradNorm: first }), layer(1, 'ReLU'), layer(2, 'Dense 8→2', { gradNorm: last })] };
}

describe('zeros on log axes', () => {
  it('sit a power of ten below the smallest positive value and read 0', () => {
    const s = new RunSeries();
    s.ingest(started({ stepsPerEpoch: 10 }), 0);
    s.ingest(diagnostics(1, 0, 0.154), 1);
    s.ingest(diagnostics(2, 0, 0.031), 2);
    const floor = logFloor(s, 'gradNorm');
    expect(floor).toBeCloseTo(1e-3, 15);
    const [first, last] = layerLines(s, 'gradNorm', palette);
    expect((first.data as [number, number][]).map(([, y]) => y)).toEqual([floor, floor]);
    expect((last.data as [number, number][]).map(([, y]) => y)).toEqual([0.154, 0.031]);
    expect(logLabelWith(floor)(floor)).toBe('0');
    expect(logLabelWith(floor)(0.01)).toBe('0.01');
    const format = logTooltip(floor).valueFormatter;
    expect(format(floor)).toBe('0');
    expect(format(0.031)).toBe('0.031');
  });

  it('with no positive value at all, the floor is 1e-12', () => {
    const s = new RunSeries();
    s.ingest(started(), 0);
    s.ingest(diagnostics(1, 0, 0), 1);
    expect(logFloor(s, 'gradNorm')).toBe(1e-12);
  });
});
