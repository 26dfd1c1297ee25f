// Inference-mode evaluation of a split in chunks of the network's capacity: mean loss plus
// classification or regression metrics, reusing preallocated buffers.

import { allocBatch, gatherBatch, type BatchBuffers, type NormalizerArrays } from './data/batch';
import type { Table } from './datasets/types';
import type { EvalResult, FinalEval } from './events';
import { ClassificationAccumulator, RegressionAccumulator } from './metrics';
import { predictedClass, type Model } from './model';

export class Evaluator {
  private readonly buffers: BatchBuffers;
  private readonly predicted: Int32Array;
  private readonly classes: ClassificationAccumulator | null;
  private readonly regression: RegressionAccumulator | null;

  constructor(
    private readonly model: Model,
    private readonly features: number,
    private readonly norm: NormalizerArrays,
    /** Classes for classification, outputs for regression. */
    private readonly targetSize: number,
  ) {
    const net = model.network;
    this.buffers = allocBatch(net.alloc, net.capacity, features, net.outputSize);
    this.predicted = new Int32Array(net.capacity);
    const classification = model.task === 'classification';
    this.classes = classification ? new ClassificationAccumulator(targetSize) : null;
    this.regression = classification ? null : new RegressionAccumulator(net.outputSize);
  }

  evaluate(table: Table, rows: Int32Array): EvalResult {
    const r = this.run(table, rows);
    return r.result;
  }

  /** Evaluation with the confusion matrix and macro F1, for the end of a run. */
  evaluateFinal(table: Table, rows: Int32Array): FinalEval {
    const { result } = this.run(table, rows);
    if (!this.classes) return result;
    const report = this.classes.report();
    return { ...result, confusion: Array.from(this.classes.confusion), perClass: report.perClass.map((c) => ({ ...c })), macro: { ...report.macro } };
  }

  private run(table: Table, rows: Int32Array): { result: EvalResult } {
    const net = this.model.network;
    const cols = net.outputSize;
    this.classes?.reset();
    this.regression?.reset();
    let lossSum = 0;
    for (let start = 0; start < rows.length; start += net.capacity) {
      const count = Math.min(net.capacity, rows.length - start);
      gatherBatch(table, this.features, rows, start, count, this.norm, this.buffers, cols, this.model.needsOneHot);
      lossSum += this.model.forwardLoss(this.buffers.x, this.buffers.targets, count, false) * count;
      const out = this.model.output();
      if (this.classes) {
        for (let i = 0; i < count; i++) this.predicted[i] = predictedClass(out, i, cols);
        this.classes.add(this.buffers.targets.labels, this.predicted, count);
      } else {
        this.regression!.add(this.buffers.targets.values, out, count);
      }
    }
    const loss = rows.length ? lossSum / rows.length : NaN;
    if (this.classes) return { result: { loss, accuracy: this.classes.report().accuracy } };
    const rep = this.regression!.report();
    return { result: { loss, mae: rep.mae, rmse: rep.rmse, r2: rep.r2 } };
  }
}
