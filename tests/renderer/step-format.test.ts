// The Step view's numbers read like the lecture's: four significant digits.

import { describe, expect, it } from 'vitest';
import { fmtStepNumber } from '../../renderer/src/model/step-format';

describe('step numbers', () => {
  it('print as the lecture writes them', () => {
    expect(fmtStepNumber(1.3720000001)).toBe('1.372');
    expect(fmtStepNumber(-0.07593)).toBe('-0.07593');
    expect(fmtStepNumber(0.0007600004)).toBe('0.00076');
    expect(fmtStepNumber(-1.69)).toBe('-1.69');
    expect(fmtStepNumber(0.8610999)).toBe('0.8611');
    expect(fmtStepNumber(-0)).toBe('0');
    expect(fmtStepNumber(12345.678)).toBe('12350');
  });

  it('switches to exponents for the very small and very large, and names non-finite values', () => {
    expect(fmtStepNumber(1.5e-7)).toBe('1.5e-7');
    expect(fmtStepNumber(-2.345678e9)).toBe('-2.346e+9');
    expect(fmtStepNumber(Number.NaN)).toBe('NaN');
    expect(fmtStepNumber(-Infinity)).toBe('-Infinity');
  });
});
