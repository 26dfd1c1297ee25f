// Learning-rate schedules: per-epoch closed forms of PyTorch's StepLR, ExponentialLR and CosineAnnealingLR.

import { z } from 'zod';
import { parseTypedConfig } from './config';

// A gamma above 1 grows the learning rate every decay until training diverges.
const gamma = (fallback: number) => z.number().positive().max(1).default(fallback);

const scheduleSchemas = {
  constant: z.strictObject({ type: z.literal('constant') }),
  step: z.strictObject({
    type: z.literal('step'),
    /** Epochs between decays. */
    stepSize: z.number().int().min(1).default(10),
    gamma: gamma(0.1),
  }),
  exponential: z.strictObject({ type: z.literal('exponential'), gamma: gamma(0.95) }),
  cosine: z.strictObject({
    type: z.literal('cosine'),
    /** An absolute learning rate, not a fraction of the base one. */
    minLr: z.number().min(0).default(0),
    /** Epochs from the base rate down to minLr (PyTorch's T_max); the run's length when absent. */
    periodEpochs: z.number().int().min(1).optional(),
  }),
};

export const scheduleConfigSchema = z.discriminatedUnion('type', [
  scheduleSchemas.constant,
  scheduleSchemas.step,
  scheduleSchemas.exponential,
  scheduleSchemas.cosine,
]);

export type ScheduleConfig = z.infer<typeof scheduleConfigSchema>;
export type ScheduleConfigInput = z.input<typeof scheduleConfigSchema>;
export type ScheduleType = ScheduleConfig['type'];

const SCHEDULE_NAMES = Object.freeze(Object.keys(scheduleSchemas) as ScheduleType[]);

export function scheduleNames(): readonly ScheduleType[] {
  return SCHEDULE_NAMES;
}

/**
 * The learning rate for a 0-based epoch:
 *   constant:    lr
 *   step:        lr * gamma^floor(epoch / stepSize)
 *   exponential: lr * gamma^epoch
 *   cosine:      minLr + (lr - minLr) * (1 + cos(pi * epoch / T)) / 2,  T = periodEpochs ?? totalEpochs
 * Past T the cosine rises again, as PyTorch's closed form does; it does not restart.
 */
export function learningRateAt(
  schedule: ScheduleConfig,
  baseLr: number,
  epoch: number,
  totalEpochs: number,
): number {
  if (!(baseLr > 0 && baseLr < Infinity)) throw new Error(`Base learning rate must be finite and > 0, got ${baseLr}`);
  if (!Number.isInteger(epoch) || epoch < 0) throw new Error(`Epoch must be an integer >= 0, got ${epoch}`);
  if (!Number.isInteger(totalEpochs) || totalEpochs < 1) {
    throw new Error(`Total epochs must be an integer >= 1, got ${totalEpochs}`);
  }
  switch (schedule.type) {
    case 'constant':
      return baseLr;
    case 'step':
      return baseLr * Math.pow(schedule.gamma, Math.floor(epoch / schedule.stepSize));
    case 'exponential':
      return baseLr * Math.pow(schedule.gamma, epoch);
    case 'cosine': {
      const period = schedule.periodEpochs ?? totalEpochs;
      const { minLr } = schedule;
      return minLr + ((baseLr - minLr) * (1 + Math.cos((Math.PI * epoch) / period))) / 2;
    }
  }
}

/** Validates and fills defaults; every failure is one line naming the offending field. */
export function parseScheduleConfig(input: unknown): ScheduleConfig {
  return parseTypedConfig('schedule', scheduleSchemas, input);
}
