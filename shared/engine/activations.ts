// Activation functions from the lecture's table: one registry entry each (label, constants with
// their defaults, the traits diagnostics read), over the math in activation-functions/.

import { z } from 'zod';
import { knownNamesError, registry } from './config';
import { linear, sigmoid, softplus, step, tanh } from './activation-functions/classic';
import { elu, leakyRelu, prelu, relu, selu, swish } from './activation-functions/rectifiers';
import { softmax } from './activation-functions/softmax';
import type { Floats } from './tensor';

export { preluSlopeGradient } from './activation-functions/rectifiers';

/** Exact SELU constants (Klambauer et al. 2017); the lecture rounds them to 1.0507 and 1.6733. */
export const SELU_LAMBDA = 1.0507009873554805;
export const SELU_ALPHA = 1.6732632423543772;

/** One mutable object per layer, so a learned PReLU slope can be updated in place. */
export type ActivationConstants = { slope: number; alpha: number; lambda: number };

/** The values of one activation over Float32Array/Float64Array rows, and its scalar form for plots. */
export interface ActivationMath {
  /** Scalar value; throws for softmax, whose value depends on the whole row. */
  f(x: number, c: ActivationConstants): number;
  /** Scalar derivative; throws for softmax (see f). */
  df(x: number, c: ActivationConstants): number;
  /** y = f(x) over rows * cols row-major values. */
  forward(x: Floats, y: Floats, rows: number, cols: number, c: ActivationConstants): void;
  /**
   * dx = dL/dx given x, y = f(x) from forward and dy = dL/dy; dx is overwritten and may be dy.
   * Softmax computes the Jacobian-vector product per row: dx_i = y_i (dy_i - sum_j y_j dy_j).
   */
  backward(x: Floats, y: Floats, dy: Floats, dx: Floats, rows: number, cols: number, c: ActivationConstants): void;
}

/**
 * Each constant's range, wherever it is set (an activation layer, the inspector). Any finite
 * slope: negative slopes are odd but legal, and PReLU learns its sign.
 */
export const CONSTANT_SCHEMAS = {
  slope: z.number({ error: 'Slope must be a number' }),
  alpha: z.number({ error: 'Alpha must be above 0' }).positive('Alpha must be above 0'),
  lambda: z.number({ error: 'Lambda must be above 0' }).positive('Lambda must be above 0'),
} as const satisfies Record<keyof ActivationConstants, z.ZodNumber>;

/** The constants an activation reads, each with its default: the schema of its config. */
function constants<K extends keyof ActivationConstants>(defaults: { [P in K]: number } = {} as { [P in K]: number }) {
  const shape = Object.fromEntries(
    Object.entries<number>(defaults).map(([key, value]) => [key, (CONSTANT_SCHEMAS[key as K] as z.ZodNumber).default(value)]),
  ) as { [P in K]: z.ZodDefault<z.ZodNumber> };
  return z.strictObject(shape);
}

interface ActivationSpec extends ActivationMath {
  readonly label: string;
  readonly schema: z.ZodObject;
  /** 'relu' units can die (dead-unit diagnostics); 'saturating' units can saturate. */
  readonly family: 'relu' | 'saturating' | 'none';
  /** True when the layers below receive no gradient at all (binary step). */
  readonly zeroGradient?: boolean;
  /** False for softmax, which couples the values of a row. */
  readonly elementwise?: boolean;
}

export interface ActivationDef extends ActivationSpec {
  readonly name: ActivationName;
  readonly zeroGradient: boolean;
  readonly elementwise: boolean;
  /** The constants this activation reads and what they start as (its schema's defaults). */
  readonly defaults: Partial<ActivationConstants>;
}

const define = (spec: ActivationSpec) => ({
  zeroGradient: false,
  elementwise: true,
  ...spec,
  defaults: spec.schema.parse({}) as Partial<ActivationConstants>,
});

const REGISTRY = registry('activation', {
  linear: define({ label: 'Linear', schema: constants(), family: 'none', ...linear }),
  step: define({ label: 'Binary step', schema: constants(), family: 'none', zeroGradient: true, ...step }),
  sigmoid: define({ label: 'Sigmoid', schema: constants(), family: 'saturating', ...sigmoid }),
  tanh: define({ label: 'Tanh', schema: constants(), family: 'saturating', ...tanh }),
  softplus: define({ label: 'Softplus', schema: constants(), family: 'none', ...softplus }),
  relu: define({ label: 'ReLU', schema: constants(), family: 'relu', ...relu }),
  'leaky-relu': define({ label: 'LeakyReLU', schema: constants({ slope: 0.01 }), family: 'relu', ...leakyRelu }),
  // The lecture uses 0.1; Keras and PyTorch default to 1.0.
  elu: define({ label: 'ELU', schema: constants({ alpha: 0.1 }), family: 'relu', ...elu }),
  // Initial value only: the activation layer learns the slope (see preluSlopeGradient).
  prelu: define({ label: 'PReLU', schema: constants({ slope: 0.1 }), family: 'relu', ...prelu }),
  selu: define({ label: 'SELU', schema: constants({ lambda: SELU_LAMBDA, alpha: SELU_ALPHA }), family: 'relu', ...selu }),
  swish: define({ label: 'Swish', schema: constants(), family: 'none', ...swish }),
  softmax: define({ label: 'Softmax', schema: constants(), family: 'none', elementwise: false, ...softmax }),
});

export type ActivationName = (typeof REGISTRY.names)[number];

export const ACTIVATIONS: { readonly [K in ActivationName]: ActivationDef } = REGISTRY.entries;

export function activationNames(): ActivationName[] {
  return REGISTRY.names.slice();
}

export const isActivationName = REGISTRY.has;

export const getActivation: (name: string) => ActivationDef = REGISTRY.get;

/** An activation's name in a config, refused with the known names listed. */
export const activationNameSchema = z.enum(REGISTRY.names as unknown as [ActivationName, ...ActivationName[]], {
  error: (issue) =>
    issue.input === undefined
      ? `Activation type is required (known: ${REGISTRY.names.join(', ')})`
      : knownNamesError('activation', issue.input, REGISTRY.names).message,
});

/** Fallbacks for constants an activation does not set itself: the lecture's defaults. */
const BASE_CONSTANTS: Readonly<ActivationConstants> = { slope: 0.01, alpha: 0.1, lambda: SELU_LAMBDA };

/** A fresh constants object: overrides, then the activation's own defaults, then the lecture's. */
export function activationConstants(
  name: string,
  overrides: Partial<ActivationConstants> = {},
): ActivationConstants {
  const c: ActivationConstants = { ...BASE_CONSTANTS, ...getActivation(name).defaults };
  if (overrides.slope !== undefined) c.slope = overrides.slope;
  if (overrides.alpha !== undefined) c.alpha = overrides.alpha;
  if (overrides.lambda !== undefined) c.lambda = overrides.lambda;
  return c;
}
