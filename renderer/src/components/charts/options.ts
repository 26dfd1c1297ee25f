// Option pieces the insight charts share, so they look and behave alike.

import type { ChartPalette } from '../../model/charts/theme';
import { thinCurve, type CurvePoint } from '../../model/charts/thin';
import { fmtNumber } from '../../model/charts/warnings';

// Fixed margins that hold the axis labels and names. Letting ECharts fit the plot to its labels
// (outerBoundsContain, the old containLabel) measured every label on every redraw: a tenth of
// the time a redraw took.
export const GRID = { left: 64, right: 16, top: 60, bottom: 44, outerBoundsMode: 'none' } as const;

/** Every entry shown, wrapping onto more rows as needed (a paged legend hid most layers behind "1/5"). */
export function legend(p: ChartPalette) {
  return { type: 'plain' as const, top: 0, left: 0, right: 0, textStyle: { color: p.fg } };
}

// The legend's rows, estimated from its names: a chart is at least 420 px wide (the insight
// grid's column), about 380 of them for the legend; an entry is its text and a 40 px symbol.
const LEGEND_WIDTH = 380;
const LEGEND_CHAR = 6.5;
const LEGEND_ITEM = 40;
const LEGEND_ROW = 20;

export function legendRows(names: readonly string[]): number {
  let rows = 0;
  let x = 0;
  for (const name of new Set(names)) {
    const w = name.length * LEGEND_CHAR + LEGEND_ITEM;
    if (rows === 0 || x + w > LEGEND_WIDTH) {
      rows++;
      x = 0;
    }
    x += w;
  }
  return rows;
}

/** GRID with room at the top for a legend of these names (series names, guides left out). */
export function gridFor(series: readonly { name?: unknown; id?: unknown }[]) {
  const names = series.filter((s) => s.id !== 'guides' && typeof s.name === 'string').map((s) => s.name as string);
  return { ...GRID, top: GRID.top + (Math.max(1, legendRows(names)) - 1) * LEGEND_ROW };
}

export function axisTooltip() {
  return {
    trigger: 'axis' as const,
    // Tooltips on charts redrawn several times a second must not chase the pointer around.
    transitionDuration: 0,
    valueFormatter: (v: unknown) => (typeof v === 'number' ? fmtNumber(v) : String(v ?? '–')),
  };
}

export function epochAxis(name = 'Epoch') {
  return { type: 'value' as const, name, nameLocation: 'middle' as const, nameGap: 24, min: 0, minInterval: 1 };
}

export const percent = (v: number) => `${Math.round(v * 100)}%`;

/** Axis labels for log axes: 0.001 -> 1e-3. */
export const logLabel = (v: number) => fmtNumber(v);

import type { LayerColumn, RunSeries } from '../../model/charts/series';
import { layerName } from '../../model/charts/warnings';
import type { ChartOption } from './echarts';

/** The option's series as an array (ChartOption allows a single object too). */
export type SeriesList = Extract<NonNullable<ChartOption['series']>, unknown[]>;

/**
 * Where zeros sit on a log axis, which cannot show 0 (a layer whose units all died has a zero
 * gradient, and that is the finding to see): a power of ten at least 10x below the column's
 * smallest positive value, 1e-12 when there is none. Ticks and tooltips there read 0.
 */
export function logFloor(series: RunSeries | null, column: LayerColumn): number {
  return floorBelow((series?.layersWith(column) ?? []).flatMap((layer) => series!.layerCurve(layer.index, column).map(([, y]) => y)));
}

/** A power of ten below the smallest positive value, where a log chart draws its zeros. */
export function floorBelow(values: Iterable<number>): number {
  let low = Infinity;
  for (const y of values) if (y > 0 && y < low) low = y;
  return Number.isFinite(low) ? 10 ** (Math.floor(Math.log10(low)) - 1) : 1e-12;
}

/** Values at the floor (a zero drawn there) read 0. */
const atFloor = (v: number, floor: number) => v <= floor * 1.000001;
export const logLabelWith = (floor: number) => (v: number) => (atFloor(v, floor) ? '0' : fmtNumber(v));

/** The axis tooltip of a log chart whose zeros sit at `floor`. */
export function logTooltip(floor: number) {
  return { ...axisTooltip(), valueFormatter: (v: unknown) => (typeof v !== 'number' ? String(v ?? '–') : atFloor(v, floor) ? '0' : fmtNumber(v)) };
}

/**
 * One line per layer of `column` over time (x in epochs), for log axes: zeros are drawn at
 * `floor` (see logFloor), negatives and gaps as gaps. Colours run through the palette in layer order.
 */
export function layerLines(series: RunSeries | null, column: LayerColumn, p: ChartPalette, floor = logFloor(series, column)): SeriesList {
  if (!series) return [];
  return series.layersWith(column).map((layer, i) => {
    const color = p.series[i % p.series.length];
    const data = series.layerCurve(layer.index, column).map(([x, y]): CurvePoint => [x, y > 0 ? y : y === 0 ? floor : null]);
    return {
      id: `layer:${layer.index}`,
      name: layerName(layer),
      type: 'line' as const,
      ...curveData(data),
      lineStyle: { width: 1.5, color },
      itemStyle: { color },
    };
  });
}

/** The x axis for per-step data: epochs when steps per epoch are known, steps otherwise. */
export function stepAxis(series: RunSeries | null) {
  return series?.stepsPerEpoch ? epochAxis() : epochAxis('Step');
}

/**
 * A curve's data and markers: markers while there are few enough points to tell apart (past
 * that, a marker per point costs a drawn shape each and says nothing), and a long curve thinned
 * to what the chart can show. A run of a few measurements is a few dots; a line of one point
 * would not show at all.
 */
export const MAX_MARKED_POINTS = 60;
export function curveData(points: readonly CurvePoint[]): { data: CurvePoint[]; showSymbol: boolean } {
  return { data: thinCurve(points), showSymbol: points.length <= MAX_MARKED_POINTS };
}

/** A run's per-batch curve, smoothed and thinned, drawn faint under its per-epoch points. */
export function smoothedBatchLine(id: string, name: string, curve: { x: number[]; smoothed: (number | null)[] }, color: string): SeriesList[number] {
  return {
    id,
    name,
    type: 'line',
    data: thinCurve(curve.x.map((x, k): CurvePoint => [x, curve.smoothed[k]])),
    showSymbol: false,
    lineStyle: { width: 1, opacity: 0.45, color },
    itemStyle: { color },
    z: 1,
  };
}
