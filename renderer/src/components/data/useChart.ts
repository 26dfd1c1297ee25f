// One ECharts instance for a data-panel chart: modular ECharts (only the series and components
// these charts use), colours read from the theme's CSS variables, and updates coalesced so a chart
// redraws at most a few times a second. The full option is set only when the chart's structure
// (its key) or the theme changes; otherwise only the data is merged in.

import { onBeforeUnmount, onMounted, ref, watch, type Ref } from 'vue';
import { init, use, type ComposeOption, type EChartsType } from 'echarts/core';
import { BarChart, BoxplotChart, ScatterChart, type BarSeriesOption, type BoxplotSeriesOption, type ScatterSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TitleComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, BoxplotChart, ScatterChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

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

/** Fallbacks only matter before the stylesheet loads (or in a test page without it). */
export function readTheme(el: Element | null): ChartTheme {
  const style = el ? getComputedStyle(el) : null;
  const v = (name: string, fallback: string) => style?.getPropertyValue(name).trim() || fallback;
  return {
    fg: v('--fg', '#1d1f23'),
    muted: v('--fg-muted', '#5d6470'),
    border: v('--border', '#d5d9e0'),
    bg: v('--bg-raised', '#ffffff'),
    font: v('--font', 'sans-serif'),
    series: [1, 2, 3, 4, 5, 6].map((i) => v(`--series-${i}`, '#2563eb')),
  };
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

/** Lowest interval between two redraws of one chart, in ms. */
const MIN_INTERVAL = 250;

export interface ChartSpec {
  /** Changes when the chart's structure changes (series, categories), forcing a full option. */
  key: () => string;
  /** The full option; called without tracking, when the key or the theme changed. */
  layout: (theme: ChartTheme) => DataChartOption;
  /** The data alone, merged into the current option. */
  data: () => DataChartOption;
}

export function useChart(el: Ref<HTMLElement | null>, spec: ChartSpec) {
  let chart: EChartsType | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = 0;
  let needLayout = true;
  let needData = true;
  const themeTick = ref(0);

  function flush() {
    timer = undefined;
    if (!chart) return;
    last = Date.now();
    if (needLayout) chart.setOption(spec.layout(readTheme(el.value)), { notMerge: true });
    if (needLayout || needData) chart.setOption(spec.data());
    needLayout = false;
    needData = false;
  }

  function schedule() {
    if (timer !== undefined) return;
    timer = setTimeout(flush, Math.max(0, last + MIN_INTERVAL - Date.now()));
  }

  watch([spec.key, themeTick], () => {
    needLayout = true;
    schedule();
  });
  watch(spec.data, () => {
    needData = true;
    schedule();
  });

  let resizeObserver: ResizeObserver | null = null;
  let themeObserver: MutationObserver | null = null;
  let media: MediaQueryList | null = null;
  const onTheme = () => themeTick.value++;

  onMounted(() => {
    if (!el.value) return;
    chart = init(el.value, null, { renderer: 'canvas' });
    let frame = 0;
    resizeObserver = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => chart?.resize());
    });
    resizeObserver.observe(el.value);
    // The theme follows the system unless <html data-theme> overrides it: watch both.
    themeObserver = new MutationObserver(onTheme);
    themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });
    media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', onTheme);
    needLayout = true;
    flush();
  });

  onBeforeUnmount(() => {
    clearTimeout(timer);
    resizeObserver?.disconnect();
    themeObserver?.disconnect();
    media?.removeEventListener('change', onTheme);
    chart?.dispose();
    chart = null;
  });
}
