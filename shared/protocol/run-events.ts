// The schemas of the training events a run's history keeps ('epoch', 'done', 'failed'), written
// once for the two places that read them: the engine protocol, where numbers arrive as JS
// numbers, and the project file, where JSON spells NaN and the infinities as strings. The number
// schema is the one thing that differs, so it is the parameter.

import { z } from 'zod';

export const count = z.number().int().min(0);

export function runEventSchemas<N extends z.ZodType<number, unknown>>(num: N) {
  const evalShape = { loss: num, accuracy: num.optional(), mae: num.optional(), rmse: num.optional(), r2: num.optional() };
  const classScoresShape = { precision: num, recall: num, f1: num };
  const finalEval = z.strictObject({
    ...evalShape,
    confusion: z.array(count).optional(),
    perClass: z.array(z.strictObject({ ...classScoresShape, support: count })).optional(),
    macro: z.strictObject(classScoresShape).optional(),
  });
  const epoch = z.strictObject({
    type: z.literal('epoch'),
    epoch: count,
    lr: num,
    train: z.strictObject(evalShape),
    validation: z.strictObject(evalShape).optional(),
    seconds: num,
    samplesPerSecond: num,
  });
  const done = z.strictObject({
    type: z.literal('done'),
    reason: z.enum(['completed', 'early-stopped', 'stopped']),
    epochs: count,
    steps: count,
    bestEpoch: count.optional(),
    train: finalEval,
    validation: finalEval.optional(),
    test: finalEval.optional(),
    seconds: num,
    samplesPerSecond: num,
  });
  const failed = z.strictObject({ type: z.literal('failed'), message: z.string(), epoch: count, step: count, layer: count.nullable() });
  return { epoch, done, failed };
}
