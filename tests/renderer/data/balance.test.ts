import { describe, expect, it } from 'vitest';
import { classBalance } from '../../../renderer/src/model/data/balance';
import { builtinSummary, csvSummary } from './fixtures';

describe('classBalance', () => {
  it('gives stratified iris 40 per class in training and 10 in validation, and no empty test split', () => {
    const b = classBalance(builtinSummary('iris'))!;
    expect(b.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(b.splits).toEqual([
      { key: 'train', label: 'Training', counts: [40, 40, 40], total: 120 },
      { key: 'validation', label: 'Validation', counts: [10, 10, 10], total: 30 },
    ]);
    expect(b.warnings).toEqual([]);
  });

  it('includes a test split when one is held out, with counts adding up to the split sizes', () => {
    const s = builtinSummary('blobs', { classes: 4, n: 200 }, { testSplit: 0.1 });
    const b = classBalance(s)!;
    expect(b.classes).toEqual(['blob 1', 'blob 2', 'blob 3', 'blob 4']);
    expect(b.splits.map((x) => x.key)).toEqual(['train', 'validation', 'test']);
    expect(b.splits.map((x) => x.total)).toEqual([s.sizes.train, s.sizes.validation, s.sizes.test]);
  });

  it('warns about a large majority class', () => {
    const rows = [...Array(12).fill('1,a'), ...Array(3).fill('2,b')];
    const b = classBalance(csvSummary(['x,label', ...rows].join('\n'), {}, { validationSplit: 0 }))!;
    expect(b.splits[0].counts).toEqual([12, 3]);
    expect(b.warnings).toEqual([expect.stringContaining('4.0x the samples of the smallest')]);
  });

  it('warns about a class with no training samples', () => {
    const s = builtinSummary('iris');
    const b = classBalance({ ...s, classBalance: { train: [40, 0, 40], validation: [10, 10, 10], test: [0, 0, 0] } })!;
    expect(b.warnings).toContainEqual(expect.stringContaining("No training samples for 'versicolor'"));
  });

  it('has nothing to show for regression', () => {
    expect(classBalance(builtinSummary('regression-1d'))).toBeNull();
  });
});
