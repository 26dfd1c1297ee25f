// Tooltips built as DOM nodes: ECharts' own tooltip markup is HTML with inline style attributes,
// which the studio's Content-Security-Policy (style-src 'self') refuses, so the browser logged a
// violation per hover and showed the text unstyled and run together. Here every tooltip's content
// is elements with class names (styled in theme.css); the one colour that varies, a series'
// marker, is set through the CSSOM, which the policy allows.

import type { ChartOption } from './echarts';

interface TooltipParam {
  seriesName?: string;
  axisValue?: unknown;
  name?: string;
  color?: unknown;
  value?: unknown;
  axisValueLabel?: string;
  marker?: string;
}

type ValueFormatter = (value: unknown, dataIndex?: number) => string;
type Formatter = (params: unknown) => unknown;
type TooltipOption = { formatter?: unknown; valueFormatter?: unknown; [key: string]: unknown };

function element(tag: string, className: string, text?: string): HTMLElement {
  const el = document.createElement(tag);
  el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

/** What a formatter's string says, as lines of plain text (its <br> kept as line breaks, other tags dropped). */
export function textLines(html: string): string[] {
  return html
    .split(/<br\s*\/?>|\n/i)
    .map((line) => line.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').trim())
    .filter((line) => line.length > 0);
}

function linesElement(lines: string[]): HTMLElement {
  const box = element('div', 'chart-tip');
  for (const line of lines) box.append(element('div', 'chart-tip-line', line));
  return box;
}

/** The value of one point as the tooltip shows it: the last of [x, y] pairs, every value of other arrays. */
function shownValue(value: unknown, format: ValueFormatter | null): string {
  const pick = Array.isArray(value) ? (value.length === 2 ? value[1] : value) : value;
  if (Array.isArray(pick)) return pick.map((v) => (format ? format(v) : String(v ?? '–'))).join(', ');
  return format ? format(pick) : typeof pick === 'number' ? String(pick) : String(pick ?? '–');
}

/** The header of an axis tooltip: "Epoch 9" where the axis is named and its value a number. */
export function axisHeader(p: TooltipParam | undefined, axisName: string | null): string | undefined {
  if (!p) return undefined;
  if (typeof p.axisValue === 'number') {
    const v = Number.isInteger(p.axisValue) ? String(p.axisValue) : String(Number(p.axisValue.toPrecision(4)));
    return axisName ? `${axisName} ${v}` : v;
  }
  return p.axisValueLabel;
}

/** ECharts' default tooltip (a header, then a marker, name and value per series) as DOM. */
export function defaultContent(params: unknown, format: ValueFormatter | null, axisName: string | null = null): HTMLElement {
  const list = (Array.isArray(params) ? params : [params]) as TooltipParam[];
  const box = element('div', 'chart-tip');
  const header = Array.isArray(params) ? axisHeader(list[0], axisName) : list[0]?.name;
  if (header) box.append(element('div', 'chart-tip-header', header));
  for (const p of list) {
    const row = element('div', 'chart-tip-row');
    const marker = element('span', 'chart-tip-marker');
    if (typeof p.color === 'string') marker.style.backgroundColor = p.color;
    row.append(marker, element('span', 'chart-tip-name', p.seriesName ?? ''), element('span', 'chart-tip-value', shownValue(p.value, format)));
    box.append(row);
  }
  return box;
}

function safeTooltip(tooltip: TooltipOption, axisName: string | null): TooltipOption {
  const format = typeof tooltip.valueFormatter === 'function' ? (tooltip.valueFormatter as ValueFormatter) : null;
  const own = typeof tooltip.formatter === 'function' ? (tooltip.formatter as Formatter) : null;
  const formatter = (params: unknown) => {
    if (!own) return defaultContent(params, format, axisName);
    const out = own(params);
    return typeof out === 'string' ? linesElement(textLines(out)) : out;
  };
  return { ...tooltip, formatter };
}

/** The option with every tooltip (one or a list) drawn as CSP-safe DOM. */
export function cspSafeTooltips<T extends ChartOption>(option: T): T {
  const tooltip = option.tooltip as TooltipOption | TooltipOption[] | undefined;
  if (!tooltip) return option;
  const x = (Array.isArray(option.xAxis) ? option.xAxis[0] : option.xAxis) as { name?: unknown } | undefined;
  const axisName = typeof x?.name === 'string' ? x.name : null;
  return { ...option, tooltip: Array.isArray(tooltip) ? tooltip.map((t) => safeTooltip(t, axisName)) : safeTooltip(tooltip, axisName) };
}
