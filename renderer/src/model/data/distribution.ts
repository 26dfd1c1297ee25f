// Feature distributions before and after normalization, as the summary's statistics allow: per
// feature min, mean, std, max (no quantiles or histograms are sent). For wide tables a few
// features are picked; images come as one all-pixels entry, which is how they are normalized.

import type { DataSummary, FeatureStat } from './types';

export interface Spread {
  min: number;
  /** mean - std and mean + std, clipped to [min, max]: the "box" a boxplot draws. */
  low: number;
  mean: number;
  high: number;
  max: number;
  std: number;
  missing: number;
}

export interface FeatureDistribution {
  names: string[];
  before: Spread[];
  after: Spread[];
  /** Indices into the summary's stats of the features shown, in their original order. */
  indices: number[];
  total: number;
  /** Why this is not every feature, or null when it is. */
  note: string | null;
}

export const DEFAULT_FEATURE_LIMIT = 8;

export function spreadOf(f: FeatureStat): Spread {
  const clip = (v: number) => Math.min(Math.max(v, f.min), f.max);
  return { min: f.min, low: clip(f.mean - f.std), mean: f.mean, high: clip(f.mean + f.std), max: f.max, std: f.std, missing: f.missing };
}

/** ECharts boxplot order: [min, Q1, median, Q3, max], here min, mean-std, mean, mean+std, max. */
export function boxplotValue(s: Spread): [number, number, number, number, number] {
  return [s.min, s.low, s.mean, s.high, s.max];
}

/**
 * The features worth drawing: all of them up to `limit`, else the `limit` with the widest raw
 * spread (std), since a near-constant feature shows nothing before or after normalization.
 */
export function pickFeatures(before: readonly FeatureStat[], limit = DEFAULT_FEATURE_LIMIT): number[] {
  const all = before.map((_, i) => i);
  if (before.length <= limit) return all;
  const std = (i: number) => (Number.isFinite(before[i].std) ? before[i].std : -1);
  return all
    .sort((a, b) => std(b) - std(a) || a - b)
    .slice(0, limit)
    .sort((a, b) => a - b);
}

export function featureDistribution(s: DataSummary, limit = DEFAULT_FEATURE_LIMIT): FeatureDistribution {
  const indices = pickFeatures(s.before, limit);
  const total = s.before.length;
  let note: string | null = null;
  if (s.imageShape) note = `One statistic over all ${s.features} pixels: images are normalized as a whole, not pixel by pixel.`;
  else if (indices.length < total) note = `Showing ${indices.length} of ${total} features: those with the widest raw spread.`;
  return {
    names: indices.map((i) => s.before[i].name),
    before: indices.map((i) => spreadOf(s.before[i])),
    // `after` lists the same features in the same order as `before`.
    after: indices.map((i) => spreadOf(s.after[i] ?? s.before[i])),
    indices,
    total,
    note,
  };
}
