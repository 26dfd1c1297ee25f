// Learning-rate schedules checked against hand-computed rates, plus config validation.

import { describe, expect, it } from 'vitest';
import {
  learningRateAt,
  parseScheduleConfig,
  scheduleNames,
  type ScheduleConfigInput,
} from '../../../shared/engine/schedules';

function lrAt(input: ScheduleConfigInput, epoch: number, totalEpochs = 100, baseLr = 0.1): number {
  return learningRateAt(parseScheduleConfig(input), baseLr, epoch, totalEpochs);
}

describe('learningRateAt', () => {
  it('constant keeps the base rate', () => {
    for (const epoch of [0, 5, 99]) expect(lrAt({ type: 'constant' }, epoch)).toBe(0.1);
  });

  it('step multiplies by gamma every stepSize epochs', () => {
    const step = { type: 'step', stepSize: 10, gamma: 0.1 } as const;
    expect(lrAt(step, 0)).toBeCloseTo(0.1, 15);
    expect(lrAt(step, 9)).toBeCloseTo(0.1, 15);
    expect(lrAt(step, 10)).toBeCloseTo(0.01, 15);
    expect(lrAt(step, 19)).toBeCloseTo(0.01, 15);
    expect(lrAt(step, 25)).toBeCloseTo(0.001, 15);
    const halving = { type: 'step', stepSize: 3, gamma: 0.5 } as const;
    expect(lrAt(halving, 2)).toBeCloseTo(0.1, 15);
    expect(lrAt(halving, 3)).toBeCloseTo(0.05, 15);
    expect(lrAt(halving, 7)).toBeCloseTo(0.025, 15);
  });

  it('exponential multiplies by gamma every epoch', () => {
    const exp = { type: 'exponential', gamma: 0.5 } as const;
    expect(lrAt(exp, 0)).toBeCloseTo(0.1, 15);
    expect(lrAt(exp, 1)).toBeCloseTo(0.05, 15);
    expect(lrAt(exp, 3)).toBeCloseTo(0.0125, 15);
    expect(lrAt({ type: 'exponential' }, 2)).toBeCloseTo(0.1 * 0.95 * 0.95, 15);
  });

  it('cosine falls from the base rate to minLr over the run', () => {
    const cos = { type: 'cosine' } as const;
    expect(lrAt(cos, 0, 10)).toBeCloseTo(0.1, 15);
    // cos(pi/2) = 0: halfway
    expect(lrAt(cos, 5, 10)).toBeCloseTo(0.05, 15);
    // cos(pi/4) = sqrt(1/2)
    expect(lrAt(cos, 2, 8)).toBeCloseTo((0.1 * (1 + Math.SQRT1_2)) / 2, 15);
    expect(lrAt(cos, 10, 10)).toBeCloseTo(0, 15);
  });

  it('cosine with minLr (absolute) and its own period', () => {
    const cos = { type: 'cosine', minLr: 0.01, periodEpochs: 4 } as const;
    expect(lrAt(cos, 0)).toBeCloseTo(0.1, 15);
    expect(lrAt(cos, 1)).toBeCloseTo(0.01 + (0.09 * (1 + Math.SQRT1_2)) / 2, 15);
    expect(lrAt(cos, 2)).toBeCloseTo(0.01 + 0.09 / 2, 15);
    expect(lrAt(cos, 4)).toBeCloseTo(0.01, 15);
    // Past the period PyTorch's closed form climbs back: epoch 6 mirrors epoch 2.
    expect(lrAt(cos, 6)).toBeCloseTo(0.055, 15);
    // minLr is absolute, not scaled by the base rate.
    expect(learningRateAt(parseScheduleConfig(cos), 1, 4, 100)).toBeCloseTo(0.01, 15);
  });

  it('rejects bad arguments naming the value', () => {
    const constant = parseScheduleConfig({ type: 'constant' });
    expect(() => learningRateAt(constant, 0.1, -1, 10)).toThrow(/-1/);
    expect(() => learningRateAt(constant, 0.1, 1.5, 10)).toThrow(/1\.5/);
    expect(() => learningRateAt(constant, 0.1, 0, 0)).toThrow(/Total epochs.*0/);
    expect(() => learningRateAt(constant, 0, 0, 10)).toThrow(/learning rate.*0/);
  });
});

describe('config', () => {
  it('fills defaults', () => {
    expect(parseScheduleConfig({ type: 'constant' })).toEqual({ type: 'constant' });
    expect(parseScheduleConfig({ type: 'step' })).toEqual({ type: 'step', stepSize: 10, gamma: 0.1 });
    expect(parseScheduleConfig({ type: 'exponential' })).toEqual({ type: 'exponential', gamma: 0.95 });
    expect(parseScheduleConfig({ type: 'cosine' })).toEqual({ type: 'cosine', minLr: 0 });
  });

  it('lists every schedule', () => {
    expect(scheduleNames()).toEqual(['constant', 'step', 'exponential', 'cosine']);
  });

  it('rejects an unknown type, listing the known ones', () => {
    expect(() => parseScheduleConfig({ type: 'linear' })).toThrow(
      "Unknown schedule 'linear' (known: constant, step, exponential, cosine)",
    );
  });

  it.each([
    [{ type: 'step', stepSize: 0 }, 'stepSize'],
    [{ type: 'step', stepSize: 2.5 }, 'stepSize'],
    [{ type: 'step', gamma: 0 }, 'gamma'],
    [{ type: 'exponential', gamma: 1.5 }, 'gamma'],
    [{ type: 'cosine', minLr: -0.1 }, 'minLr'],
    [{ type: 'cosine', periodEpochs: 0 }, 'periodEpochs'],
    [{ type: 'constant', gamma: 0.5 }, 'gamma'],
  ])('rejects %j naming %s in one line', (input, field) => {
    let message = '';
    try {
      parseScheduleConfig(input);
    } catch (e) {
      message = (e as Error).message;
    }
    // The field itself, as 'field: problem' or as an unknown 'field', not just the type's name.
    expect(message).toMatch(new RegExp(`(: ${field}: |unknown field '${field}')`));
    expect(message).not.toContain('\n');
  });
});
