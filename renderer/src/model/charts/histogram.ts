// Engine histograms ({min, max, counts}) as chart points. Bins differ between layers and over
// time, so points carry their own x (the bin centre) and y is the fraction of values, which
// makes a histogram from the first step comparable with one from now.

import type { Histogram } from '../../../../shared/engine/events';

export type HistogramKind = 'weights' | 'activations' | 'gradients';
export const HISTOGRAM_KINDS: readonly HistogramKind[] = ['weights', 'activations', 'gradients'];

/** [bin centre, fraction of values] per bin; a histogram of identical values is one point. */
export function histogramPoints(h: Histogram): [number, number][] {
  const total = h.counts.reduce((a, b) => a + b, 0);
  if (total === 0) return [];
  const bins = h.counts.length;
  const width = (h.max - h.min) / bins;
  if (!(width > 0)) return [[h.min, 1]];
  return h.counts.map((c, i) => [h.min + (i + 0.5) * width, c / total]);
}

/** Bin width, for labels; 0 when every value was the same. */
export function binWidth(h: Histogram): number {
  return h.counts.length ? (h.max - h.min) / h.counts.length : 0;
}
