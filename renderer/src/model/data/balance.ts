// Samples per class in each split, for the class-balance bars, and a word when the balance is
// worth a look (an empty class, or a large majority class that accuracy alone would hide).

import type { DataSummary } from './types';

export type SplitKey = 'train' | 'validation' | 'test';

export const SPLIT_LABELS: Record<SplitKey, string> = { train: 'Training', validation: 'Validation', test: 'Test' };

export interface SplitCounts {
  key: SplitKey;
  label: string;
  counts: number[];
  total: number;
}

export interface ClassBalance {
  classes: string[];
  /** Only the splits that hold rows. */
  splits: SplitCounts[];
  warnings: string[];
}

/** Largest over smallest training class at which imbalance is pointed out. */
export const IMBALANCE_RATIO = 3;

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** null for regression, which has no classes. */
export function classBalance(s: DataSummary): ClassBalance | null {
  if (s.task !== 'classification' || !s.classBalance) return null;
  const cb = s.classBalance;
  const k = Math.max(s.classNames.length, cb.train.length, cb.validation.length, cb.test.length);
  const classes = Array.from({ length: k }, (_, i) => s.classNames[i] ?? String(i));
  const pad = (xs: readonly number[]) => Array.from({ length: k }, (_, i) => xs[i] ?? 0);
  const splits = (['train', 'validation', 'test'] as const)
    .map((key) => ({ key, label: SPLIT_LABELS[key], counts: pad(cb[key]), total: sum(cb[key]) }))
    .filter((split) => split.total > 0);

  const warnings: string[] = [];
  const train = pad(cb.train);
  const empty = classes.filter((_, i) => train[i] === 0);
  if (empty.length > 0 && sum(train) > 0) {
    warnings.push(`No training samples for ${empty.map((c) => `'${c}'`).join(', ')}: the network cannot learn ${empty.length > 1 ? 'these classes' : 'this class'}.`);
  }
  const present = train.filter((c) => c > 0);
  if (present.length > 1) {
    const ratio = Math.max(...present) / Math.min(...present);
    if (ratio >= IMBALANCE_RATIO) {
      warnings.push(`Imbalanced classes: the largest training class has ${ratio.toFixed(1)}x the samples of the smallest, so accuracy can look good while small classes are missed; check per-class recall.`);
    }
  }
  return { classes, splits, warnings };
}
