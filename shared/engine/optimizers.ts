// Optimizers: the per-parameter update rules (PyTorch semantics) and the registry that names each
// one, its config schema with defaults, and how to build it.

import { z } from 'zod';
import { registry, typedConfigs } from './config';
import type { Param } from './params';
import { NO_FAST_OPS, type FastOps } from './kernel/fast-ops';
import { allocFloats, type Allocator, type Floats } from './tensor';

export interface Optimizer {
  readonly config: OptimizerConfig;
  /** Steps taken since construction or the last reset: the t of the bias corrections. */
  readonly steps: number;
  /** Updates every parameter from its current gradient; lr comes from the schedule, not config.lr. */
  step(lr: number): void;
  /** Forgets all state (moments, accumulators, step count), as if freshly constructed. */
  reset(): void;
}

/**
 * The optimizer for params. With the network's allocator, float32 state lives where the params do
 * and the kernel's element-wise updates run where it has them (SGD, momentum, Adam).
 */
export function createOptimizer(config: OptimizerConfig, params: readonly Param[], alloc?: Allocator): Optimizer {
  const parsed = parseOptimizerConfig(config);
  checkParams(params);
  const state: StateMaker = (p, fill) => stateLike(p, fill, alloc);
  const build = REGISTRY.get(parsed.type).build as (c: OptimizerConfig, params: readonly Param[], state: StateMaker, fast: FastOps) => Optimizer;
  return build(parsed, params, state, alloc?.fast ?? NO_FAST_OPS);
}

function checkParams(params: readonly Param[]): void {
  const seen = new Set<Floats>();
  for (const p of params) {
    if (p.grad.length !== p.value.length) {
      throw new Error(`Param '${p.name}' has ${p.value.length} values but ${p.grad.length} gradients`);
    }
    // A shared buffer listed twice would be stepped twice per step.
    if (seen.has(p.value)) throw new Error(`Param '${p.name}' is listed more than once`);
    seen.add(p.value);
  }
}

type StateMaker = (p: Param, fill: number) => Floats;

/** State buffers match the parameter's dtype, as PyTorch's do. */
function stateLike(p: Param, fill: number, alloc?: Allocator): Floats {
  const a = alloc && p.value instanceof Float32Array ? alloc.floats(p.value.length) : allocFloats(p.value instanceof Float64Array ? 'float64' : 'float32', p.value.length);
  if (fill !== 0) a.fill(fill);
  return a;
}

abstract class BaseOptimizer<C extends OptimizerConfig> implements Optimizer {
  private t = 0;

  constructor(
    readonly config: C,
    protected readonly params: readonly Param[],
    protected readonly fast: FastOps,
  ) {}

  get steps(): number {
    return this.t;
  }

  step(lr: number): void {
    // lr 0 is legal: a cosine schedule with minLr 0 can reach it.
    if (!(lr >= 0 && lr < Infinity)) throw new Error(`Learning rate must be finite and >= 0, got ${lr}`);
    const t = this.t + 1;
    for (let i = 0; i < this.params.length; i++) this.update(i, this.params[i], lr, t);
    this.t = t;
  }

  reset(): void {
    this.t = 0;
    this.clearState();
  }

  /** Updates params[index] for step t (1-based); must not allocate. */
  protected abstract update(index: number, p: Param, lr: number, t: number): void;
  protected abstract clearState(): void;
}

/**
 * Plain SGD (torch.optim.SGD with momentum 0):
 *   g = grad + weightDecay * w        (L2, decay params only)
 *   w = w - lr * g
 */
class Sgd extends BaseOptimizer<ConfigOf<'sgd'>> {
  protected update(_index: number, p: Param, lr: number): void {
    const w = p.value;
    const grad = p.grad;
    const wd = p.decay ? this.config.weightDecay : 0;
    if (this.fast.sgd(w, grad, lr, wd)) return;
    for (let j = 0; j < w.length; j++) w[j] -= lr * (grad[j] + wd * w[j]);
  }

  protected clearState(): void {}
}

/**
 * SGD with momentum (torch.optim.SGD, momentum > 0), heavy-ball or Nesterov:
 *   g = grad + weightDecay * w        (L2, decay params only)
 *   v = g                             at t = 1
 *   v = mu * v + (1 - dampening) * g  at t > 1 (Nesterov: dampening 0)
 *   w = w - lr * v                    heavy-ball
 *   w = w - lr * (g + mu * v)         Nesterov
 */
class Momentum extends BaseOptimizer<ConfigOf<'momentum' | 'nesterov'>> {
  private readonly velocity: Floats[];
  private readonly dampening: number;
  private readonly nesterov: boolean;

  constructor(config: ConfigOf<'momentum' | 'nesterov'>, params: readonly Param[], state: StateMaker, fast: FastOps) {
    super(config, params, fast);
    this.velocity = params.map((p) => state(p, 0));
    this.dampening = config.type === 'momentum' ? config.dampening : 0;
    this.nesterov = config.type === 'nesterov';
  }

