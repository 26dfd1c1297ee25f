// Option pieces the insight charts share, so they look and behave alike.

import type { ChartPalette } from '../../model/charts/theme';
import { fmtNumber } from '../../model/charts/warnings';

// 'same' + 'all': the plot shrinks so axis labels and names stay inside the box (v6's containLabel).
export const GRID = { left: 8, right: 16, top: 36, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'all' } as const;

export function legend(p: ChartPalette) {
  return { type: 'scroll' as const, top: 0, left: 0, right: 0, textStyle: { color: p.fg }, pageTextStyle: { color: p.muted } };
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
 * One line per layer of `column` over time (x in epochs), for log axes: values <= 0 cannot be
 * drawn there and become gaps. Colours run through the palette in layer order.
 */
export function layerLines(series: RunSeries | null, column: LayerColumn, p: ChartPalette): SeriesList {
  if (!series) return [];
  return series.layersWith(column).map((layer, i) => {
    const color = p.series[i % p.series.length];
    const data = series.layerCurve(layer.index, column).map(([x, y]) => [x, y > 0 ? y : null]);
    return {
      id: `layer:${layer.index}`,
      name: layerName(layer),
      type: 'line' as const,
      data,
      // A run of a few measurements is a few dots; a line of one point would not show at all.
      ...epochLineStyle(data.length),
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
 * Markers on a per-epoch line while there are few enough to tell apart; past that, one marker
 * per point costs a drawn shape each (2,000 epochs made a redraw take 20-60 ms) and says nothing.
 */
export const MAX_MARKED_POINTS = 60;
export function epochLineStyle(points: number): { showSymbol: boolean; sampling?: 'lttb' } {
  return points <= MAX_MARKED_POINTS ? { showSymbol: true } : { showSymbol: false, sampling: 'lttb' };
}
