import { describe, expect, it } from 'vitest';
import { boxplotValue, featureDistribution, pickFeatures, spreadOf } from '../../../renderer/src/model/data/distribution';
import { builtinSummary, csvSummary, imageSummary } from './fixtures';

const stat = (name: string, std: number) => ({ name, min: 0, max: 10, mean: 5, std, missing: 0 });

describe('feature distribution from a real summary', () => {
  it("shows every iris feature, raw ranges before and [0, 1] after min-max scaling", () => {
    const d = featureDistribution(builtinSummary('iris', {}, { normalization: 'zero-one', validationSplit: 0 }));
    expect(d.names).toEqual(['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']);
    expect(d.note).toBeNull();
    // Iris over all 150 flowers: sepal length 4.3-7.9 cm, petal length 1.0-6.9 cm.
    expect(d.before[0].min).toBeCloseTo(4.3, 5);
    expect(d.before[0].max).toBeCloseTo(7.9, 5);
    expect(d.before[2].min).toBeCloseTo(1.0, 5);
    expect(d.before[2].max).toBeCloseTo(6.9, 5);
    for (const a of d.after) {
      expect(a.min).toBeCloseTo(0, 6);
      expect(a.max).toBeCloseTo(1, 6);
    }
  });

  it('gives mean 0 and std 1 after z-score, and -1..1 after minus-one-one', () => {
    const z = featureDistribution(builtinSummary('moons', {}, { normalization: 'zscore' }));
    for (const a of z.after) {
      expect(a.mean).toBeCloseTo(0, 5);
      expect(a.std).toBeCloseTo(1, 5);
    }
    const m = featureDistribution(builtinSummary('moons', {}, { normalization: 'minus-one-one' }));
    for (const a of m.after) {
      expect(a.min).toBeCloseTo(-1, 6);
      expect(a.max).toBeCloseTo(1, 6);
    }
  });

  it('shows one all-pixels entry for images, with the lecture pixel map X / 127.5 - 1', () => {
    const s = imageSummary([[0, 255, 0, 255, 0, 255]], [0], undefined, { validationSplit: 0, normalization: 'minus-one-one' });
    const d = featureDistribution(s);
    expect(d.names).toEqual(['all pixels']);
    expect(d.note).toContain('all 6 pixels');
    expect(d.before[0]).toMatchObject({ min: 0, max: 255, mean: 127.5, std: 127.5 });
    expect(d.after[0].min).toBeCloseTo(-1, 9);
    expect(d.after[0].max).toBeCloseTo(1, 9);
    expect(d.after[0].mean).toBeCloseTo(0, 9);
  });

  it('limits wide tables to the features with the widest raw spread, in table order', () => {
    // Ten feature columns whose spread grows with the column number: c6..c10 vary most.
    const header = [...Array.from({ length: 10 }, (_, j) => `c${j + 1}`), 'label'].join(',');
    const rows = [0, 1, 2, 3].map((r) => [...Array.from({ length: 10 }, (_, j) => r * (j + 1)), r % 2 ? 'a' : 'b'].join(','));
    const d = featureDistribution(csvSummary([header, ...rows].join('\n'), {}, { validationSplit: 0 }), 5);
    expect(d.names).toEqual(['c6', 'c7', 'c8', 'c9', 'c10']);
    expect(d.total).toBe(10);
    expect(d.note).toBe('Showing 5 of 10 features: those with the widest raw spread.');
  });
});

describe('spreads and feature picking', () => {
  it('clips mean ± std to the observed range', () => {
    const s = spreadOf({ name: 'f', min: 0, max: 1, mean: 0.1, std: 0.3, missing: 2 });
    expect(s.low).toBe(0);
    expect(s.high).toBeCloseTo(0.4, 12);
    expect(boxplotValue(s)).toEqual([0, 0, 0.1, s.high, 1]);
    expect(s.missing).toBe(2);
  });

  it('keeps all features up to the limit, else the widest, ties by position', () => {
    expect(pickFeatures([stat('a', 1), stat('b', 2)], 8)).toEqual([0, 1]);
    const stats = [1, 5, 3, 5, 0, 2, Number.NaN].map((sd, i) => stat(`f${i}`, sd));
    expect(pickFeatures(stats, 3)).toEqual([1, 2, 3]);
  });
});
