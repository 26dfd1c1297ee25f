// The engine's results as the protocol carries them: training events, dataset summaries and
// inspected steps, as schemas that must describe exactly the engine's own types (checked below).

import { z } from 'zod';
import type { DatasetSummary } from '../engine/data/summary';
import type { TrainingEvent } from '../engine/events';
import type { InspectionResult } from '../engine/inspect';
import { initializerConfigSchema } from '../engine/initializers';
import type { LabResult } from '../project/init-lab';
import { count, runEventSchemas } from './run-events';

/** Any JS number, NaN and infinities included: a diverging metric must still reach the chart. */
const num = z.custom<number>((v) => typeof v === 'number', 'expected a number');

const histogramSchema = z.strictObject({ min: num, max: num, counts: z.array(count) });

const layerDiagnosticsSchema = z.strictObject({
  index: count,
  type: z.string(),
  label: z.string(),
  gradNorm: num.nullable(),
  weightNorm: num.nullable(),
  updateRatio: num.nullable(),
  activationMean: num,
  activationStd: num,
  deadFraction: num.nullable(),
  saturatedFraction: num.nullable(),
  histograms: z.strictObject({ weights: histogramSchema.nullable(), activations: histogramSchema, gradients: histogramSchema.nullable() }),
});

const runEvents = runEventSchemas(num);

export const trainingEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('started'),
    epochs: count,
    stepsPerEpoch: count,
    trainSize: count,
    validationSize: count,
    testSize: count,
    parameterCount: count,
    kernel: z.string(),
    threads: count,
    warnings: z.array(z.string()),
  }),
  z.strictObject({ type: z.literal('batch'), epoch: count, step: count, loss: num, accuracy: num.optional(), samplesPerSecond: num }),
  runEvents.epoch,
  z.strictObject({ type: z.literal('diagnostics'), epoch: count, step: count, layers: z.array(layerDiagnosticsSchema) }),
  z.strictObject({ type: z.literal('paused'), epoch: count, step: count }),
  z.strictObject({ type: z.literal('resumed'), epoch: count, step: count }),
  runEvents.done,
  runEvents.failed,
]);

const featureStatsSchema = z.strictObject({ name: z.string(), min: num, max: num, mean: num, std: num, missing: count });

export const datasetSummarySchema = z.strictObject({
  name: z.string(),
  description: z.string().max(2000).optional(),
  task: z.enum(['classification', 'regression']),
  features: count,
  outputs: count,
  imageShape: z.tuple([count, count]).readonly().optional(),
  classNames: z.array(z.string()).readonly(),
  sizes: z.strictObject({ train: count, validation: count, test: count }),
  classBalance: z.strictObject({ train: z.array(count), validation: z.array(count), test: z.array(count) }).optional(),
  before: z.array(featureStatsSchema),
  after: z.array(featureStatsSchema),
  samples: z.array(z.strictObject({ features: z.array(num), label: count.optional(), target: z.array(num).optional() })),
});

const rowsSchema = z.array(z.array(num));
const inspectedTensorSchema = z.strictObject({ shape: z.array(count), value: z.union([z.array(num), rowsSchema]) });

export const inspectionResultSchema = z.strictObject({
  rows: count,
  lr: num,
  input: rowsSchema,
  layers: z.array(z.strictObject({ index: count, type: z.string(), label: z.string(), output: rowsSchema, outputGradient: rowsSchema.optional() })),
  output: rowsSchema,
  loss: num,
  lossGradient: z.strictObject({ of: z.enum(['logits', 'output']), value: rowsSchema }),
  parameters: z.record(z.string(), z.strictObject({ before: inspectedTensorSchema, gradient: inspectedTensorSchema, after: inspectedTensorSchema })),
  after: z.strictObject({ loss: num, layers: z.array(z.strictObject({ index: count, output: rowsSchema })), output: rowsSchema }),
});

export const labResultSchema = z.strictObject({
  initializer: initializerConfigSchema,
  label: z.string(),
  rows: count,
  loss: num,
  layers: z.array(
    z.strictObject({
      index: count,
      type: z.string(),
      label: z.string(),
      activationStd: num,
      gradNorm: num.nullable(),
      deadFraction: num.nullable(),
      symmetric: z.boolean().nullable(),
    }),
  ),
});

// A field added on one side and not the other is a compile error here rather than a message
// refused at run time.
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type Expect<T extends true> = T;
export type PayloadTypeChecks = [
  Expect<Same<z.output<typeof trainingEventSchema>, TrainingEvent>>,
  Expect<Same<z.output<typeof datasetSummarySchema>, DatasetSummary>>,
  Expect<Same<z.output<typeof inspectionResultSchema>, InspectionResult>>,
  Expect<Same<z.output<typeof labResultSchema>, LabResult>>,
];
