// Training settings as stored in a project: epochs, batches, shuffling and early stopping.

import { z } from 'zod';

export const earlyStoppingSchema = z.strictObject({
  /** Epochs without improvement of the monitored loss before stopping. */
  patience: z.number().int().min(1).default(10),
  /** Smallest decrease of the monitored loss that counts as an improvement. */
  minDelta: z.number().min(0).default(0),
  /** Put back the weights of the best epoch when stopping early. */
  restoreBest: z.boolean().default(true),
});

export const trainingConfigSchema = z.strictObject({
  epochs: z.number().int().min(1).max(1_000_000).default(20),
  batchSize: z.number().int().min(1).max(65_536).default(32),
  shuffle: z.boolean().default(true),
  earlyStopping: earlyStoppingSchema.nullable().default(null),
});

export type TrainingConfig = z.infer<typeof trainingConfigSchema>;
export type TrainingConfigInput = z.input<typeof trainingConfigSchema>;
