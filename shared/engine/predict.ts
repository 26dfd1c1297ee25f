// Predictions of a (possibly still training) model on chosen rows or on a 2-D grid: class
// probabilities per row in inference mode. Used for the decision boundary and the gallery of
// predictions; it allocates per call, as it runs between training slices, not inside a step.

import { allocBatch, gatherBatch, type NormalizerArrays } from './data/batch';
import type { Table } from './datasets/types';
import type { Model } from './model';

export interface GridSpec {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  /** Points per axis. */
  resolution: number;
}

export interface Predictions {
  /** Row-major [rows, classes]. */
  probabilities: Float32Array<ArrayBuffer>;
  classes: number;
  predicted: Int32Array<ArrayBuffer>;
}

/** Class probabilities: the softmax head's output, or [1 - p, p] for one sigmoid unit. */
function probabilitiesOf(out: ArrayLike<number>, count: number, cols: number, into: Float32Array, offset: number): void {
  if (cols === 1) {
    for (let i = 0; i < count; i++) {
      const p = out[i];
      into[(offset + i) * 2] = 1 - p;
      into[(offset + i) * 2 + 1] = p;
    }
    return;
  }
  for (let i = 0; i < count * cols; i++) into[offset * cols + i] = out[i];
}

export function predictRows(model: Model, table: Table, features: number, rows: Int32Array, norm: NormalizerArrays): Predictions {
  if (model.task !== 'classification') throw new Error('Predictions of classes need a classification network');
  const net = model.network;
  const cols = net.outputSize;
  const classes = cols === 1 ? 2 : cols;
  const probabilities = new Float32Array(rows.length * classes);
  const buffers = allocBatch(net.alloc, net.capacity, features, cols);
  for (let start = 0; start < rows.length; start += net.capacity) {
    const count = Math.min(net.capacity, rows.length - start);
    gatherBatch(table, features, rows, start, count, norm, buffers, cols, false);
    net.forward(buffers.x, count, false);
    probabilitiesOf(model.output(), count, cols, probabilities, start);
  }
  const predicted = new Int32Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probabilities[r * classes + c] > probabilities[r * classes + best]) best = c;
    predicted[r] = best;
  }
  return { probabilities, classes, predicted };
}

/** The grid's points, row by row from yMin, in the dataset's own (unnormalized) coordinates. */
export function gridTable(spec: GridSpec): Table {
  const n = spec.resolution;
  const x = new Float64Array(n * n * 2);
  const step = (lo: number, hi: number, i: number) => (n === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * i) / (n - 1));
  for (let iy = 0; iy < n; iy++) {
    for (let ix = 0; ix < n; ix++) {
      const o = (iy * n + ix) * 2;
      x[o] = step(spec.xMin, spec.xMax, ix);
      x[o + 1] = step(spec.yMin, spec.yMax, iy);
    }
  }
  return { x, n: n * n };
}

export function predictGrid(model: Model, spec: GridSpec, norm: NormalizerArrays): Predictions {
  const table = gridTable(spec);
  const rows = new Int32Array(table.n);
  for (let i = 0; i < rows.length; i++) rows[i] = i;
  return predictRows(model, table, 2, rows, norm);
}
