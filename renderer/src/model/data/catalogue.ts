// The built-in datasets as the picker shows them. Names, descriptions, ranges and defaults are
// read from the engine's registry (its zod schemas), so a parameter added there appears here.

import { z } from 'zod';
import { ConfigError } from '../../../../shared/engine/config';
import {
  BUILTIN_DATASETS,
  builtinDatasetNames,
  isBuiltinDatasetName,
  parseBuiltinDatasetParams,
  type BuiltinDatasetName,
} from '../../../../shared/engine/datasets/builtin';

export interface ParamSpec {
  key: string;
  label: string;
  integer: boolean;
  /** Inclusive unless `exclusiveMin`; absent when the engine sets no practical bound. */
  min?: number;
  max?: number;
  exclusiveMin: boolean;
  step: number;
  default: number;
}

export interface CatalogueEntry {
  name: BuiltinDatasetName;
  title: string;
  description: string;
  params: ParamSpec[];
}

/** Display titles; the engine's names are identifiers. Unknown names fall back to the name. */
const TITLES: Record<string, string> = {
  iris: 'Iris',
  xor: 'XOR',
  circles: 'Circles',
  spirals: 'Two spirals',
  blobs: 'Blobs',
  moons: 'Moons',
  'regression-1d': 'Regression 1-D',
};

const PARAM_LABELS: Record<string, string> = {
  n: 'Samples',
  noise: 'Noise (std)',
  seed: 'Seed',
  classes: 'Classes',
  std: 'Blob spread (std)',
};

interface JsonNumber {
  type?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  default?: unknown;
}

/** z.int() reports the safe-integer range as its bounds; that is "no bound" to a person. */
const practical = (v: number | undefined) => (v === undefined || Math.abs(v) >= Number.MAX_SAFE_INTEGER ? undefined : v);

function paramSpecs(name: BuiltinDatasetName): ParamSpec[] {
  const schema = z.toJSONSchema(BUILTIN_DATASETS[name].params as z.ZodType, { io: 'input' }) as {
    properties?: Record<string, JsonNumber>;
  };
  return Object.entries(schema.properties ?? {}).map(([key, p]) => {
    const integer = p.type === 'integer';
    const exclusiveMin = p.exclusiveMinimum !== undefined;
    return {
      key,
      label: PARAM_LABELS[key] ?? key,
      integer,
      min: practical(p.exclusiveMinimum ?? p.minimum),
      max: practical(p.maximum),
      exclusiveMin,
      step: integer ? 1 : 0.01,
      default: typeof p.default === 'number' ? p.default : 0,
    };
  });
}

let cached: CatalogueEntry[] | null = null;

export function builtinCatalogue(): CatalogueEntry[] {
  cached ??= builtinDatasetNames().map((name) => ({
    name,
    title: TITLES[name] ?? name,
    // The engine's text marks parameter names with backticks (for the CLI's help); plain here.
    description: BUILTIN_DATASETS[name].description.replace(/`/g, ''),
    params: paramSpecs(name),
  }));
  return cached;
}

export function catalogueEntry(name: string): CatalogueEntry | undefined {
  return builtinCatalogue().find((e) => e.name === name);
}

export function defaultParams(name: string): Record<string, number> {
  return Object.fromEntries((catalogueEntry(name)?.params ?? []).map((p) => [p.key, p.default]));
}

/**
 * The engine's own one-line complaint about these parameters, or null when they are fine: the
 * panel checks before asking the engine, with the same words the engine would use.
 */
export function checkBuiltinParams(name: string, params: Record<string, unknown>): string | null {
  if (!isBuiltinDatasetName(name)) return `Unknown built-in dataset '${name}'`;
  try {
    parseBuiltinDatasetParams(name, params);
    return null;
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
}
