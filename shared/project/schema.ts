// The project file: a versioned, validated JSON document holding everything needed to
// reproduce a training run. docs/project-format.md describes each field.

import { z } from 'zod';
import { csvOptionsSchema } from '../engine/datasets/csv';
import { normalizationKindSchema, normalizerSchema } from '../engine/data/normalize';
import { lossConfigSchema } from '../engine/losses';
import { networkConfigSchema } from '../engine/network';
import { optimizerConfigSchema } from '../engine/optimizers';
import { scheduleConfigSchema } from '../engine/schedules';
import { trainingConfigSchema } from '../engine/training-config';

export const PROJECT_FORMAT = 'mlp-studio-project';
export const PROJECT_VERSION = 1;

const inlineTableSchema = z.strictObject({
  features: z.array(z.array(z.number().finite())).min(1, 'needs at least one row'),
  labels: z.array(z.number().int().min(0)).optional(),
  targets: z.array(z.array(z.number().finite())).optional(),
});

export const datasetRefSchema = z.discriminatedUnion('source', [
  z.strictObject({
    source: z.literal('builtin'),
    name: z.string().min(1),
    params: z.record(z.string(), z.unknown()).default({}),
  }),
  z.strictObject({
    source: z.literal('file'),
    path: z.string().min(1),
    /** How to read a CSV/TSV table; ignored for IDX folders. */
    csv: csvOptionsSchema.partial().optional(),
  }),
  z.strictObject({
    source: z.literal('inline'),
    name: z.string().default('inline'),
    task: z.enum(['classification', 'regression']),
    featureNames: z.array(z.string()).optional(),
    classNames: z.array(z.string()).optional(),
    train: inlineTableSchema,
    test: inlineTableSchema.optional(),
  }),
]);
export type DatasetRef = z.infer<typeof datasetRefSchema>;

export const preprocessingSchema = z.strictObject({
  normalization: normalizationKindSchema.default('minus-one-one'),
  /** Fraction of the training rows held out for validation (0 for none). */
  validationSplit: z.number().min(0).max(0.9).default(0.2),
  /** Fraction of the rows held out for testing when the dataset has no test split of its own. */
  testSplit: z.number().min(0).max(0.9).default(0),
  stratify: z.boolean().default(true),
  /** The normalizer fitted on the training rows, saved with trained weights. */
  normalizer: normalizerSchema.optional(),
});

const tensorSchema = z.strictObject({
  shape: z.array(z.number().int().min(1)),
  data: z.array(z.number()),
});

/**
 * The network as the studio's canvas shows it: blocks at positions and the links between them,
 * including blocks not (yet) part of the chain that `network` holds. The window checks each
 * block's settings when it loads them; the engine never reads this.
 */
export const canvasSchema = z.strictObject({
  blocks: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(64),
        config: z.looseObject({ kind: z.string() }),
        position: z.strictObject({ x: z.number().finite(), y: z.number().finite() }),
      }),
    )
    .max(1000),
  links: z.array(z.strictObject({ id: z.string().min(1).max(140), from: z.string().min(1).max(64), to: z.string().min(1).max(64) })).max(2000),
});

export const projectSchema = z.strictObject({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(PROJECT_VERSION),
  name: z.string().default('Untitled'),
  description: z.string().optional(),
  dataset: datasetRefSchema,
  // Each section left out is its own schema's defaults, stated once, in that schema.
  preprocessing: preprocessingSchema.prefault({}),
  network: networkConfigSchema,
  loss: lossConfigSchema,
  optimizer: optimizerConfigSchema,
  schedule: scheduleConfigSchema.prefault({ type: 'constant' }),
  training: trainingConfigSchema.prefault({}),
  seed: z.number().int().min(0).max(0xffffffff).default(0),
  canvas: canvasSchema.optional(),
  /** Trained (or hand-set) parameters by name, e.g. 'layers.0.weight', row-major. */
  weights: z.record(z.string(), tensorSchema).optional(),
});

export type Project = z.infer<typeof projectSchema>;
export type ProjectInput = z.input<typeof projectSchema>;
