// Checking the split choices before they reach the engine, and the split sizes they would give.
// The engine's rules (shared/engine/data/split.ts, shared/project/prepare.ts): each fraction is in
// [0, 0.9]; the test split is held out first and only when the dataset ships no test split of its
// own; validation is then taken from what remains; round(fraction * rows) rows, per class when
// stratified. So validation 50% with test 50% leaves 25% of the rows for training, not 0%.

import type { DataSummary, Preprocessing } from './types';

/** The project schema's bound for either fraction. */
export const SPLIT_MAX = 0.9;

export type SplitField = 'validationSplit' | 'testSplit';

export interface SplitIssue {
  field: SplitField;
  message: string;
}

export interface SplitSizes {
  train: number;
  validation: number;
  test: number;
}

export interface SplitCheck {
  errors: SplitIssue[];
  /** Things worth knowing that do not stop training. */
  notes: string[];
  /** The sizes the choice would give, rounded as the engine rounds (per class when stratified). */
  expected: SplitSizes | null;
}

export interface SplitContext {
  /** All rows that can be split: training, validation and any test rows split off them. */
  rows: number;
  /** Size of the test split the dataset ships with (IDX t10k files); 0 when it has none. */
  ownTest: number;
  classes: number;
  task: DataSummary['task'];
  /** Splittable rows per class (classification); lets a stratified split be rounded per class. */
  classCounts?: number[];
}

const FIELD_NAMES: Record<SplitField, string> = { validationSplit: 'Validation split', testSplit: 'Test split' };

function rangeError(field: SplitField, value: number): SplitIssue | null {
  const name = FIELD_NAMES[field];
  if (typeof value !== 'number' || !Number.isFinite(value)) return { field, message: `${name} must be a number` };
  if (value < 0) return { field, message: `${name} cannot be negative` };
  if (value > SPLIT_MAX) return { field, message: `${name} can be at most ${SPLIT_MAX * 100}%` };
  return null;
}

// The epsilon matches the engine's, which keeps exact halves rounding up.
const holdout = (fraction: number, rows: number) => Math.round(fraction * rows + 1e-9);

/** Rows held out of each group (one group per class when stratified, else one), and what is left. */
function holdoutGroups(fraction: number, groups: number[]): { held: number; left: number[] } {
  const heldOut = groups.map((n) => holdout(fraction, n));
  return { held: heldOut.reduce((a, b) => a + b, 0), left: groups.map((n, i) => n - heldOut[i]) };
}

export function checkSplits(choice: Pick<Preprocessing, 'validationSplit' | 'testSplit' | 'stratify'>, ctx: SplitContext | null): SplitCheck {
  const errors = [rangeError('validationSplit', choice.validationSplit), rangeError('testSplit', choice.testSplit)].filter(
    (e): e is SplitIssue => e !== null,
  );
  const notes: string[] = [];
  if (errors.length > 0 || !ctx) return { errors, notes, expected: null };

  const ownTest = ctx.ownTest > 0;
  const stratified = choice.stratify && ctx.task === 'classification' && ctx.classCounts !== undefined;
  let groups = stratified ? ctx.classCounts!.filter((n) => n > 0) : [ctx.rows];
  let test = ctx.ownTest;
  if (!ownTest) {
    const split = holdoutGroups(choice.testSplit, groups);
    test = split.held;
    groups = split.left;
  }
  const validation = holdoutGroups(choice.validationSplit, groups).held;
  const train = groups.reduce((a, b) => a + b, 0) - validation;
  const expected = { train, validation, test };

  if (ownTest && choice.testSplit > 0) notes.push(`This dataset has its own test split (${ctx.ownTest} rows); the test split setting is not used.`);
  if (train <= 0) {
    errors.push({
      field: choice.validationSplit > 0 ? 'validationSplit' : 'testSplit',
      message: 'These splits leave no rows for training: lower the validation or test split',
    });
  }
  if (choice.validationSplit === 0) notes.push('Without a validation split there is no validation loss to spot overfitting or stop early.');
  if (ctx.task === 'classification' && validation > 0 && validation < ctx.classes) {
    notes.push(`Only ${validation} validation rows for ${ctx.classes} classes: some classes cannot be validated.`);
  }
  if (ctx.task === 'regression' && choice.stratify) notes.push('Stratify applies to classification only; regression rows are split at random.');
  return { errors, notes, expected };
}

/**
 * Whether the summary's test rows came with the dataset rather than from the test split. The
 * summary does not say, so: test rows without a test split must be the dataset's own, and with a
 * test split their number must match the split's rounding (within a row per class).
 */
export function ownTestSize(s: DataSummary, testSplit: number): number {
  const { train, validation, test } = s.sizes;
  if (test === 0) return 0;
  if (testSplit === 0) return test;
  const expected = holdout(testSplit, train + validation + test);
  return Math.abs(test - expected) > Math.max(1, s.classNames.length) ? test : 0;
}

/**
 * What the summary says about the rows to split. `hasOwnTest` overrides the guess when the
 * caller knows (built-in datasets never ship a test split).
 */
export function splitContext(s: DataSummary, testSplit: number, hasOwnTest?: boolean): SplitContext {
  const ownTest = hasOwnTest === false ? 0 : hasOwnTest === true ? s.sizes.test : ownTestSize(s, testSplit);
  const { train, validation, test } = s.sizes;
  const cb = s.classBalance;
  const classCounts = cb && cb.train.map((n, k) => n + (cb.validation[k] ?? 0) + (ownTest ? 0 : (cb.test[k] ?? 0)));
  return {
    rows: train + validation + (ownTest ? 0 : test),
    ownTest,
    classes: s.classNames.length,
    task: s.task,
    ...(classCounts ? { classCounts } : {}),
  };
}

/** Percent shown in the spinbuttons; two decimals is finer than any split needs. */
export function toPercent(fraction: number): number {
  return Math.round(fraction * 10000) / 100;
}

export function fromPercent(percent: number): number {
  return Math.round(percent * 100) / 10000;
}
