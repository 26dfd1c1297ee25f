// The initialization lab's measurement: one batch pushed forward and back through a network as an
// initializer starts it, before any training. How the spread of each layer's output and the size
// of each dense layer's weight gradient change with depth is what decides whether a deep network
// trains at all (the lecture's sigmoid networks of 2, 5 and 7 hidden layers). Units that start
// identical never become different (zero initialization), which is not the same failure as ReLU
// units that receive no input above zero (dying ReLU); the probe tells them apart.

import { deadFraction } from './diagnostics';
import { ActivationLayer } from './layers/activation';
import type { BatchTargets } from './losses';
import type { Model } from './model';
import type { Floats } from './tensor';

export interface ProbedLayer {
  index: number;
  type: string;
  label: string;
  /**
   * How much the layer's output varies with the input: each unit's standard deviation over the
   * batch, as the root of their mean variance. Not the spread over units too: a sigmoid layer's
   * units differ in their mean (about 0.5 plus an offset from random weights) whatever the input,
   * which says nothing of the signal that reaches the next layer.
   */
  activationStd: number;
  /** Norm of d(loss)/d(weights), for dense layers; null for the others. */
  gradNorm: number | null;
  /** Share of a ReLU-family layer's units whose input is <= 0 for every row; null for the others. */
  deadFraction: number | null;
  /** For dense layers of two or more units: every unit gives the same output on every row. */
  symmetric: boolean | null;
}

export interface InitProbe {
  loss: number;
  layers: ProbedLayer[];
}

/** sqrt of the mean over units of each unit's variance over the rows: how much it varies with the input. */
function unitStd(a: Floats, rows: number, cols: number): number {
  let total = 0;
  for (let j = 0; j < cols; j++) {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += a[r * cols + j];
    mean /= rows;
    let s = 0;
    for (let r = 0; r < rows; r++) s += (a[r * cols + j] - mean) ** 2;
    total += s / rows;
  }
  return Math.sqrt(total / cols);
}

function norm(a: Floats): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/** Whether every column of a rows x cols matrix equals the first (to float rounding). */
function identicalColumns(a: Floats, rows: number, cols: number): boolean {
  if (cols < 2) return false;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const first = a[o];
    const tolerance = 1e-6 * Math.max(1, Math.abs(first));
    for (let j = 1; j < cols; j++) if (Math.abs(a[o + j] - first) > tolerance) return false;
  }
  return true;
}

/** Forward and backward on `rows` (already normalized) rows; the model's parameters are left as they were. */
export function probeModel(model: Model, x: Floats, targets: BatchTargets, rows: number): InitProbe {
  const net = model.network;
  const loss = model.computeGradients(x, targets, rows);
  const weightGrad = new Map(net.params.filter((p) => p.name.endsWith('.weight')).map((p) => [p.name, p.grad]));
  let symmetricBelow = false;
  const layers = net.layers.map((l, i): ProbedLayer => {
    const out = net.layerOutput(i);
    const grad = l.type === 'dense' ? weightGrad.get(`layers.${i}.weight`) : undefined;
    const symmetric = l.type === 'dense' ? identicalColumns(out, rows, l.outSize) : null;
    if (symmetric !== null) symmetricBelow = symmetric;
    // Units that are all one unit are not dead in the dying-ReLU sense: they are one unit copied.
    const relu = l instanceof ActivationLayer && l.def.family === 'relu';
    const dead = relu && !symmetricBelow ? deadFraction(net.layerInput(i), rows, l.inSize) : relu ? 0 : null;
    return {
      index: i,
      type: l.type,
      label: l.label,
      activationStd: unitStd(out, rows, l.outSize),
      gradNorm: grad ? norm(grad) : null,
      deadFraction: dead,
      symmetric,
    };
  });
  return { loss, layers };
}
