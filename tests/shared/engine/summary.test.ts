// Dataset summaries and the held-out test split, on data small enough to check by hand.

import { describe, expect, it } from 'vitest';
import { summarizeDataset } from '../../../shared/engine/data/summary';
import { prepareData } from '../../../shared/project/prepare';
import { parseProject } from '../../../shared/project/parse';
import { builtinProject } from '../../helpers/run';

describe('prepareData', () => {
  it('holds out a stratified test split when the dataset has none, disjoint from train and validation', () => {
    const { project, dataset } = builtinProject('iris', {});
    const p = parseProject({ ...project, preprocessing: { ...project.preprocessing, testSplit: 0.2, validationSplit: 0.25 } });
    const data = prepareData(p, dataset);
    const test = Array.from(data.test!.rows);
    const train = Array.from(data.trainRows);
    const validation = Array.from(data.validationRows!);
    expect(test).toHaveLength(30);
    expect(validation).toHaveLength(30);
    expect(train).toHaveLength(90);
    expect(new Set([...train, ...validation, ...test]).size).toBe(150);
    const perClass = (rows: number[]) => [0, 1, 2].map((k) => rows.filter((r) => dataset.train.labels![r] === k).length);
    expect(perClass(test)).toEqual([10, 10, 10]);
    // Another seed, another test split.
    const other = prepareData(parseProject({ ...p, seed: p.seed + 1 }), dataset);
    expect(Array.from(other.test!.rows)).not.toEqual(test);
  });
});

describe('summarizeDataset', () => {
  it('reports sizes, class balance and per-feature statistics before and after normalization', () => {
    const { project, dataset } = builtinProject('iris', {});
    const data = prepareData(parseProject({ ...project, preprocessing: { ...project.preprocessing, normalization: 'zscore' } }), dataset);
    const s = summarizeDataset(data, 3);
    expect(s.sizes).toEqual({ train: 120, validation: 30, test: 0 });
    expect(s.classBalance!.train).toEqual([40, 40, 40]);
    expect(s.classBalance!.validation).toEqual([10, 10, 10]);
    expect(s.before).toHaveLength(4);
    // z-score fitted on the training rows: mean 0 and std 1 there, by construction.
    for (const f of s.after) {
      expect(f.mean).toBeCloseTo(0, 5);
      expect(f.std).toBeCloseTo(1, 5);
    }
    // Raw petal length over the training rows: within iris's known range 1.0 to 6.9 (stored as float32).
    expect(s.before[2].min).toBeGreaterThanOrEqual(1);
    expect(s.before[2].max).toBeLessThanOrEqual(6.9 + 1e-6);
    expect(s.samples).toHaveLength(3);
    expect(s.samples[0].features).toHaveLength(4);
  });
});
