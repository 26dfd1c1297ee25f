// Learning-rate schedules: per-epoch closed forms of PyTorch's StepLR, ExponentialLR and
// CosineAnnealingLR, one registry entry each.

import { z } from 'zod';
import { bare, registry, typedConfigs } from './config';

// A gamma above 1 grows the learning rate every decay until training diverges.
const gamma = (fallback: number) => z.number().positive().max(1).default(fallback);

interface ScheduleSpec<S extends z.ZodObject> {
  readonly label: string;
  readonly schema: S;
  /** The rate for a 0-based epoch of a run of totalEpochs, from the base rate. */
  rate(config: z.output<S>, baseLr: number, epoch: number, totalEpochs: number): number;
}

// Ties each entry's rate to its own schema's output type.
const define = <S extends z.ZodObject>(spec: ScheduleSpec<S>) => spec;

/**
 * The learning rate for a 0-based epoch:
 *   constant:    lr
 *   step:        lr * gamma^floor(epoch / stepSize)
 *   exponential: lr * gamma^epoch
 *   cosine:      minLr + (lr - minLr) * (1 + cos(pi * epoch / T)) / 2,  T = periodEpochs ?? totalEpochs
 * Past T the cosine rises again, as PyTorch's closed form does; it does not restart.
 */
const REGISTRY = registry('schedule', {
  constant: define({ label: 'Constant', schema: bare('constant'), rate: (_c, baseLr) => baseLr }),
  step: define({
    label: 'Step decay',
    schema: z.strictObject({
      type: z.literal('step'),
      /** Epochs between decays. */
      stepSize: z.number().int().min(1).default(10),
      gamma: gamma(0.1),
    }),
    rate: (c, baseLr, epoch) => baseLr * Math.pow(c.gamma, Math.floor(epoch / c.stepSize)),
  }),
  exponential: define({
    label: 'Exponential decay',
    schema: z.strictObject({ type: z.literal('exponential'), gamma: gamma(0.95) }),
    rate: (c, baseLr, epoch) => baseLr * Math.pow(c.gamma, epoch),
  }),
  cosine: define({
    label: 'Cosine annealing',
    schema: z.strictObject({
      type: z.literal('cosine'),
      /** An absolute learning rate, not a fraction of the base one. */
      minLr: z.number().min(0).default(0),
      /** Epochs from the base rate down to minLr (PyTorch's T_max); the run's length when absent. */
      periodEpochs: z.number().int().min(1).optional(),
    }),
    rate: (c, baseLr, epoch, totalEpochs) => c.minLr + ((baseLr - c.minLr) * (1 + Math.cos((Math.PI * epoch) / (c.periodEpochs ?? totalEpochs)))) / 2,
  }),
});
const CONFIGS = typedConfigs('schedule', REGISTRY);

export const SCHEDULES = REGISTRY.entries;
export const scheduleConfigSchema = CONFIGS.schema;
export type ScheduleConfig = z.output<typeof scheduleConfigSchema>;
export type ScheduleConfigInput = z.input<typeof scheduleConfigSchema>;
export type ScheduleType = (typeof REGISTRY.names)[number];

export function scheduleNames(): readonly ScheduleType[] {
  return REGISTRY.names;
}

/** The learning rate for a 0-based epoch of a run of totalEpochs (see the registry for each rule). */
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
  // TypeScript cannot correlate schedule.type with its entry's config type; the schema does.
  const rate = REGISTRY.get(schedule.type).rate as (c: ScheduleConfig, baseLr: number, epoch: number, total: number) => number;
  return rate(schedule, baseLr, epoch, totalEpochs);
}

/** Validates and fills defaults; every failure is one line naming the offending field. */
export const parseScheduleConfig: (input: unknown) => ScheduleConfig = CONFIGS.parse;
