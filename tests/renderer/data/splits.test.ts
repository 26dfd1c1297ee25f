import { describe, expect, it } from 'vitest';
import { checkSplits, fromPercent, ownTestSize, splitContext, toPercent, type SplitContext } from '../../../renderer/src/model/data/splits';
import { builtinSummary, csvSummary, imageSummary } from './fixtures';

const ctx = (rows: number, extra: Partial<SplitContext> = {}): SplitContext => ({ rows, ownTest: 0, classes: 3, task: 'classification', ...extra });
const choice = (validationSplit: number, testSplit = 0) => ({ validationSplit, testSplit, stratify: true });

describe('split range checks', () => {
  it('accepts 0 and 90% and refuses just outside', () => {
    expect(checkSplits(choice(0, 0), ctx(100)).errors).toEqual([]);
    expect(checkSplits(choice(0.9, 0.9), ctx(100)).errors).toEqual([]);
    expect(checkSplits(choice(0.9001), ctx(100)).errors).toEqual([{ field: 'validationSplit', message: 'Validation split can be at most 90%' }]);
    expect(checkSplits(choice(0.2, -0.01), ctx(100)).errors).toEqual([{ field: 'testSplit', message: 'Test split cannot be negative' }]);
    expect(checkSplits(choice(Number.NaN), ctx(100)).errors).toEqual([{ field: 'validationSplit', message: 'Validation split must be a number' }]);
  });

  it('checks ranges even before a dataset is open, without sizes', () => {
    expect(checkSplits(choice(0.95), null)).toMatchObject({ expected: null, errors: [{ field: 'validationSplit' }] });
    expect(checkSplits(choice(0.2), null)).toEqual({ errors: [], notes: [], expected: null });
  });
});

describe('expected split sizes', () => {
  it('takes the test rows first and validation from the rest', () => {
    expect(checkSplits(choice(0.2), ctx(150)).expected).toEqual({ train: 120, validation: 30, test: 0 });
    // 50% test, then 50% of the remaining 50: a quarter is left for training, not nothing.
    expect(checkSplits(choice(0.5, 0.5), ctx(100)).expected).toEqual({ train: 25, validation: 25, test: 50 });
    expect(checkSplits(choice(0.9, 0.9), ctx(100)).expected).toEqual({ train: 1, validation: 9, test: 90 });
  });

  it('rounds exact halves up, as the engine does', () => {
    expect(checkSplits(choice(0.5), ctx(5)).expected).toEqual({ train: 2, validation: 3, test: 0 });
  });

  it('refuses splits that leave no training rows', () => {
    const c = checkSplits(choice(0.5), ctx(1));
    expect(c.expected).toEqual({ train: 0, validation: 1, test: 0 });
    expect(c.errors).toEqual([{ field: 'validationSplit', message: expect.stringContaining('no rows for training') }]);
  });

  it('agrees with the sizes the engine reports for iris', () => {
    const s = builtinSummary('iris', {}, { validationSplit: 0.25, testSplit: 0.2 });
    expect(s.sizes).toEqual({ train: 90, validation: 30, test: 30 });
    expect(checkSplits(choice(0.25, 0.2), splitContext(s, 0.2)).expected).toEqual({ train: 90, validation: 30, test: 30 });
    // From that summary, what another choice would give: 50 flowers per class, 5 of each for
    // test, then round(4.5) = 5 of the remaining 45 for validation.
    expect(checkSplits(choice(0.1, 0.1), splitContext(s, 0.2)).expected).toEqual({ train: 120, validation: 15, test: 15 });
    expect(builtinSummary('iris', {}, { validationSplit: 0.1, testSplit: 0.1 }).sizes).toEqual({ train: 120, validation: 15, test: 15 });
    // Unstratified, one rounding over all rows: 15 test, round(13.5) = 14 validation.
    expect(checkSplits({ validationSplit: 0.1, testSplit: 0.1, stratify: false }, splitContext(s, 0.2)).expected).toEqual({ train: 121, validation: 14, test: 15 });
  });
});

