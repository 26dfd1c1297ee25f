// The memory a run will take, worked out from its config before anything is allocated, so that a
// network too large for the machine is refused with its figure instead of dying in the middle of
// allocation ("Array buffer allocation failed") or of V8 running out of heap. The limit is the
// host's to give (shared/node/memory-limits.ts on Node); the engine never reads the machine itself.

import { layerOutSize, parameterCount, type LayerConfig, type LayerKind } from './layers/registry';
import type { OptimizerType } from './optimizers';
import type { DType } from './tensor';

const GiB = 1024 ** 3;

/**
 * The most any host lets one run have, whatever its memory: hosts that know their memory lower
 * it, never raise it. The canvas, which cannot know the engine's host, checks against this.
 */
export const MAX_RUN_BYTES = 64 * GiB;

/** Rows per evaluation chunk: a network's buffers are sized for the larger of this and the batch. */
export const EVAL_CHUNK = 256;

/**
 * Per-parameter state each optimizer keeps beside the values (optimizers.ts): Adam's two moments,
 * the one buffer of momentum, Adagrad and RMSprop. A Record, so a new optimizer cannot be left out.
 */
const OPTIMIZER_STATE: Record<OptimizerType, number> = { sgd: 0, momentum: 1, nesterov: 1, adagrad: 1, rmsprop: 1, adam: 2, adamw: 2 };

/**
 * Values each layer kind keeps per row of its capacity, in the network's dtype (layers/*.ts):
 * every kind holds its output and the gradient it passes down; batch norm also the normalized
 * input, dropout its mask. A Record, so a new layer kind cannot be left out.
 */
const ROW_VALUES: Record<LayerKind, (inSize: number, outSize: number) => number> = {
  dense: (inSize, outSize) => outSize + inSize,
  activation: (inSize) => 2 * inSize,
  batchnorm: (inSize) => 3 * inSize,
  dropout: (inSize) => 3 * inSize,
};

/** Non-trained state (batch-norm running mean and variance), allocated like a parameter: value and grad. */
const BUFFER_VALUES: Record<LayerKind, (inSize: number) => number> = {
  dense: () => 0,
  activation: () => 0,
  batchnorm: (inSize) => 2 * inSize,
  dropout: () => 0,
};

/** Batch norm's per-feature statistics, always float64 (mean, 1/std and two sums). */
const FLOAT64_SCRATCH: Record<LayerKind, (inSize: number) => number> = {
  dense: () => 0,
  activation: () => 0,
  batchnorm: (inSize) => 4 * inSize,
  dropout: () => 0,
};

export interface RunPlan {
  layers: readonly LayerConfig[];
  inputSize: number;
  /** Rows every buffer is sized for: the network's capacity. */
  capacity: number;
  /** The batch the run trains with, for the message; left out where it is not known (the canvas). */
  batchSize?: number;
  /** Left out where it is not known: counted as the optimizer with no state (SGD). */
  optimizer?: OptimizerType;
  dtype?: DType;
  /** Early stopping keeps one more copy of the weights: the best epoch's. */
  earlyStopping?: boolean;
}

export interface RunEstimate {
  bytes: number;
  /** Of which: everything kept per trained value (weights, gradients, copies, optimizer state). */
  parameterBytes: number;
  /** Of which: the buffers sized by the capacity (activations, their gradients, the batch). */
  rowBytes: number;
  /** The layer the canvas pins an over-budget network on: the one holding most of the bytes. */
  heaviestLayer: number | null;
  /** What holds most of the bytes, for the message, e.g. '2 dense layers of 65,536 x 65,536 weights'. */
  bulk: string;
}

const count = (n: number) => n.toLocaleString('en-US');

export function formatBytes(bytes: number, digits = 1): string {
  const [unit, size] = bytes >= GiB ? ['GiB', GiB] : bytes >= 1024 ** 2 ? ['MiB', 1024 ** 2] : ['KiB', 1024];
  return `${(bytes / size).toFixed(digits)} ${unit}`;
}

/** Both figures with as many decimals as it takes (up to 3) for "X, more than the limit of Y" not to read X = Y. */
function formatPair(bytes: number, limit: number): [string, string] {
  let digits = 1;
  while (digits < 3 && formatBytes(bytes, digits) === formatBytes(limit, digits)) digits++;
  return [formatBytes(bytes, digits), formatBytes(limit, digits)];
}

/**
 * What the Network, its Model, the TrainingStep (gradients, the values before an update, the
 * epoch checkpoint, the batch) and the Evaluator allocate for this plan, in bytes. Pure arithmetic
 * over the config, so a network of any size is judged without a byte of it existing.
 */
