import { describe, expect, it } from 'vitest';
import { emaStep, emptyEma, SMOOTHING } from '../../../renderer/src/model/charts/smoothing';

describe('exponential smoothing', () => {
  it('is a bias-corrected EMA with the documented factor', () => {
    expect(SMOOTHING).toBe(0.9);
    const s = emptyEma();
    // By hand, alpha = 0.9:
    // m1 = 0.1*2 = 0.2;               corrected 0.2 / (1 - 0.9)  = 2
    // m2 = 0.9*0.2 + 0.1*4 = 0.58;    corrected 0.58 / 0.19      = 3.0526315...
    // m3 = 0.9*0.58 + 0.1*1 = 0.622;  corrected 0.622 / 0.271    = 2.2952029...
    expect(emaStep(s, 2)).toBeCloseTo(2, 12);
    expect(emaStep(s, 4)).toBeCloseTo(0.58 / 0.19, 12);
    expect(emaStep(s, 1)).toBeCloseTo(0.622 / 0.271, 12);
  });

  it('skips non-finite values instead of poisoning the curve', () => {
    const s = emptyEma();
    expect(emaStep(s, NaN)).toBeNull();
    expect(emaStep(s, 3)).toBeCloseTo(3, 12);
    expect(emaStep(s, Infinity)).toBeCloseTo(3, 12);
  });

  it('takes another factor', () => {
    const s = emptyEma();
    emaStep(s, 10, 0.5);
    // m = 0.5*5 + 0.5*20 ... by hand: m1 = 5, m2 = 0.5*5 + 0.5*20 = 12.5, corrected 12.5 / 0.75
    expect(emaStep(s, 20, 0.5)).toBeCloseTo(12.5 / 0.75, 12);
  });
});