describe('stratified split sizes', () => {
  it('round per class, as the engine does, when the summary gives class counts', () => {
    // Three classes of 3 rows, half held out: round(1.5) = 2 per class is 6 validation rows,
    // where one unstratified round(4.5) would give 5.
    const rows = ['x,label', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `${i},${'abc'[i % 3]}`)].join('\n');
    const s = csvSummary(rows, {}, { validationSplit: 0.5, stratify: true });
    expect(s.sizes).toEqual({ train: 3, validation: 6, test: 0 });
    expect(checkSplits(choice(0.5), splitContext(s, 0)).expected).toEqual({ train: 3, validation: 6, test: 0 });
    expect(checkSplits({ validationSplit: 0.5, testSplit: 0, stratify: false }, splitContext(s, 0)).expected).toEqual({ train: 4, validation: 5, test: 0 });
    expect(csvSummary(rows, {}, { validationSplit: 0.5, stratify: false }).sizes).toEqual({ train: 4, validation: 5, test: 0 });
  });

  it('hold the test rows out per class first, then validation per class', () => {
    // Classes of unequal size (200 rows in 3 blobs), so per-class rounding is exercised on both splits.
    const s = builtinSummary('blobs', { n: 200 }, { validationSplit: 0.25, testSplit: 0.1 });
    expect(checkSplits(choice(0.25, 0.1), splitContext(s, 0.1)).expected).toEqual(s.sizes);
  });
});

describe("a dataset's own test split", () => {
  const img = [0, 0, 0, 0, 0, 0];
  const own = imageSummary([img, img, img, img], [0, 1, 0, 1], { images: [img, img, img], labels: [0, 1, 1] }, { validationSplit: 0.5 });

  it('is recognized and kept whatever the test split says', () => {
    expect(own.sizes).toEqual({ train: 2, validation: 2, test: 3 });
    expect(ownTestSize(own, 0)).toBe(3);
    const context = splitContext(own, 0);
    expect(context).toMatchObject({ rows: 4, ownTest: 3 });
    // Two rows per class: 25% of 2 rounds to 1 per class.
    const c = checkSplits(choice(0.25, 0.3), context);
    expect(c.expected).toEqual({ train: 2, validation: 2, test: 3 });
    expect(checkSplits({ validationSplit: 0.25, testSplit: 0.3, stratify: false }, context).expected).toEqual({ train: 3, validation: 1, test: 3 });
    expect(c.notes).toContainEqual(expect.stringContaining('own test split (3 rows)'));
  });

  it('is not confused with test rows split off by the test split', () => {
    const s = builtinSummary('iris', {}, { testSplit: 0.2 });
    expect(s.sizes.test).toBe(30);
    expect(ownTestSize(s, 0.2)).toBe(0);
    expect(splitContext(s, 0.2).rows).toBe(150);
  });
});

describe('notes', () => {
  it('points out a missing validation split, too few validation rows, and stratify on regression', () => {
    expect(checkSplits(choice(0), ctx(100)).notes).toContainEqual(expect.stringContaining('Without a validation split'));
    expect(checkSplits(choice(0.1), ctx(20, { classes: 3 })).notes).toContainEqual('Only 2 validation rows for 3 classes: some classes cannot be validated.');
    expect(checkSplits(choice(0.2), ctx(100, { task: 'regression', classes: 0 })).notes).toContainEqual(expect.stringContaining('classification only'));
    expect(checkSplits(choice(0.2), ctx(150)).notes).toEqual([]);
  });
});

describe('percent conversion', () => {
  it('shows fractions as percent and back without float noise', () => {
    expect(toPercent(0.2)).toBe(20);
    expect(toPercent(0.15)).toBe(15);
    expect(toPercent(0.07)).toBe(7);
    expect(fromPercent(20)).toBe(0.2);
    expect(fromPercent(33.33)).toBe(0.3333);
    for (const f of [0, 0.05, 0.1, 0.2, 0.25, 0.3, 0.9]) expect(fromPercent(toPercent(f))).toBe(f);
  });
});
