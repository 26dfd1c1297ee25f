// Evaluation metrics (scikit-learn definitions), one-shot and streamed batch by batch.

import type { Floats } from './tensor';

export interface ClassMetrics {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Rows whose true class is this one. */
  readonly support: number;
}

export interface ClassificationReport {
  readonly accuracy: number;
  readonly perClass: readonly ClassMetrics[];
  /** Unweighted mean over the classes that occur as a label or a prediction (scikit-learn's default). */
  readonly macro: { readonly precision: number; readonly recall: number; readonly f1: number };
}

export interface RegressionReport {
  /** Mean absolute error over every row and output. */
  readonly mae: number;
  /** Root mean squared error of each output, averaged over outputs (scikit-learn's 'uniform_average'). */
  readonly rmse: number;
  /** R² of each output, averaged over outputs; a constant target scores 1 if predicted exactly, else 0. */
  readonly r2: number;
}

function checkCount(what: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new Error(`${what} must be an integer >= ${min}, got ${value}`);
}

function checkLength(what: string, array: ArrayLike<number>, needed: number): void {
  if (array.length < needed) throw new Error(`${what} has ${array.length} values, need at least ${needed}`);
}

/** Adds n (label, prediction) pairs into a row-major confusion matrix; no allocation. */
function tally(
  confusion: Int32Array,
  numClasses: number,
  labels: Int32Array,
  labelOffset: number,
  predicted: Int32Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const label = labels[labelOffset + i];
    const guess = predicted[i];
    if (!(label >= 0 && label < numClasses)) {
      throw new Error(`Label ${label} at row ${labelOffset + i} is not in [0, ${numClasses})`);
    }
    if (!(guess >= 0 && guess < numClasses)) {
      throw new Error(`Prediction ${guess} at row ${i} is not in [0, ${numClasses})`);
    }
    confusion[label * numClasses + guess]++;
  }
}

/** Counts [numClasses, numClasses], row-major: row = true class, column = predicted class. */
export function confusionMatrix(labels: Int32Array, predicted: Int32Array, n: number, numClasses: number): Int32Array {
  checkCount('Number of classes', numClasses, 1);
  checkCount('Row count', n, 0);
  checkLength('Labels', labels, n);
  checkLength('Predictions', predicted, n);
  const confusion = new Int32Array(numClasses * numClasses);
  tally(confusion, numClasses, labels, 0, predicted, n);
  return confusion;
}

/** Fraction of the first n rows predicted correctly; 0 for no rows. */
export function accuracy(labels: Int32Array, predicted: Int32Array, n: number): number {
  checkCount('Row count', n, 0);
  checkLength('Labels', labels, n);
  checkLength('Predictions', predicted, n);
  let correct = 0;
  for (let i = 0; i < n; i++) if (labels[i] === predicted[i]) correct++;
  return n === 0 ? 0 : correct / n;
}

/** 0/0 is 0, as scikit-learn's zero_division=0. */
function ratio(num: number, den: number): number {
  return den === 0 ? 0 : num / den;
}

/** Per-class precision, recall, F1 and support from a confusion matrix as confusionMatrix returns it. */
export function classificationReport(confusion: Int32Array, numClasses: number): ClassificationReport {
  checkCount('Number of classes', numClasses, 1);
  if (confusion.length !== numClasses * numClasses) {
    throw new Error(`Confusion matrix has ${confusion.length} cells, expected ${numClasses}x${numClasses}`);
  }
  let total = 0;
  let correct = 0;
  let present = 0;
  const macro = { precision: 0, recall: 0, f1: 0 };
  const perClass: ClassMetrics[] = [];
  for (let c = 0; c < numClasses; c++) {
    let support = 0;
    let predictedAs = 0;
    for (let k = 0; k < numClasses; k++) {
      support += confusion[c * numClasses + k];
      predictedAs += confusion[k * numClasses + c];
    }
    const tp = confusion[c * numClasses + c];
    const metrics = {
      precision: ratio(tp, predictedAs),
      recall: ratio(tp, support),
      // 2tp / (2tp + fp + fn) is the harmonic mean of the two, and 0 rather than 0/0 when both are 0.
      f1: ratio(2 * tp, support + predictedAs),
      support,
    };
    perClass.push(metrics);
    total += support;
    correct += tp;
    // A class never seen nor predicted says nothing about the model, so it does not drag the mean down.
    if (support + predictedAs > 0) {
      present++;
      macro.precision += metrics.precision;
      macro.recall += metrics.recall;
      macro.f1 += metrics.f1;
    }
  }
  return {
    accuracy: ratio(correct, total),
    perClass,
    macro: {
      precision: ratio(macro.precision, present),
      recall: ratio(macro.recall, present),
      f1: ratio(macro.f1, present),
    },
  };
}

/** Regression metrics of the first n rows of row-major [n, dims] targets and predictions. */
export function regressionReport(targets: Floats, predictions: Floats, n: number, dims: number): RegressionReport {
  const accumulator = new RegressionAccumulator(dims);
  accumulator.add(targets, predictions, n);
  return accumulator.report();
}

/** A confusion matrix built up batch by batch, since evaluation runs in chunks; add never allocates. */
export class ClassificationAccumulator {
  readonly numClasses: number;
  /** Row-major counts: row = true class, column = predicted class. */
  readonly confusion: Int32Array;

