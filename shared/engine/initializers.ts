// Weight initializers from the lecture (section 6): named distributions scaled by a layer's fans.

import { z } from 'zod';
import { bare, registry, typedConfigs } from './config';
import type { Random } from './random';
import type { Floats } from './tensor';

/**
 * What a config draws from for one layer. Normal initializers here are plain normals, not the
 * truncated normals some frameworks use, so their variance is exactly the formula's.
 */
export type Distribution =
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'uniform'; readonly low: number; readonly high: number }
  | { readonly kind: 'normal'; readonly mean: number; readonly std: number };

interface InitializerDef<S extends z.ZodObject> {
  readonly label: string;
  readonly schema: S;
  distribution(config: z.output<S>, fanIn: number, fanOut: number): Distribution;
}

// Ties each distribution's config parameter to its own schema's output type.
const define = <S extends z.ZodObject>(def: InitializerDef<S>): InitializerDef<S> => def;

function fan(value: number, label: string): number {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new Error(`${label} initializer needs a positive fan, got ${value}`);
  }
  return value;
}

const uniformLimit = (limit: number): Distribution => ({ kind: 'uniform', low: -limit, high: limit });
const centredNormal = (std: number): Distribution => ({ kind: 'normal', mean: 0, std });

const REGISTRY = registry('initializer', {
  zeros: define({
    label: 'Zeros',
    schema: bare('zeros'),
    distribution: () => ({ kind: 'constant', value: 0 }),
  }),
  constant: define({
    label: 'Constant',
    schema: z.strictObject({ type: z.literal('constant'), value: z.number().default(0) }),
    distribution: (c) => ({ kind: 'constant', value: c.value }),
  }),
  // Keras' RandomUniform and RandomNormal defaults.
  uniform: define({
    label: 'Random uniform',
    schema: z
      .strictObject({
        type: z.literal('uniform'),
        low: z.number().default(-0.05),
        high: z.number().default(0.05),
      })
      .refine((c) => c.low < c.high, { message: 'low must be less than high', path: ['high'] }),
    distribution: (c) => ({ kind: 'uniform', low: c.low, high: c.high }),
  }),
  normal: define({
    label: 'Random normal',
    schema: z.strictObject({
      type: z.literal('normal'),
      mean: z.number().default(0),
      std: z.number().positive().default(0.05),
    }),
    distribution: (c) => ({ kind: 'normal', mean: c.mean, std: c.std }),
  }),
  'xavier-uniform': define({
    label: 'Xavier uniform',
    schema: bare('xavier-uniform'),
    distribution: (_c, fanIn, fanOut) =>
      uniformLimit(Math.sqrt(6 / fan(fanIn + fanOut, 'Xavier uniform'))),
  }),
  'xavier-normal': define({
    label: 'Xavier normal',
    schema: bare('xavier-normal'),
    distribution: (_c, fanIn, fanOut) =>
      centredNormal(Math.sqrt(2 / fan(fanIn + fanOut, 'Xavier normal'))),
  }),
  'he-uniform': define({
    label: 'He uniform',
    schema: bare('he-uniform'),
    distribution: (_c, fanIn) => uniformLimit(Math.sqrt(6 / fan(fanIn, 'He uniform'))),
  }),
  'he-normal': define({
    label: 'He normal',
    schema: bare('he-normal'),
    distribution: (_c, fanIn) => centredNormal(Math.sqrt(2 / fan(fanIn, 'He normal'))),
  }),
  'lecun-uniform': define({
    label: 'LeCun uniform',
    schema: bare('lecun-uniform'),
    distribution: (_c, fanIn) => uniformLimit(Math.sqrt(3 / fan(fanIn, 'LeCun uniform'))),
  }),
  'lecun-normal': define({
    label: 'LeCun normal',
    schema: bare('lecun-normal'),
    distribution: (_c, fanIn) => centredNormal(Math.sqrt(1 / fan(fanIn, 'LeCun normal'))),
  }),
  // nn.Linear's kaiming_uniform_(a=sqrt(5)) reduces to this bound; its bias uses the same one.
  'torch-default': define({
    label: 'PyTorch default',
    schema: bare('torch-default'),
    distribution: (_c, fanIn) => uniformLimit(1 / Math.sqrt(fan(fanIn, 'PyTorch default'))),
  }),
});
const CONFIGS = typedConfigs('initializer', REGISTRY);

export const INITIALIZERS = REGISTRY.entries;

export type InitializerName = (typeof REGISTRY.names)[number];

export function initializerNames(): InitializerName[] {
  return REGISTRY.names.slice();
}

export const isInitializerName = REGISTRY.has;

export const initializerConfigSchema = CONFIGS.schema;

/** A config after parsing, with every default filled in. */
export type InitializerConfig = z.output<typeof initializerConfigSchema>;
/** A config as written in a project file, where parameters with defaults may be left out. */
export type InitializerConfigInput = z.input<typeof initializerConfigSchema>;

/** Parses a config object, or a bare name as shorthand for { type: name }. */
export const parseInitializerConfig: (input: unknown) => InitializerConfig = CONFIGS.parse;

export function initializerDistribution(
  config: InitializerConfig,
  fanIn: number,
  fanOut: number,
): Distribution {
  // TypeScript cannot correlate config.type with its entry's config type; the schema does.
  const def = REGISTRY.get(config.type) as unknown as InitializerDef<z.ZodObject>;
  return def.distribution(config, fanIn, fanOut);
}

/** Fills all of out from the config's distribution for a layer with these fans. */
export function initialize(
  config: InitializerConfig,
  out: Floats,
  fanIn: number,
  fanOut: number,
  rng: Random,
): void {
  const d = initializerDistribution(config, fanIn, fanOut);
  const n = out.length;
  switch (d.kind) {
    case 'constant':
      out.fill(d.value);
      return;
    case 'uniform': {
      const { low, high } = d;
      for (let i = 0; i < n; i++) out[i] = rng.uniform(low, high);
      return;
    }
    case 'normal': {
      const { mean, std } = d;
      for (let i = 0; i < n; i++) out[i] = rng.normal(mean, std);
      return;
    }
  }
}

// Three significant digits is enough to compare settings at a glance.
const short = (x: number): string => String(Number(x.toPrecision(3)));

/** One line for the UI, e.g. 'He normal: N(0, 0.0505²)'. */
export function describeInitializer(config: InitializerConfig, fanIn: number, fanOut: number): string {
  const label = INITIALIZERS[config.type].label;
  const d = initializerDistribution(config, fanIn, fanOut);
  switch (d.kind) {
    case 'constant':
      return `${label}: all ${short(d.value)}`;
    case 'uniform':
      return `${label}: U(${short(d.low)}, ${short(d.high)})`;
    case 'normal':
      return `${label}: N(${short(d.mean)}, ${short(d.std)}²)`;
  }
}