  protected update(index: number, p: Param, lr: number, t: number): void {
    const w = p.value;
    const grad = p.grad;
    const v = this.velocity[index];
    const wd = p.decay ? this.config.weightDecay : 0;
    const mu = this.config.momentum;
    // PyTorch seeds the buffer with the undampened first gradient.
    const keep = t === 1 ? 0 : mu;
    const scale = t === 1 ? 1 : 1 - this.dampening;
    const nesterov = this.nesterov;
    if (this.fast.momentum(w, grad, v, lr, wd, mu, this.dampening, t === 1, nesterov)) return;
    for (let j = 0; j < w.length; j++) {
      const g = grad[j] + wd * w[j];
      const vj = keep * v[j] + scale * g;
      v[j] = vj;
      w[j] -= lr * (nesterov ? g + mu * vj : vj);
    }
  }

  protected clearState(): void {
    for (const v of this.velocity) v.fill(0);
  }
}

/**
 * Adagrad (torch.optim.Adagrad, lr_decay 0):
 *   g = grad + weightDecay * w        (L2, decay params only)
 *   s = s + g^2                       (s starts at initialAccumulator)
 *   w = w - lr * g / (sqrt(s) + eps)
 */
class Adagrad extends BaseOptimizer<ConfigOf<'adagrad'>> {
  private readonly sum: Floats[];

  constructor(config: ConfigOf<'adagrad'>, params: readonly Param[], state: StateMaker, fast: FastOps) {
    super(config, params, fast);
    this.sum = params.map((p) => state(p, config.initialAccumulator));
  }

  protected update(index: number, p: Param, lr: number): void {
    const w = p.value;
    const grad = p.grad;
    const s = this.sum[index];
    const wd = p.decay ? this.config.weightDecay : 0;
    const eps = this.config.eps;
    for (let j = 0; j < w.length; j++) {
      const g = grad[j] + wd * w[j];
      const sj = s[j] + g * g;
      s[j] = sj;
      w[j] -= (lr * g) / (Math.sqrt(sj) + eps);
    }
  }

  protected clearState(): void {
    for (const s of this.sum) s.fill(this.config.initialAccumulator);
  }
}

/**
 * RMSprop (torch.optim.RMSprop, momentum 0, not centered):
 *   g = grad + weightDecay * w        (L2, decay params only)
 *   s = alpha * s + (1 - alpha) * g^2 (s starts at 0)
 *   w = w - lr * g / (sqrt(s) + eps)
 */
class RmsProp extends BaseOptimizer<ConfigOf<'rmsprop'>> {
  private readonly squareAvg: Floats[];

  constructor(config: ConfigOf<'rmsprop'>, params: readonly Param[], state: StateMaker, fast: FastOps) {
    super(config, params, fast);
    this.squareAvg = params.map((p) => state(p, 0));
  }

  protected update(index: number, p: Param, lr: number): void {
    const w = p.value;
    const grad = p.grad;
    const s = this.squareAvg[index];
    const wd = p.decay ? this.config.weightDecay : 0;
    const alpha = this.config.alpha;
    const eps = this.config.eps;
    for (let j = 0; j < w.length; j++) {
      const g = grad[j] + wd * w[j];
      const sj = alpha * s[j] + (1 - alpha) * g * g;
      s[j] = sj;
      w[j] -= (lr * g) / (Math.sqrt(sj) + eps);
    }
  }

  protected clearState(): void {
    for (const s of this.squareAvg) s.fill(0);
  }
}

/**
 * Adam and AdamW (torch.optim.Adam / torch.optim.AdamW, amsgrad off), t counted from 1:
 *   Adam:  g = grad + weightDecay * w            (L2, decay params only)
 *   AdamW: g = grad; w = w - lr * weightDecay * w (decoupled, decay params only)
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   mhat = m / (1 - beta1^t),  vhat = v / (1 - beta2^t)
 *   w = w - lr * mhat / (sqrt(vhat) + eps)
 */
class Adam extends BaseOptimizer<ConfigOf<'adam' | 'adamw'>> {
  private readonly m: Floats[];
  private readonly v: Floats[];
  private readonly decoupled: boolean;

  constructor(config: ConfigOf<'adam' | 'adamw'>, params: readonly Param[], state: StateMaker, fast: FastOps) {
    super(config, params, fast);
    this.m = params.map((p) => state(p, 0));
    this.v = params.map((p) => state(p, 0));
    this.decoupled = config.type === 'adamw';
  }

