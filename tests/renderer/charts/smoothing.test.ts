// The smoothed batch loss: a bias-corrected EMA by training steps, so an event that covers k steps
// weighs as k steps of its mean, whatever the pace of events.

import { describe, expect, it } from 'vitest';
import { emaStep, emptyEma, SMOOTHING } from '../../../renderer/src/model/charts/smoothing';

describe('exponential smoothing by steps', () => {
  it('is a bias-corrected EMA with the documented factor per step', () => {
    expect(SMOOTHING).toBe(0.98);
    const s = emptyEma();
    const a = 0.9;
    // By hand, alpha = 0.9, one step each:
    // m1 = 0.1*2 = 0.2;               corrected 0.2 / (1 - 0.9)  = 2
    // m2 = 0.9*0.2 + 0.1*4 = 0.58;    corrected 0.58 / 0.19      = 3.0526315...
    // m3 = 0.9*0.58 + 0.1*1 = 0.622;  corrected 0.622 / 0.271    = 2.2952029...
    expect(emaStep(s, 2, 1, a)).toBeCloseTo(2, 12);
    expect(emaStep(s, 4, 1, a)).toBeCloseTo(0.58 / 0.19, 12);
    expect(emaStep(s, 1, 1, a)).toBeCloseTo(0.622 / 0.271, 12);
  });

  it('weighs an event of k steps as k steps of its mean, so the pace of events does not matter', () => {
    // One event covering 3 steps of mean 5 equals three one-step events of 5.
    const together = emptyEma();
    const apart = emptyEma();
    emaStep(together, 1, 1);
    emaStep(apart, 1, 1);
    const one = emaStep(together, 5, 3);
    emaStep(apart, 5, 1);
    emaStep(apart, 5, 1);
    expect(one).toBeCloseTo(emaStep(apart, 5, 1)!, 12);
    // By hand with alpha = 0.98: m = 0.02*1 = 0.02, then m = 0.98^3*0.02 + (1-0.98^3)*5, n = 4.
    const k = 0.98 ** 3;
    expect(one).toBeCloseTo((k * 0.02 + (1 - k) * 5) / (1 - 0.98 ** 4), 12);
  });

  it('follows a step change within a few dozen steps, however many steps an event covers', () => {
    // 1000 steps at loss 2, then the loss drops to 1. Events of 100 steps (a fast run) or of 1.
    for (const perEvent of [1, 100]) {
      const s = emptyEma();
      for (let i = 0; i < 1000; i += perEvent) emaStep(s, 2, perEvent);
      let v: number | null = null;
      for (let i = 0; i < 200; i += perEvent) v = emaStep(s, 1, perEvent);
      // 200 steps later: 2*0.98^200 + 1*(1-0.98^200) = 1.0176 (bias correction is negligible here).
      expect(v).toBeCloseTo(1 + 0.98 ** 200, 3);
    }
  });

  it('skips non-finite values instead of poisoning the curve', () => {
    const s = emptyEma();
    expect(emaStep(s, NaN)).toBeNull();
    expect(emaStep(s, 3)).toBeCloseTo(3, 12);
    expect(emaStep(s, Infinity)).toBeCloseTo(3, 12);
  });
});
