// The first redraws of the live charts in a session cost two to three times later ones (a line
// chart's first draw took 53 ms and its third 14 ms in Chromium) because V8 compiles ECharts'
// drawing code as it first runs, and those first redraws come exactly when the first run
// starts: each was a long task while training. Drawing a few charts of the same kinds off screen
// while the window is idle compiles that code beforehand. One draw per idle slot, so the warm-up
// never holds the thread for long, and it gives way as soon as a run starts (a run's own draws
// then finish the job).

import type { ChartPalette } from '../../model/charts/theme';
import { echartsTheme } from '../../model/charts/theme';
import { init, type ChartOption } from './echarts';
import type { IdleScheduler } from './frameQueue';
import { GRID, axisTooltip, curveData, epochAxis, legend, smoothedBatchLine } from './options';

/** Times each sample is drawn: the first compiles, the repeats take the update paths. */
const DRAWS_PER_SAMPLE = 3;

/** Sample options covering the series kinds and axes the insight charts use; `k` varies the data. */
export function warmUpOptions(p: ChartPalette, k: number): ChartOption[] {
  const n = 40 + 20 * k;
  const curve = (f: (i: number) => number) => Array.from({ length: n }, (_, i): [number, number] => [i, f(i)]);
  const batchX = Array.from({ length: n * 4 }, (_, i) => i / 4);
  const color = p.series[0];
  const lines: ChartOption = {
    grid: GRID,
    legend: legend(p),
    tooltip: axisTooltip(),
    xAxis: epochAxis(),
    yAxis: { type: 'value', name: 'Loss', scale: true },
    series: [
      smoothedBatchLine('batch', 'batch', { x: batchX, smoothed: batchX.map((x) => 1 / (1 + x)) }, color),
      { id: 'train', name: 'train', type: 'line', ...curveData(curve((i) => 1 / (1 + i))), lineStyle: { color }, itemStyle: { color } },
      { id: 'val', name: 'validation', type: 'line', ...curveData(curve((i) => 1.1 / (1 + i))), lineStyle: { type: 'dashed' } },
    ],
  };
  const logLines: ChartOption = {
    grid: GRID,
    legend: legend(p),
    tooltip: axisTooltip(),
    xAxis: epochAxis(),
    yAxis: { type: 'log', name: 'Gradient size' },
    series: [0, 1, 2].map((layer) => ({
      id: `layer:${layer}`,
      name: `Layer ${layer + 1}`,
      type: 'line' as const,
      ...curveData(curve((i) => 10 ** -(layer + i / n))),
      markLine: { silent: true, symbol: 'none', data: [{ yAxis: 1e-3 }] },
    })),
  };
  const bars: ChartOption = {
    grid: GRID,
    tooltip: { trigger: 'axis', transitionDuration: 0 },
    xAxis: { type: 'value', scale: true },
    yAxis: { type: 'value' },
    series: [{ id: 'bins', type: 'bar', barWidth: '90%', data: curve((i) => (i * (n - i)) % 17) }],
  };
  const classes = 3 + (k % 2);
  const heatmap: ChartOption = {
    grid: { left: 8, right: 8, top: 8, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'all' },
    xAxis: { type: 'category', data: Array.from({ length: classes }, (_, c) => `class ${c}`) },
    yAxis: { type: 'category', data: Array.from({ length: classes }, (_, c) => `class ${c}`), inverse: true },
    visualMap: { type: 'continuous', show: false, min: 0, max: 1, dimension: 2, inRange: { color: [p.raised, p.accent] } },
    series: [
      {
        id: 'cells',
        type: 'heatmap',
        data: Array.from({ length: classes * classes }, (_, c) => [c % classes, Math.floor(c / classes), ((c * 7) % 10) / 10, c]),
        label: { show: true },
      },
    ],
  };
  const points = Array.from({ length: 200 + 100 * k }, (_, i): [number, number] => [Math.cos(i) * i, Math.sin(i) * i]);
  const scatter: ChartOption = {
    grid: GRID,
    legend: legend(p),
    tooltip: { trigger: 'item', transitionDuration: 0 },
    xAxis: { type: 'value', scale: true, splitLine: { show: false } },
    yAxis: { type: 'value', scale: true, splitLine: { show: false } },
    series: [
      { id: 'points', name: 'points', type: 'scatter', data: points, symbolSize: 6, large: true, largeThreshold: 100 },
    ],
  };
  return [lines, logLines, bars, heatmap, scatter];
}

const whenIdle: IdleScheduler = (task) =>
  typeof requestIdleCallback === 'function' ? requestIdleCallback(task, { timeout: 2000 }) : setTimeout(task, 50);

/**
 * Draws the samples off screen one per idle slot, then removes the chart. `busy` is asked before
 * every draw: once it says yes (a run started) the warm-up ends.
 */
export function warmUpCharts(palette: ChartPalette, busy: () => boolean, schedule: IdleScheduler = whenIdle): void {
  const host = document.createElement('div');
  // Off screen but laid out at a typical chart size: ECharts draws nothing into a 0×0 box.
  host.style.cssText = 'position:fixed;left:-10000px;top:0;width:640px;height:300px;pointer-events:none;';
  host.setAttribute('aria-hidden', 'true');
  document.body.append(host);
  const chart = init(host, echartsTheme(palette), { renderer: 'canvas' });
  // Each kind drawn afresh and then redrawn with new data, as a live chart is.
  const rounds = Array.from({ length: DRAWS_PER_SAMPLE }, (_, k) => warmUpOptions(palette, k));
  const steps = rounds[0].flatMap((_, s) => rounds.map((options, k) => ({ option: options[s], fresh: k === 0 })));

  const step = (i: number) => {
    if (i >= steps.length || busy()) {
      chart.dispose();
      host.remove();
      return;
    }
    const { option, fresh } = steps[i];
    chart.setOption({ animation: false, ...option }, fresh ? { notMerge: true } : { replaceMerge: ['series'] });
    schedule(() => step(i + 1));
  };
  schedule(() => step(0));
}