  constructor(numClasses: number) {
    checkCount('Number of classes', numClasses, 1);
    this.numClasses = numClasses;
    this.confusion = new Int32Array(numClasses * numClasses);
  }

  get count(): number {
    let total = 0;
    for (let i = 0; i < this.confusion.length; i++) total += this.confusion[i];
    return total;
  }

  reset(): void {
    this.confusion.fill(0);
  }

  /**
   * Adds one batch: either n predicted class ids, or a row-major [rows, cols] matrix of
   * probabilities or logits (cols = numClasses) whose row argmax is the prediction (first on ties).
   * labelOffset is the batch's first row within labels, so a split's labels need no slicing.
   */
  add(labels: Int32Array, predicted: Int32Array, n: number, labelOffset?: number): void;
  add(labels: Int32Array, scores: Floats, rows: number, cols: number, labelOffset?: number): void;
  add(labels: Int32Array, predictions: Int32Array | Floats, rows: number, a?: number, b?: number): void {
    const k = this.numClasses;
    if (predictions instanceof Int32Array) {
      const labelOffset = a ?? 0;
      this.checkBatch(labels, labelOffset, rows);
      checkLength('Predictions', predictions, rows);
      tally(this.confusion, k, labels, labelOffset, predictions, rows);
      return;
    }
    const cols = a ?? k;
    const labelOffset = b ?? 0;
    if (cols !== k) throw new Error(`Score matrix has ${cols} columns, expected one per class (${k})`);
    this.checkBatch(labels, labelOffset, rows);
    checkLength('Scores', predictions, rows * cols);
    for (let i = 0; i < rows; i++) {
      const base = i * cols;
      let best = 0;
      let bestScore = predictions[base];
      for (let c = 1; c < cols; c++) {
        const s = predictions[base + c];
        if (s > bestScore) {
          bestScore = s;
          best = c;
        }
      }
      const label = labels[labelOffset + i];
      if (!(label >= 0 && label < k)) throw new Error(`Label ${label} at row ${labelOffset + i} is not in [0, ${k})`);
      this.confusion[label * k + best]++;
    }
  }

  report(): ClassificationReport {
    return classificationReport(this.confusion, this.numClasses);
  }

  private checkBatch(labels: Int32Array, labelOffset: number, rows: number): void {
    checkCount('Row count', rows, 0);
    checkCount('Label offset', labelOffset, 0);
    checkLength('Labels', labels, labelOffset + rows);
  }
}

/**
 * Regression sums built up batch by batch; add never allocates. Target means and spreads use
 * Welford's update, so R² stays accurate when targets are large relative to their spread and
 * the result does not depend on how rows are split into batches.
 */
export class RegressionAccumulator {
  readonly dims: number;
  private rows = 0;
  private readonly absError: Float64Array;
  private readonly squaredError: Float64Array;
  private readonly targetMean: Float64Array;
  /** Sum of squared deviations of targets from their running mean (SStot). */
  private readonly targetSpread: Float64Array;

  constructor(dims: number) {
    checkCount('Output count', dims, 1);
    this.dims = dims;
    this.absError = new Float64Array(dims);
    this.squaredError = new Float64Array(dims);
    this.targetMean = new Float64Array(dims);
    this.targetSpread = new Float64Array(dims);
  }

  get count(): number {
    return this.rows;
  }

  reset(): void {
    this.rows = 0;
    this.absError.fill(0);
    this.squaredError.fill(0);
    this.targetMean.fill(0);
    this.targetSpread.fill(0);
  }

  /**
   * Adds rows of row-major [rows, dims] predictions against the targets starting at row
   * targetOffset, so a split's targets need no slicing.
   */
  add(targets: Floats, predictions: Floats, rows: number, targetOffset = 0): void {
    const dims = this.dims;
    checkCount('Row count', rows, 0);
    checkCount('Target offset', targetOffset, 0);
    checkLength('Targets', targets, (targetOffset + rows) * dims);
    checkLength('Predictions', predictions, rows * dims);
    const { absError, squaredError, targetMean, targetSpread } = this;
    for (let i = 0; i < rows; i++) {
      const seen = ++this.rows;
      const tBase = (targetOffset + i) * dims;
      const pBase = i * dims;
      for (let d = 0; d < dims; d++) {
        const y = targets[tBase + d];
        const e = predictions[pBase + d] - y;
        absError[d] += Math.abs(e);
        squaredError[d] += e * e;
        const delta = y - targetMean[d];
        targetMean[d] += delta / seen;
        targetSpread[d] += delta * (y - targetMean[d]);
      }
    }
  }

  /** All zeros before any row is added. */
  report(): RegressionReport {
    const n = this.rows;
    if (n === 0) return { mae: 0, rmse: 0, r2: 0 };
    let mae = 0;
    let rmse = 0;
    let r2 = 0;
    for (let d = 0; d < this.dims; d++) {
      const ssRes = this.squaredError[d];
      const ssTot = this.targetSpread[d];
      mae += this.absError[d] / n;
      rmse += Math.sqrt(ssRes / n);
      r2 += ssTot > 0 ? 1 - ssRes / ssTot : ssRes > 0 ? 0 : 1;
    }
    return { mae: mae / this.dims, rmse: rmse / this.dims, r2: r2 / this.dims };
  }
}
