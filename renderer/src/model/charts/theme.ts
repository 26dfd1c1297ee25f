// The ECharts theme built from the studio's CSS variables (styles/theme.css), so charts follow
// the light and dark themes without a second copy of the colours. Pure: the component reads
// the variables and passes a lookup in.

/** CSS custom properties the charts use. */
export const THEME_VARIABLES = [
  '--bg', '--bg-panel', '--bg-raised', '--fg', '--fg-muted', '--border', '--accent',
  '--ok', '--warn', '--danger', '--font',
  '--series-1', '--series-2', '--series-3', '--series-4', '--series-5', '--series-6',
] as const;
export type ThemeVariable = (typeof THEME_VARIABLES)[number];

export interface ChartPalette {
  background: string;
  panel: string;
  raised: string;
  fg: string;
  muted: string;
  border: string;
  accent: string;
  ok: string;
  warn: string;
  danger: string;
  font: string;
  series: string[];
}

// The light theme's values, for when a variable is missing (tests, a stylesheet not loaded yet).
const FALLBACK: Record<ThemeVariable, string> = {
  '--bg': '#ffffff', '--bg-panel': '#f6f7f9', '--bg-raised': '#ffffff', '--fg': '#1d1f23',
  '--fg-muted': '#5d6470', '--border': '#d5d9e0', '--accent': '#2563eb', '--ok': '#15803d',
  '--warn': '#b45309', '--danger': '#b91c1c', '--font': 'system-ui, sans-serif',
  '--series-1': '#2563eb', '--series-2': '#dc2626', '--series-3': '#16a34a',
  '--series-4': '#9333ea', '--series-5': '#ea580c', '--series-6': '#0891b2',
};

export function chartPalette(read: (name: ThemeVariable) => string | null | undefined): ChartPalette {
  const v = (name: ThemeVariable) => read(name)?.trim() || FALLBACK[name];
  return {
    background: v('--bg'),
    panel: v('--bg-panel'),
    raised: v('--bg-raised'),
    fg: v('--fg'),
    muted: v('--fg-muted'),
    border: v('--border'),
    accent: v('--accent'),
    ok: v('--ok'),
    warn: v('--warn'),
    danger: v('--danger'),
    font: v('--font'),
    series: (['--series-1', '--series-2', '--series-3', '--series-4', '--series-5', '--series-6'] as const).map(v),
  };
}

/** An ECharts theme object (the shape echarts.init / setTheme accept). */
export function echartsTheme(p: ChartPalette): Record<string, unknown> {
  const axis = {
    axisLine: { lineStyle: { color: p.border } },
    axisTick: { lineStyle: { color: p.border } },
    axisLabel: { color: p.muted },
    splitLine: { lineStyle: { color: p.border, opacity: 0.6 } },
    nameTextStyle: { color: p.muted },
  };
  return {
    color: p.series,
    // Transparent so the panel behind shows; exports set their own background.
    backgroundColor: 'transparent',
    textStyle: { color: p.fg, fontFamily: p.font },
    title: { textStyle: { color: p.fg }, subtextStyle: { color: p.muted } },
    legend: { textStyle: { color: p.fg }, inactiveColor: p.border },
    tooltip: {
      backgroundColor: p.raised,
      borderColor: p.border,
      textStyle: { color: p.fg },
    },
    valueAxis: axis,
    logAxis: axis,
    categoryAxis: axis,
    timeAxis: axis,
    visualMap: { textStyle: { color: p.fg } },
  };
}

/** '#2563eb' / '#26e' / 'rgb(37, 99, 235)' -> [37, 99, 235]; unknown formats give mid grey. */
export function parseColor(c: string): [number, number, number] {
  const s = c.trim();
  let m = /^#([0-9a-f]{6})$/i.exec(s);
  if (m) {
    const n = parseInt(m[1], 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  m = /^#([0-9a-f]{3})$/i.exec(s);
  if (m) return [...m[1]].map((h) => parseInt(h + h, 16)) as [number, number, number];
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(s);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])].map((x) => Math.round(x)) as [number, number, number];
  return [128, 128, 128];
}

/** Black or white, whichever reads better on `background` (WCAG relative luminance). */
export function readableOn(background: string): '#000000' | '#ffffff' {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = parseColor(background).map(lin);
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with black (L + 0.05) / 0.05 beats contrast with white 1.05 / (L + 0.05) above ~0.179.
  return luminance > 0.179 ? '#000000' : '#ffffff';
}
