// Thinning a long curve for drawing: bounded size, ends kept, extremes kept, gaps kept.

import { describe, expect, it } from 'vitest';
import { thinCurve, type CurvePoint } from '../../../renderer/src/model/charts/thin';

const curve = (n: number, f: (i: number) => number | null): CurvePoint[] => Array.from({ length: n }, (_, i) => [i + 1, f(i)]);

describe('thinCurve', () => {
  it('leaves a short curve as it is', () => {
    const c = curve(50, (i) => i);
    expect(thinCurve(c, 400)).toBe(c);
  });

  it('keeps at most the limit, the first and last points, in x order', () => {
    const c = curve(2000, (i) => Math.sin(i / 50));
    const t = thinCurve(c, 400);
    expect(t.length).toBeLessThanOrEqual(400);
    expect(t.length).toBeGreaterThan(300);
    expect(t[0]).toEqual(c[0]);
    expect(t.at(-1)).toEqual(c.at(-1));
    for (let i = 1; i < t.length; i++) expect(t[i][0]).toBeGreaterThan(t[i - 1][0]);
  });

  it('keeps a one-epoch spike and dip that plain striding would miss', () => {
    const c = curve(2000, (i) => (i === 1234 ? 50 : i === 777 ? -50 : 1));
    const t = thinCurve(c, 400);
    expect(t).toContainEqual([1235, 50]);
    expect(t).toContainEqual([778, -50]);
    expect(Math.max(...t.map((p) => p[1] ?? 0))).toBe(50);
  });

  it('keeps a gap (a non-finite value) as a gap', () => {
    const c = curve(2000, (i) => (i === 999 ? null : 1));
    expect(thinCurve(c, 400)).toContainEqual([1000, null]);
  });
});
