// Classification and regression metrics against hand-computed examples, one-shot and streamed.

import { describe, expect, it } from 'vitest';
import {
  ClassificationAccumulator,
  RegressionAccumulator,
  accuracy,
  classificationReport,
  confusionMatrix,
  regressionReport,
} from '../../../shared/engine/metrics';

// True classes 0,0,0,0 | 1,1 | 2,2,2,2; confusion rows (true) x columns (predicted):
//   [3 1 0]
//   [0 2 0]
//   [1 1 2]
const labels = Int32Array.of(0, 0, 0, 0, 1, 1, 2, 2, 2, 2);
const predicted = Int32Array.of(0, 0, 0, 1, 1, 1, 0, 1, 2, 2);

describe('classification', () => {
  it('builds the confusion matrix row = true, column = predicted', () => {
    expect([...confusionMatrix(labels, predicted, 10, 3)]).toEqual([3, 1, 0, 0, 2, 0, 1, 1, 2]);
  });

  it('computes accuracy', () => {
    expect(accuracy(labels, predicted, 10)).toBeCloseTo(7 / 10, 15);
    expect(accuracy(labels, predicted, 4)).toBeCloseTo(3 / 4, 15);
    expect(accuracy(labels, predicted, 0)).toBe(0);
  });

  it('reports per-class and macro precision, recall and F1', () => {
    const report = classificationReport(confusionMatrix(labels, predicted, 10, 3), 3);
    expect(report.accuracy).toBeCloseTo(0.7, 15);
    // class 0: tp 3, predicted 4, support 4
    expect(report.perClass[0].precision).toBeCloseTo(3 / 4, 15);
    expect(report.perClass[0].recall).toBeCloseTo(3 / 4, 15);
    expect(report.perClass[0].f1).toBeCloseTo(3 / 4, 15);
    expect(report.perClass[0].support).toBe(4);
    // class 1: tp 2, predicted 4, support 2
    expect(report.perClass[1].precision).toBeCloseTo(1 / 2, 15);
    expect(report.perClass[1].recall).toBeCloseTo(1, 15);
    expect(report.perClass[1].f1).toBeCloseTo((2 * 0.5 * 1) / 1.5, 15);
    expect(report.perClass[1].support).toBe(2);
    // class 2: tp 2, predicted 2, support 4
    expect(report.perClass[2].precision).toBeCloseTo(1, 15);
    expect(report.perClass[2].recall).toBeCloseTo(1 / 2, 15);
    expect(report.perClass[2].f1).toBeCloseTo(2 / 3, 15);
    expect(report.perClass[2].support).toBe(4);
    expect(report.macro.precision).toBeCloseTo((0.75 + 0.5 + 1) / 3, 15);
    expect(report.macro.recall).toBeCloseTo((0.75 + 1 + 0.5) / 3, 15);
    expect(report.macro.f1).toBeCloseTo((0.75 + 2 / 3 + 2 / 3) / 3, 15);
  });

  it('defines 0/0 as 0 and leaves never-seen, never-predicted classes out of the macro mean', () => {
    // Class 1 is predicted once but never true; class 2 never occurs at all.
    const report = classificationReport(confusionMatrix(Int32Array.of(0, 0), Int32Array.of(0, 1), 2, 3), 3);
    expect(report.perClass[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(report.perClass[2]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(report.perClass[0].recall).toBeCloseTo(0.5, 15);
    // Mean over classes 0 and 1 only, as scikit-learn with zero_division=0.
    expect(report.macro.precision).toBeCloseTo((1 + 0) / 2, 15);
    expect(report.macro.recall).toBeCloseTo((0.5 + 0) / 2, 15);
    expect(report.macro.f1).toBeCloseTo((2 / 3 + 0) / 2, 15);
    expect(classificationReport(new Int32Array(4), 2)).toEqual({
      accuracy: 0,
      perClass: [
        { precision: 0, recall: 0, f1: 0, support: 0 },
        { precision: 0, recall: 0, f1: 0, support: 0 },
      ],
      macro: { precision: 0, recall: 0, f1: 0 },
    });
  });

  it('streams class ids and score matrices batch by batch to the one-shot result', () => {
    const oneShot = classificationReport(confusionMatrix(labels, predicted, 10, 3), 3);

    const fromIds = new ClassificationAccumulator(3);
    fromIds.add(labels, predicted.subarray(0, 3), 3);
    fromIds.add(labels, predicted.subarray(3), 7, 3);
    expect(fromIds.report()).toEqual(oneShot);

    // Logits whose row argmax is `predicted`; row 0 ties 0 and 2, and the first wins.
    const scores = Float32Array.of(
      5, 1, 5,
      2, -1, 0,
      0.9, 0.05, 0.05,
      -3, 4, 1,
      0.1, 0.8, 0.1,
      0, 1, 0,
      7, 6, 5,
      0.2, 0.5, 0.3,
      -1, -2, -0.5,
      0, 0, 3,
    );
    const fromScores = new ClassificationAccumulator(3);
    fromScores.add(labels, scores.subarray(0, 12), 4, 3);
    fromScores.add(labels, scores.subarray(12), 6, 3, 4);
    expect(fromScores.count).toBe(10);
    expect([...fromScores.confusion]).toEqual([3, 1, 0, 0, 2, 0, 1, 1, 2]);
    expect(fromScores.report()).toEqual(oneShot);

    fromScores.reset();
    expect(fromScores.count).toBe(0);
  });

  it('rejects out-of-range classes and mismatched shapes naming the value', () => {
    expect(() => confusionMatrix(Int32Array.of(0, 3), Int32Array.of(0, 0), 2, 3)).toThrow(/Label 3 at row 1/);
    expect(() => confusionMatrix(Int32Array.of(0), Int32Array.of(-1), 1, 3)).toThrow(/Prediction -1/);
    expect(() => confusionMatrix(labels, predicted, 11, 3)).toThrow(/11/);
    expect(() => new ClassificationAccumulator(0)).toThrow(/got 0/);
    const acc = new ClassificationAccumulator(3);
    expect(() => acc.add(labels, new Float32Array(8), 2, 4)).toThrow(/4 columns/);
    expect(() => classificationReport(new Int32Array(5), 2)).toThrow(/5 cells/);
  });
});

describe('regression', () => {
  it('scores a perfect predictor at r2 1 and zero error', () => {
    const y = Float32Array.of(1, 2, 3, 4);
    expect(regressionReport(y, Float64Array.of(1, 2, 3, 4), 4, 1)).toEqual({ mae: 0, rmse: 0, r2: 1 });
  });

  it('scores the mean predictor at r2 0', () => {
    const report = regressionReport(Float32Array.of(1, 2, 3, 4), Float32Array.of(2.5, 2.5, 2.5, 2.5), 4, 1);
    expect(report.r2).toBeCloseTo(0, 15);
    expect(report.mae).toBeCloseTo((1.5 + 0.5 + 0.5 + 1.5) / 4, 15);
    expect(report.rmse).toBeCloseTo(Math.sqrt((2.25 + 0.25 + 0.25 + 2.25) / 4), 15);
  });

  it('averages per-output R² and RMSE, with a constant target scoring 0 when missed', () => {
    // Output 0: y = 1,2,3,4, errors 1,0,0,-1 -> SSres 2, SStot 5, r2 0.6.
    // Output 1: y = 10 throughout, errors 0,1,0,0 -> SStot 0 and SSres 1, r2 0.
    const y = Float32Array.of(1, 10, 2, 10, 3, 10, 4, 10);
    const p = Float32Array.of(2, 10, 2, 11, 3, 10, 3, 10);
    const report = regressionReport(y, p, 4, 2);
    expect(report.r2).toBeCloseTo((0.6 + 0) / 2, 12);
    expect(report.mae).toBeCloseTo((2 + 1) / 8, 15);
    expect(report.rmse).toBeCloseTo((Math.sqrt(2 / 4) + Math.sqrt(1 / 4)) / 2, 15);

    // Chunks of 1 and 3 rows, targets addressed by row offset, equal the one-shot report.
    const acc = new RegressionAccumulator(2);
    acc.add(y, p.subarray(0, 2), 1);
    acc.add(y, p.subarray(2), 3, 1);
    expect(acc.count).toBe(4);
    expect(acc.report()).toEqual(report);
    acc.reset();
    expect(acc.report()).toEqual({ mae: 0, rmse: 0, r2: 0 });
  });

  it('keeps R² accurate for targets far from zero', () => {
    const y = Float64Array.of(1e8 + 1, 1e8 + 2, 1e8 + 3, 1e8 + 4);
    const p = Float64Array.of(1e8 + 2, 1e8 + 2, 1e8 + 3, 1e8 + 3);
    expect(regressionReport(y, p, 4, 1).r2).toBeCloseTo(1 - 2 / 5, 12);
  });

  it('rejects mismatched shapes naming the value', () => {
    expect(() => regressionReport(new Float32Array(4), new Float32Array(3), 2, 2)).toThrow(/3 values/);
    expect(() => new RegressionAccumulator(0)).toThrow(/got 0/);
  });
});
