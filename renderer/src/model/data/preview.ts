// Which preview fits a dataset, and the data each preview draws: the samples the engine sends are
// the first training rows as stored (raw, before normalization: bytes 0-255 for IDX images).

import type { DataSample, DataSummary } from './types';

export type PreviewKind = 'images' | 'scatter' | 'table';

/**
 * Images when rows are images; a scatter plot for 2-D inputs, and for 1-D regression (x against
 * the target, which says more than a two-column table); otherwise a table.
 */
export function previewKind(s: DataSummary): PreviewKind {
  if (s.imageShape) return 'images';
  if (s.features === 2) return 'scatter';
  if (s.features === 1 && s.task === 'regression') return 'scatter';
  return 'table';
}

/** Per-feature names when the summary has them (tables), else x1..xn. */
export function featureNames(s: DataSummary): string[] {
  if (s.before.length === s.features) return s.before.map((f) => f.name);
  return Array.from({ length: s.features }, (_, j) => `x${j + 1}`);
}

export function labelName(s: DataSummary, label: number): string {
  return s.classNames[label] ?? String(label);
}

/** The header of the label/target column. */
export function outputColumn(s: DataSummary): string {
  return s.task === 'classification' ? 'class' : 'target';
}

function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'missing';
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  // Four significant digits: enough to tell rows apart, short enough for a narrow column.
  return Number(v.toPrecision(4)).toString();
}

export function outputText(s: DataSummary, sample: DataSample): string {
  if (sample.label !== undefined) return labelName(s, sample.label);
  if (sample.target) return sample.target.map(formatNumber).join(', ');
  return '';
}

export interface TableRow {
  cells: string[];
  output: string;
}

export function tableRows(s: DataSummary): TableRow[] {
  return s.samples.map((sample) => ({ cells: sample.features.map(formatNumber), output: outputText(s, sample) }));
}

/**
 * The value range mapped to black..white. Taken from the raw pixel statistics so a dataset stored
 * as 0-255 bytes and one stored as 0-1 floats both use the full grey scale.
 */
export function greyRange(s: DataSummary): [number, number] {
  const stats = s.before[0];
  if (stats && Number.isFinite(stats.min) && Number.isFinite(stats.max) && stats.max > stats.min) {
    // Byte images are drawn on the full 0-255 scale even when no pixel reaches 0 or 255.
    if (stats.min >= 0 && stats.max <= 255 && stats.max > 1) return [0, 255];
    return [stats.min, stats.max];
  }
  return [0, 255];
}

/** RGBA pixels for one image row: low values dark, high values light (as MNIST is usually shown). */
export function greyPixels(features: readonly number[], range: [number, number]): Uint8ClampedArray<ArrayBuffer> {
  const [lo, hi] = range;
  const span = hi - lo || 1;
  const out = new Uint8ClampedArray(features.length * 4);
  for (let i = 0; i < features.length; i++) {
    const v = features[i];
    // Missing values (NaN) show as mid grey rather than as black, which would read as a value.
    const g = Number.isNaN(v) ? 128 : Math.round(((v - lo) / span) * 255);
    out[i * 4] = g;
    out[i * 4 + 1] = g;
    out[i * 4 + 2] = g;
    out[i * 4 + 3] = 255;
  }
  return out;
}

export interface ScatterGroup {
  name: string;
  points: [number, number][];
}

export interface ScatterData {
  xName: string;
  yName: string;
  groups: ScatterGroup[];
}

/**
 * Points grouped by class (one colour each), or one group for regression. A 1-D regression set
 * plots x against its target. Rows with a missing coordinate are left out.
 */
export function scatterData(s: DataSummary): ScatterData {
  const names = featureNames(s);
  const oneD = s.features === 1;
  const point = (sample: DataSample): [number, number] | null => {
    const x = sample.features[0];
    const y = oneD ? sample.target?.[0] : sample.features[1];
    return y === undefined || Number.isNaN(x) || Number.isNaN(y) ? null : [x, y];
  };
  let groups: ScatterGroup[];
  if (s.task === 'classification') {
    groups = s.classNames.map((name) => ({ name, points: [] }));
    for (const sample of s.samples) {
      const p = point(sample);
      if (!p || sample.label === undefined) continue;
      // A label past the class names still gets a group rather than vanishing.
      while (groups.length <= sample.label) groups.push({ name: String(groups.length), points: [] });
      groups[sample.label].points.push(p);
    }
  } else {
    const points = s.samples.map(point).filter((p): p is [number, number] => p !== null);
    groups = [{ name: 'samples', points }];
  }
  return { xName: names[0] ?? 'x1', yName: oneD ? 'target' : (names[1] ?? 'x2'), groups };
}
