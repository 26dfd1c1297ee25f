// The normalization choices in words. The engine maps byte images with the lecture's fixed pixel
// formulas and tables per feature (shared/engine/data/normalize.ts); the text says which applies.

import { normalizationKinds, type NormalizationKind } from '../../../../shared/engine/data/normalize';

export interface NormalizationOption {
  value: NormalizationKind;
  label: string;
}

const LABELS: Record<NormalizationKind, string> = {
  none: 'None (raw values)',
  'zero-one': 'Scale to [0, 1]',
  'minus-one-one': 'Scale to [-1, 1]',
  zscore: 'Standardize (z-score)',
};

export function normalizationOptions(): NormalizationOption[] {
  return normalizationKinds.map((value) => ({ value, label: LABELS[value] }));
}

/** One sentence on what the choice does to this kind of data; fitted on training rows only. */
export function describeNormalization(kind: NormalizationKind, images: boolean): string {
  switch (kind) {
    case 'none':
      return images
        ? 'Pixels stay in [0, 255]. Large inputs saturate sigmoid and tanh units; the lecture shows sigmoid + SGD training badly without normalization.'
        : 'Features keep their raw scale, so features with large values dominate the first layer.';
    case 'zero-one':
      return images ? 'Each pixel becomes X / 255.' : 'Each feature is mapped linearly so its training minimum is 0 and maximum is 1.';
    case 'minus-one-one':
      return images
        ? "Each pixel becomes X / 127.5 - 1, the lecture's choice for Fashion-MNIST and its closing recommendation."
        : 'Each feature is mapped linearly so its training minimum is -1 and maximum is 1 (the lecture recommends [-1, 1]).';
    case 'zscore':
      return images
        ? 'Pixels become (X - mean) / std, with one mean and std over all training pixels.'
        : 'Each feature becomes (x - mean) / std with its own training mean and std.';
  }
}
