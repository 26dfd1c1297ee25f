import { describe, expect, it } from 'vitest';
import { BoundedSeries } from '../../../renderer/src/model/charts/bounded';

describe('BoundedSeries', () => {
  it('keeps every point until the cap', () => {
    const s = new BoundedSeries(10, ['mean']);
    for (let i = 1; i <= 9; i++) s.push(i, [i * 10]);
    const v = s.view();
    expect(v.x).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(v.columns[0]).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
  });

  it('never returns more than cap points and keeps the first and the newest sample', () => {
    for (const cap of [4, 5, 10, 2000]) {
      const s = new BoundedSeries(cap, ['mean', 'last']);
      const n = cap > 10 ? 10_000 : 1_000;
      for (let i = 1; i <= n; i++) {
        s.push(i, [i, i * 2]);
        if (cap > 10 && i % 97 !== 0 && i !== n) continue;
        const v = s.view();
        expect(v.x.length).toBeLessThanOrEqual(cap);
        expect(v.x[0]).toBe(1);
        expect(v.columns[0][0]).toBe(1);
        expect(v.x[v.x.length - 1]).toBe(i);
        // 'last' columns show exactly the newest value.
        expect(v.columns[1][v.x.length - 1]).toBe(i * 2);
      }
    }
  });

  it('merges pairs by mean (first point untouched) when it fills', () => {
    const s = new BoundedSeries(5, ['mean', 'last']);
    // The 5th point fills it: [1], (2,3), (4,5).
    for (let i = 1; i <= 5; i++) s.push(i, [i, i]);
    const v = s.view();
    expect(v.x).toEqual([1, 3, 5]);
    expect(v.columns[0]).toEqual([1, 2.5, 4.5]);
    expect(v.columns[1]).toEqual([1, 3, 5]);
  });

  it('after a compaction, each new point stands for two samples', () => {
    const s = new BoundedSeries(5, ['mean']);
    for (let i = 1; i <= 5; i++) s.push(i, [i]);
    s.push(6, [60]);
    // Pending half-full bucket shows as the newest point.
    expect(s.view().x).toEqual([1, 3, 5, 6]);
    expect(s.view().columns[0]).toEqual([1, 2.5, 4.5, 60]);
    s.push(7, [70]);
    expect(s.view().x).toEqual([1, 3, 5, 7]);
    expect(s.view().columns[0]).toEqual([1, 2.5, 4.5, 65]);
  });

  it('stores non-finite values as gaps that means skip', () => {
    const s = new BoundedSeries(10, ['mean']);
    s.push(1, [NaN]);
    s.push(2, [Infinity]);
    s.push(3, [null]);
    s.push(4, [4]);
    expect(s.view().columns[0]).toEqual([null, null, null, 4]);
  });

  it('round-trips through JSON and continues identically', () => {
    const a = new BoundedSeries(6, ['mean', 'last']);
    for (let i = 1; i <= 13; i++) a.push(i, [i, -i]);
    const b = BoundedSeries.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(b.view()).toEqual(a.view());
    for (let i = 14; i <= 40; i++) {
      a.push(i, [i, -i]);
      b.push(i, [i, -i]);
    }
    expect(b.view()).toEqual(a.view());
  });

  it('rejects a cap too small to compact', () => {
    expect(() => new BoundedSeries(3, ['mean'])).toThrow(/at least 4/);
  });
});
