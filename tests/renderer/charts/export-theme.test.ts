import { describe, expect, it } from 'vitest';
import { dataUrlToBlob, exportFilename, svgBlob } from '../../../renderer/src/model/charts/export';
import { chartPalette, echartsTheme, parseColor, readableOn } from '../../../renderer/src/model/charts/theme';

describe('chart export helpers', () => {
  it('suggests safe file names', () => {
    expect(exportFilename('Loss per epoch', 'png')).toBe('loss-per-epoch.png');
    expect(exportFilename('Histogram of weights in Layer 1 (Dense 784→256)', 'svg')).toBe('histogram-of-weights-in-layer-1-dense-784-256.svg');
    expect(exportFilename('→', 'png')).toBe('chart.png');
  });

  it('decodes base64 data URLs to the exact bytes', async () => {
    // 'PNG' in base64 is UE5H.
    const blob = dataUrlToBlob('data:image/png;base64,UE5H');
    expect(blob.type).toBe('image/png');
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([80, 78, 71]);
    const text = dataUrlToBlob('data:image/svg+xml;charset=utf-8,%3Csvg%2F%3E');
    expect(text.type).toBe('image/svg+xml');
    expect(await text.text()).toBe('<svg/>');
    expect(() => dataUrlToBlob('blob:abc')).toThrow();
  });

  it('wraps SVG text with an XML declaration', async () => {
    const blob = svgBlob('<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(blob.type).toBe('image/svg+xml');
    expect(await blob.text()).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>');
  });
});

describe('chart theme from CSS variables', () => {
  it('uses the variables, falling back to the light theme for missing ones', () => {
    const vars: Record<string, string> = { '--fg': ' #e6e7ea ', '--series-1': '#60a5fa' };
    const p = chartPalette((n) => vars[n]);
    expect(p.fg).toBe('#e6e7ea');
    expect(p.series[0]).toBe('#60a5fa');
    expect(p.series[1]).toBe('#dc2626');
    expect(p.series).toHaveLength(6);
    const theme = echartsTheme(p) as { color: string[]; textStyle: { color: string } };
    expect(theme.color).toEqual(p.series);
    expect(theme.textStyle.color).toBe('#e6e7ea');
  });

  it('parses colours and picks readable text', () => {
    expect(parseColor('#2563eb')).toEqual([37, 99, 235]);
    expect(parseColor('#fff')).toEqual([255, 255, 255]);
    expect(parseColor('rgb(1, 2, 3)')).toEqual([1, 2, 3]);
    expect(parseColor('tomato')).toEqual([128, 128, 128]);
    expect(readableOn('#2563eb')).toBe('#ffffff');
    expect(readableOn('#60a5fa')).toBe('#000000');
    expect(readableOn('#ffffff')).toBe('#000000');
  });
});
