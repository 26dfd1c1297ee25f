// One ECharts instance on an element, the one way every chart in the window draws: theme from
// the CSS variables, resizing with its box, redraws at a bounded rate through the shared frame
// queue, nothing drawn while the chart is off screen. The option is pulled through `build` only
// when a redraw happens, so a burst of changes costs one option build per frame slot. A chart
// whose live part is a bitmap paints it through `paint` instead, without an option at all.

import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue';
import { echartsTheme } from '../../model/charts/theme';
import { init, type ChartOption, type EChartsType } from './echarts';
import { cancelDraw, requestDraw, requestIdleDraw } from './frameQueue';
import { cspSafeTooltips } from './tooltip';
import { useChartPalette } from './palette';

export interface EChartSpec {
  /** The full option. */
  build: () => ChartOption;
  /** Any value that changes when the chart's data changes. */
  revision: () => unknown;
  /** Redraws a second at most while data streams in. */
  maxFps: () => number;
  /**
   * Paints what changes without a new option into the chart, beside what the option drew
   * (after each redraw and resize too); `paintRevision` changes when it must be painted again.
   */
  paint?: (chart: EChartsType) => void;
  paintRevision?: () => unknown;
}

export interface EChartHandle {
  /** The instance, drawn with the latest option (for export). */
  current(): EChartsType;
  redrawSoon(): void;
}

export function useEChart(el: Ref<HTMLElement | null>, spec: EChartSpec): EChartHandle {
  const palette = useChartPalette();
  let chart: EChartsType | null = null;
  let mounted = false;
  /** Something to draw: a new option or a paint. */
  let dirty = true;
  /** The option must be rebuilt (as opposed to a paint only). */
  let optionDirty = true;
  let fresh = true;
  let lastDraw = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let queued = false;
  let observer: ResizeObserver | null = null;
  let visibility: IntersectionObserver | null = null;
  let visible = false;

  function schedule(): void {
    dirty = true;
    if (!mounted || timer !== null || queued) return;
    const wait = Math.max(0, lastDraw + 1000 / spec.maxFps() - performance.now());
    timer = setTimeout(enqueue, wait);
  }

  function enqueue(): void {
    timer = null;
    // Drawn through the shared frame queue, fairly with the other charts; hidden windows skip it.
    queued = true;
    requestDraw(draw);
  }

  /** Draw what is pending at the next free frame, ignoring the rate limit. */
  function drawSoon(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    dirty = true;
    if (!queued) enqueue();
  }

  /** Redraw the option at the next free frame (first draw, theme change). */
  function redrawSoon(): void {
    optionDirty = true;
    drawSoon();
  }

  function resize(): void {
    if (!chart) return;
    chart.resize();
    // A paint places itself by the option's axes (convertToPixel): none before the first draw,
    // which paints anyway (ECharts threw "reading 'queryComponents'" on a chart without one).
    if (!fresh) spec.paint?.(chart);
  }

  function draw(force = false): void {
    queued = false;
    if (!mounted || (!dirty && !force)) return;
    // A chart on a hidden tab is drawn once, when it is created (the window is idle then and the
    // tab keeps its size off-screen); after that it stays dirty and draws when it is shown, or
    // in idle time when no run is training if its option changed.
    if (!visible && !force && chart !== null && !fresh) {
      if (optionDirty) requestIdleDraw(drawHidden);
      return;
    }
    // Created in a queued frame of its own, and first drawn in the next: a panel of charts
    // opening mid-training must not init them all, or init and draw one, in a single task.
    if (!chart) {
      chart = init(el.value!, echartsTheme(palette.value), { renderer: 'canvas' });
      if (!force) {
        queued = true;
        requestDraw(draw);
        return;
      }
    }
    dirty = false;
    lastDraw = performance.now();
    if (optionDirty || fresh) {
      optionDirty = false;
      const option = cspSafeTooltips({ animation: false, ...spec.build() });
      // After the first draw only series are replaced wholesale (runs can come and go); everything
      // else merges, so ECharts keeps its axes and legend state and only redoes the data.
      chart.setOption(option, fresh ? { notMerge: true } : { replaceMerge: ['series'] });
      fresh = false;
    }
    spec.paint?.(chart);
  }

  function drawHidden(): void {
    if (mounted && !visible && dirty) draw(true);
  }

  onMounted(() => {
    mounted = true;
    observer = new ResizeObserver((entries) => {
      // A hidden tab shrinks every chart on it to nothing: no point laying them out at size 0.
      const box = entries[entries.length - 1]?.contentRect;
      if (!box || box.width === 0 || box.height === 0) return;
      // Resizes share the draw queue, so a tab of charts appearing is spread over frames too.
      requestDraw(resize);
    });
    observer.observe(el.value!);
    visibility = new IntersectionObserver((entries) => {
      visible = entries.some((e) => e.isIntersecting);
      if (visible && dirty) drawSoon();
    });
    visibility.observe(el.value!);
    redrawSoon();
  });

  onBeforeUnmount(() => {
    mounted = false;
    observer?.disconnect();
    visibility?.disconnect();
    if (timer !== null) clearTimeout(timer);
    cancelDraw(draw);
    cancelDraw(resize);
    // A pending idle draw finds the chart unmounted and does nothing.
    chart?.dispose();
    chart = null;
  });

  watch(spec.revision, () => {
    optionDirty = true;
    schedule();
  });
  if (spec.paintRevision) watch(spec.paintRevision, schedule);
  watch(palette, (p) => {
    chart?.setTheme(echartsTheme(p));
    // Options carry palette colours too (run colours, marker lines): rebuild them.
    fresh = true;
    redrawSoon();
  });

  return {
    current() {
      // An export must show the latest data even if the chart was off screen or waiting its turn.
      if (!chart || dirty) {
        if (timer !== null) clearTimeout(timer);
        timer = null;
        cancelDraw(draw);
        draw(true);
      }
      if (!chart) throw new Error('the chart is not mounted');
      return chart;
    },
    redrawSoon,
  };
}
