// One training step laid bare: every pre-activation, activation, probability, the loss, each
// gradient and the updated parameters, as plain JSON. This is how the lecture's worked examples
// are reproduced number by number.

import type { BatchTargets } from './losses';
import type { Model } from './model';
import { createOptimizer, type OptimizerConfig } from './optimizers';
import type { Floats } from './tensor';

export interface InspectedLayer {
  index: number;
  type: string;
  label: string;
  /** [rows][units] output of this layer (for a dense layer: its pre-activations z = xW + b). */
  output: number[][];
  /** dL/d(output of this layer); absent above a fused loss (the softmax or sigmoid head). */
  outputGradient?: number[][];
}

export interface InspectedTensor {
  shape: number[];
  /** Nested rows for 2-D tensors, a flat list for 1-D ones. */
  value: number[] | number[][];
}

export interface InspectionResult {
  rows: number;
  lr: number;
  input: number[][];
  layers: InspectedLayer[];
  /** The network output: class probabilities for a softmax head. */
  output: number[][];
  loss: number;
  /** dL/d(loss input): the logits for a fused softmax/sigmoid loss, else the output. */
  lossGradient: { of: 'logits' | 'output'; value: number[][] };
  parameters: Record<string, { before: InspectedTensor; gradient: InspectedTensor; after: InspectedTensor }>;
  /** A second forward with the updated parameters. */
  after: { loss: number; layers: { index: number; output: number[][] }[]; output: number[][] };
}

function rowsOf(a: Floats, rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) out.push(Array.from(a.subarray(r * cols, (r + 1) * cols)));
  return out;
}

function tensorOf(a: Floats, shape: readonly number[]): InspectedTensor {
  return shape.length === 2
    ? { shape: [...shape], value: rowsOf(a, shape[0], shape[1]) }
    : { shape: [...shape], value: Array.from(a) };
}

/**
 * Runs forward, backward and one optimizer update on the given (already normalized) rows, in
 * training mode, and reports everything. The model's parameters are updated, as in training.
 */
export function inspectStep(
  model: Model,
  x: Floats,
  targets: BatchTargets,
  rows: number,
  optimizer: OptimizerConfig,
  lr: number,
): InspectionResult {
  const net = model.network;
  const outputGrads = new Map<number, number[][]>();
  const params = net.params;
  const before = params.map((p) => tensorOf(p.value, p.shape));
  const loss = model.computeGradients(x, targets, rows, (i, g) => {
    outputGrads.set(i, rowsOf(g, rows, net.layers[i].outSize));
  });
  const layers: InspectedLayer[] = net.layers.map((l, i) => {
    const entry: InspectedLayer = { index: i, type: l.type, label: l.label, output: rowsOf(net.layerOutput(i), rows, l.outSize) };
    const g = outputGrads.get(i);
    if (g) entry.outputGradient = g;
    return entry;
  });
  const output = rowsOf(model.output(), rows, net.outputSize);
  const lossGradient = {
    of: model.fusedLayer >= 0 ? ('logits' as const) : ('output' as const),
    value: rowsOf(model.lossGrad, rows, net.outputSize),
  };
  const gradients = params.map((p) => tensorOf(p.grad, p.shape));
  createOptimizer(optimizer, params).step(lr);
  const parameters: InspectionResult['parameters'] = {};
  params.forEach((p, i) => {
    parameters[p.name] = { before: before[i], gradient: gradients[i], after: tensorOf(p.value, p.shape) };
  });
  const lossAfter = model.forwardLoss(x, targets, rows, true);
  return {
    rows,
    lr,
    input: rowsOf(x, rows, net.inputSize),
    layers,
    output,
    loss,
    lossGradient,
    parameters,
    after: {
      loss: lossAfter,
      layers: net.layers.map((l, i) => ({ index: i, output: rowsOf(net.layerOutput(i), rows, l.outSize) })),
      output: rowsOf(model.output(), rows, net.outputSize),
    },
  };
}
