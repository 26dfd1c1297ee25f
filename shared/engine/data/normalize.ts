// Input normalization: statistics come from training rows only and are then applied unchanged to
// validation, test and prediction, as x' = x * scale + shift per feature.

import { z } from 'zod';
import type { Table } from '../datasets/types';

export const normalizationKinds = ['none', 'zero-one', 'minus-one-one', 'zscore'] as const;
export type NormalizationKind = (typeof normalizationKinds)[number];
export const normalizationKindSchema = z.enum(normalizationKinds);

/** The fitted transform, stored in the project so prediction uses the same numbers. */
export interface Normalizer {
  kind: NormalizationKind;
  /** 'global' for images (one pixel statistic, as the lecture does), 'per-feature' for tables. */
  scope: 'global' | 'per-feature';
  scale: number[];
  shift: number[];
  /** Stands in for a missing (NaN) input before scaling: the feature's training mean. */
  fill?: number[];
}

export const normalizerSchema = z.strictObject({
  kind: normalizationKindSchema,
  scope: z.enum(['global', 'per-feature']),
  scale: z.array(z.number().finite()),
  shift: z.array(z.number().finite()),
  fill: z.array(z.number().finite()).optional(),
});

function fill(n: number, scale: number, shift: number): Pick<Normalizer, 'scale' | 'shift'> {
  return { scale: new Array<number>(n).fill(scale), shift: new Array<number>(n).fill(shift) };
}

/**
 * Fits a normalizer on the given training rows. Byte images use the lecture's fixed pixel maps
 * ([0, 1] = x/255, [-1, 1] = x/127.5 - 1) and a global z-score; tables use per-feature min-max
 * and z-score. A constant feature maps to 0 rather than dividing by zero.
 */
export function fitNormalizer(kind: NormalizationKind, table: Table, features: number, rows: Int32Array): Normalizer {
  const images = table.x instanceof Uint8Array;
  const scope = images ? 'global' : 'per-feature';
  if (kind === 'none') return { kind, scope, ...fill(features, 1, 0) };
  if (images && kind === 'zero-one') return { kind, scope, ...fill(features, 1 / 255, 0) };
  if (images && kind === 'minus-one-one') return { kind, scope, ...fill(features, 1 / 127.5, -1) };
  const x = table.x;
  if (images) {
    let sum = 0;
    let sumSq = 0;
    for (const r of rows) {
      const o = r * features;
      for (let j = 0; j < features; j++) {
        const v = x[o + j];
        sum += v;
        sumSq += v * v;
      }
    }
    const count = rows.length * features;
    const mean = sum / count;
    const std = Math.sqrt(Math.max(sumSq / count - mean * mean, 0));
    return { kind, scope, ...(std > 0 ? fill(features, 1 / std, -mean / std) : fill(features, 1, -mean)) };
  }
  const scale = new Array<number>(features);
  const shift = new Array<number>(features);
  const fillValues = new Array<number>(features);
  for (let j = 0; j < features; j++) {
    // Missing values (NaN) are skipped here and later replaced by the training mean.
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let count = 0;
    for (const r of rows) {
      const v = x[r * features + j];
      if (v !== v) continue;
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      count++;
    }
    const mean = count ? sum / count : 0;
    fillValues[j] = mean;
    if (count === 0) {
      min = 0;
      max = 0;
    }
    if (kind === 'zscore') {
      let ss = 0;
      for (const r of rows) {
        const v = x[r * features + j];
        if (v === v) ss += (v - mean) * (v - mean);
      }
      const std = count ? Math.sqrt(ss / count) : 0;
      scale[j] = std > 0 ? 1 / std : 1;
      shift[j] = -mean * scale[j];
    } else {
      const range = max - min;
      const [lo, hi] = kind === 'zero-one' ? [0, 1] : [-1, 1];
      scale[j] = range > 0 ? (hi - lo) / range : 0;
      shift[j] = range > 0 ? lo - min * scale[j] : (lo + hi) / 2;
    }
  }
  return { kind, scope, scale, shift, fill: fillValues };
}
