// The data panel's charts: their options in the theme's colours (layout and data apart), drawn
// through the window's one chart mechanism (charts/useEChart.ts).

import { computed, type Ref } from 'vue';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, BoxplotSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TitleComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ChartPalette } from '../../model/charts/theme';
import type { ChartOption } from '../charts/echarts';
import { useChartPalette } from '../charts/palette';
import { useEChart } from '../charts/useEChart';

export type DataChartOption = ComposeOption<
  | BarSeriesOption
  | BoxplotSeriesOption
  | ScatterSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | TooltipComponentOption
>;

export interface ChartTheme {
  fg: string;
  muted: string;
  border: string;
  bg: string;
  font: string;
  series: string[];
}

/** Axis styling shared by the charts, in the theme's colours. */
export function axisStyle(theme: ChartTheme) {
  return {
    axisLine: { lineStyle: { color: theme.border } },
    axisTick: { lineStyle: { color: theme.border } },
    axisLabel: { color: theme.muted },
    splitLine: { lineStyle: { color: theme.border, opacity: 0.6 } },
    nameTextStyle: { color: theme.muted },
  };
}

export function baseOption(theme: ChartTheme): DataChartOption {
  return {
    animation: false,
    textStyle: { color: theme.fg, fontFamily: theme.font },
    tooltip: { backgroundColor: theme.bg, borderColor: theme.border, textStyle: { color: theme.fg } },
  };
}

export interface ChartSpec {
  /** Changes when the chart's structure changes (series, categories). */
  key: () => string;
  /** The option without data, in the theme's colours. */
  layout: (theme: ChartTheme) => DataChartOption;
  /** The data alone: its series are merged into the layout's, by position. */
  data: () => DataChartOption;
}

/** The palette the insight charts use, in the shape these options take. */
function themeOf(p: ChartPalette): ChartTheme {
  return { fg: p.fg, muted: p.muted, border: p.border, bg: p.raised, font: p.font, series: p.series };
}

function withData(layout: DataChartOption, data: DataChartOption): DataChartOption {
  const series = Array.isArray(layout.series) ? layout.series : layout.series ? [layout.series] : [];
  const values = Array.isArray(data.series) ? data.series : data.series ? [data.series] : [];
  return { ...layout, series: series.map((s, i) => ({ ...s, ...(values[i] ?? {}) })) as DataChartOption['series'] };
}

/**
 * A data-panel chart: drawn through useEChart like every chart in the window (bounded redraws,
 * nothing drawn off screen, the shared theme), with its option split in layout and data.
 */
export function useChart(el: Ref<HTMLElement | null>, spec: ChartSpec): void {
  const palette = useChartPalette();
  // A new value whenever the structure or the data the option is built from changes.
  const revision = computed(() => [spec.key(), spec.data()]);
  useEChart(el, {
    build: () => withData(spec.layout(themeOf(palette.value)), spec.data()) as ChartOption,
    revision: () => revision.value,
    maxFps: () => 4,
  });
}