  protected update(index: number, p: Param, lr: number, t: number): void {
    const w = p.value;
    const grad = p.grad;
    const m = this.m[index];
    const v = this.v[index];
    const { beta1, beta2, eps, weightDecay } = this.config;
    const wd = p.decay ? weightDecay : 0;
    // Decoupled decay shrinks w and leaves the gradient alone; L2 does the opposite.
    const l2 = this.decoupled ? 0 : wd;
    const shrink = this.decoupled ? 1 - lr * wd : 1;
    const correction1 = 1 - Math.pow(beta1, t);
    const correction2 = 1 - Math.pow(beta2, t);
    if (this.fast.adam(w, grad, m, v, lr, wd, beta1, beta2, eps, correction1, correction2, this.decoupled)) return;
    for (let j = 0; j < w.length; j++) {
      const wj = w[j] * shrink;
      const g = grad[j] + l2 * wj;
      const mj = beta1 * m[j] + (1 - beta1) * g;
      const vj = beta2 * v[j] + (1 - beta2) * g * g;
      m[j] = mj;
      v[j] = vj;
      w[j] = wj - (lr * (mj / correction1)) / (Math.sqrt(vj / correction2) + eps);
    }
  }

  protected clearState(): void {
    for (const a of this.m) a.fill(0);
    for (const a of this.v) a.fill(0);
  }
}

interface OptimizerSpec<S extends z.ZodObject> {
  readonly label: string;
  readonly schema: S;
  /** The optimizer over params, its state made by `state` (once, here). */
  build(config: z.output<S>, params: readonly Param[], state: StateMaker, fast: FastOps): Optimizer;
}

// Ties each entry's build to its own schema's output type.
const define = <S extends z.ZodObject>(spec: OptimizerSpec<S>) => spec;

const lr = z.number().positive().default(0.01);
const weightDecay = (fallback: number) => z.number().min(0).default(fallback);
// Momentum and betas of 1 or more never forget a gradient, so the update grows without bound.
const fraction = (fallback: number) => z.number().min(0).lt(1).default(fallback);
// eps only guards a division; zero would let a never-seen (zero) gradient produce 0/0.
const eps = (fallback: number) => z.number().positive().default(fallback);

function adamSchema<T extends 'adam' | 'adamw'>(type: T, decay: number) {
  return z.strictObject({ type: z.literal(type), lr, weightDecay: weightDecay(decay), beta1: fraction(0.9), beta2: fraction(0.999), eps: eps(1e-8) });
}

// In order of complexity, as tinygrad sorts them: each adds one idea to the one before.
const REGISTRY = registry('optimizer', {
  sgd: define({
    label: 'SGD',
    schema: z.strictObject({ type: z.literal('sgd'), lr, weightDecay: weightDecay(0) }),
    build: (c, params, _state, fast): Optimizer => new Sgd(c, params, fast),
  }),
  momentum: define({
    label: 'SGD with momentum',
    schema: z.strictObject({
      type: z.literal('momentum'),
      lr,
      weightDecay: weightDecay(0),
      momentum: fraction(0.9),
      dampening: z.number().min(0).max(1).default(0),
    }),
    build: (c, params, state, fast): Optimizer => new Momentum(c, params, state, fast),
  }),
  nesterov: define({
    label: 'Nesterov momentum',
    schema: z.strictObject({
      type: z.literal('nesterov'),
      lr,
      weightDecay: weightDecay(0),
      // PyTorch rejects Nesterov with zero momentum: it would silently be plain SGD.
      momentum: z.number().positive().lt(1).default(0.9),
    }),
    build: (c, params, state, fast): Optimizer => new Momentum(c, params, state, fast),
  }),
  adagrad: define({
    label: 'Adagrad',
    schema: z.strictObject({
      type: z.literal('adagrad'),
      lr,
      weightDecay: weightDecay(0),
      eps: eps(1e-10),
      initialAccumulator: z.number().min(0).default(0),
    }),
    build: (c, params, state, fast): Optimizer => new Adagrad(c, params, state, fast),
  }),
  rmsprop: define({
    label: 'RMSprop',
    schema: z.strictObject({ type: z.literal('rmsprop'), lr, weightDecay: weightDecay(0), alpha: fraction(0.99), eps: eps(1e-8) }),
    build: (c, params, state, fast): Optimizer => new RmsProp(c, params, state, fast),
  }),
  adam: define({
    label: 'Adam',
    schema: adamSchema('adam', 0),
    build: (c, params, state, fast): Optimizer => new Adam(c, params, state, fast),
  }),
  // Adam with decoupled weight decay: the same moments, a different decay.
  adamw: define({
    label: 'AdamW',
    schema: adamSchema('adamw', 0.01),
    build: (c, params, state, fast): Optimizer => new Adam(c, params, state, fast),
  }),
});
const CONFIGS = typedConfigs('optimizer', REGISTRY);

export const OPTIMIZERS = REGISTRY.entries;
export const optimizerConfigSchema = CONFIGS.schema;
export type OptimizerConfig = z.output<typeof optimizerConfigSchema>;
export type OptimizerConfigInput = z.input<typeof optimizerConfigSchema>;
export type OptimizerType = (typeof REGISTRY.names)[number];
type ConfigOf<T extends OptimizerType> = Extract<OptimizerConfig, { type: T }>;

export function optimizerNames(): readonly OptimizerType[] {
  return REGISTRY.names;
}

/** Validates and fills defaults; every failure is one line naming the offending field. */
export const parseOptimizerConfig: (input: unknown) => OptimizerConfig = CONFIGS.parse;
