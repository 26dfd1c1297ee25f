import { describe, expect, it } from 'vitest';
import { plotActivation } from '../../../renderer/src/model/network/curve';

describe('plotActivation', () => {
  it('scales ReLU and its derivative into the box, with 5% headroom', () => {
    // f spans [0, 5] and f' spans [0, 1] over [-5, 5]: y range [0, 5] padded by 0.25 each side.
    const plot = plotActivation('relu', {}, 100, 110, 3)!;
    expect(plot.yMin).toBeCloseTo(-0.25);
    expect(plot.yMax).toBeCloseTo(5.25);
    // x = -5, 0, 5 -> 0, 50, 100; y = 0 sits 0.25/5.5 of 110 above the bottom (=105), y = 5 at 5.
    expect(plot.f).toBe('0.0,105.0 50.0,105.0 100.0,5.0');
    expect(plot.df).toBe('0.0,105.0 50.0,105.0 100.0,85.0');
    expect(plot.zeroX).toBe(50);
  });

  it('uses the constants given, e.g. the leaky slope', () => {
    const plot = plotActivation('leaky-relu', { slope: 0.5 }, 100, 110, 3)!;
    // f(-5) = -2.5 with slope 0.5, so the range starts below zero.
    expect(plot.yMin).toBeCloseTo(-2.5 - 0.375);
  });

  it('has no curve for softmax, which works on whole rows', () => {
    expect(plotActivation('softmax', {}, 100, 100)).toBeNull();
  });
});
