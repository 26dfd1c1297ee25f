// The chart palette read from the studio's CSS variables, kept current when the system colour
// scheme or the app's data-theme changes. One shared ref for every chart.

import { shallowRef, type ShallowRef } from 'vue';
import { chartPalette, type ChartPalette } from '../../model/charts/theme';

function readPalette(): ChartPalette {
  if (typeof document === 'undefined') return chartPalette(() => null);
  const style = getComputedStyle(document.documentElement);
  return chartPalette((name) => style.getPropertyValue(name));
}

const palette = shallowRef<ChartPalette>(readPalette());
let watching = false;

function refresh(): void {
  const next = readPalette();
  if (JSON.stringify(next) !== JSON.stringify(palette.value)) palette.value = next;
}

export function useChartPalette(): Readonly<ShallowRef<ChartPalette>> {
  if (!watching && typeof window !== 'undefined') {
    watching = true;
    // The stylesheet may load after the first chart mounts: read once more when it has.
    refresh();
    window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener('change', refresh);
    // data-theme on <html> overrides the system scheme (theme.css).
    new MutationObserver(refresh).observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme', 'class', 'style'],
    });
  }
  return palette;
}

/** Colour of the i-th run (or class, or layer), cycling through the series colours. */
export function seriesColor(p: ChartPalette, i: number): string {
  return p.series[((i % p.series.length) + p.series.length) % p.series.length];
}