export function estimateRun(plan: RunPlan): RunEstimate {
  const width = plan.dtype === 'float64' ? 8 : 4;
  const checkpoints = 1 + (plan.earlyStopping ? 1 : 0);
  // value, grad, the copy before an update (update ratios), the checkpoint(s), the optimizer's state.
  const perParameter = width * (2 + 1 + checkpoints + OPTIMIZER_STATE[plan.optimizer ?? 'sgd']);
  const perBuffer = width * (2 + checkpoints);
  const rows = plan.capacity;

  let parameterBytes = 0;
  let rowValues = 0;
  let size = plan.inputSize;
  const layerBytes: number[] = [];
  plan.layers.forEach((layer) => {
    const outSize = layerOutSize(layer, size);
    const params = parameterCount([layer], size) * perParameter + BUFFER_VALUES[layer.type](size) * perBuffer + 8 * FLOAT64_SCRATCH[layer.type](size);
    const values = ROW_VALUES[layer.type](size, outSize);
    parameterBytes += params;
    rowValues += values;
    layerBytes.push(params + values * rows * width);
    size = outSize;
  });
  // The loss gradient, and the batch buffers (inputs, targets) of the step and of the evaluator.
  rowValues += size + 2 * (plan.inputSize + size);
  // Labels of both batches and the evaluator's predicted classes, as int32.
  const rowBytes = rows * (rowValues * width + 3 * 4);
  const bytes = parameterBytes + rowBytes;

  // A loop, not Math.max(...): a spread of a very deep network's layers would overflow the stack.
  let heaviest = -1;
  layerBytes.forEach((b, i) => {
    if (heaviest < 0 || b > layerBytes[heaviest]) heaviest = i;
  });
  if (parameterBytes < rowBytes || heaviest < 0) {
    const bulk = `${count(rows)} rows x ${count(rowValues)} values of activations and their gradients`;
    return { bytes, parameterBytes, rowBytes, heaviestLayer: heaviest < 0 ? null : heaviest, bulk };
  }
  return { bytes, parameterBytes, rowBytes, heaviestLayer: heaviest, bulk: describeBulk(plan, heaviest, layerBytes, bytes) };
}

/** The heaviest layer and its like (same kind and shape), as many as there are: '2 dense layers of 784 x 256 weights'. */
function describeBulk(plan: RunPlan, heaviest: number, layerBytes: readonly number[], total: number): string {
  const inSizes = [plan.inputSize];
  for (const l of plan.layers) inSizes.push(layerOutSize(l, inSizes[inSizes.length - 1]));
  const shapeOf = (i: number) => `${plan.layers[i].type} ${inSizes[i]} ${inSizes[i + 1]}`;
  const like = plan.layers.map((_, i) => i).filter((i) => shapeOf(i) === shapeOf(heaviest));
  const share = like.reduce((s, i) => s + layerBytes[i], 0) / total;
  const layer = plan.layers[heaviest];
  const n = like.length;
  const what =
    layer.type === 'dense'
      ? `${n} dense layer${n === 1 ? '' : 's'} of ${count(inSizes[heaviest])} x ${count(layer.units)} weights`
      : `${n} ${layer.type} layer${n === 1 ? '' : 's'} of ${count(inSizes[heaviest])} units`;
  // Other layers of note would make "2 dense layers of ..." read as if they were all there is.
  return share < 0.9 ? `mostly ${what}` : what;
}

/**
 * Why the plan does not fit under `limit` bytes, as one line starting lowercase
 * ("the network needs 34.4 GiB (...), more than the limit of 12.0 GiB"), or null when it fits.
 * `subject` names what needs it ("the network", "configuration hidden=2x64").
 */
export function overBudget(plan: RunPlan, limit: number, subject = 'the network'): { message: string; layer: number | null } | null {
  const estimate = estimateRun(plan);
  // A width that is not a number (a field being edited) is the layer schema's to report, not a size.
  if (!Number.isFinite(estimate.bytes) || estimate.bytes <= limit) return null;
  const details = [estimate.bulk];
  // The rows are named in the bulk when they are what weighs; otherwise the batch and the
  // optimizer's copies explain the figure.
  if (estimate.parameterBytes >= estimate.rowBytes) {
    if (plan.optimizer && OPTIMIZER_STATE[plan.optimizer] > 0) details.push(`with ${plan.optimizer}`);
    if (plan.batchSize !== undefined) details.push(`at batch ${count(plan.batchSize)}`);
  }
  // Without the optimizer and batch the figure is what the smallest run of this network takes.
  const atLeast = plan.optimizer === undefined && plan.batchSize === undefined ? 'at least ' : '';
  const [needed, allowed] = formatPair(estimate.bytes, limit);
  return {
    message: `${subject} needs ${atLeast}${needed} (${details.join(' ')}), more than the limit of ${allowed}`,
    layer: estimate.heaviestLayer,
  };
}

/**
 * The limit for hosts that cannot ask the machine (a browser, a Web Worker): half of what
 * navigator.deviceMemory reports (which browsers round down and cap at 8 GiB), else 2 GiB.
 */
export function defaultMemoryLimit(): number {
  const reported = (globalThis as { navigator?: { deviceMemory?: unknown } }).navigator?.deviceMemory;
  const device = typeof reported === 'number' && reported > 0 ? reported * GiB : 4 * GiB;
  return Math.min(MAX_RUN_BYTES, Math.floor(device / 2));
}
