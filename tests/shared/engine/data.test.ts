// Data preparation: normalizers fitted on training rows only, and seeded (stratified) row splits.

import { describe, expect, it } from 'vitest';
import { fitNormalizer, normalizerSchema, type Normalizer } from '../../../shared/engine/data/normalize';
import { allRows, splitRows } from '../../../shared/engine/data/split';
import type { Table } from '../../../shared/engine/datasets/types';
import { Random } from '../../../shared/engine/random';

/** A float table [n, features] with feature j ~ N(3j - 2, (j + 1)^2). */
function floatTable(n: number, features: number, seed: number): Table {
  const rng = new Random(seed);
  const x = new Float64Array(n * features);
  for (let r = 0; r < n; r++) for (let j = 0; j < features; j++) x[r * features + j] = rng.normal(3 * j - 2, j + 1);
  return { x, n };
}

function byteTable(n: number, features: number, seed: number): Table {
  const rng = new Random(seed);
  const x = new Uint8Array(n * features);
  for (let i = 0; i < x.length; i++) x[i] = 20 + rng.int(200);
  return { x, n };
}

/** x' = x * scale + shift, as batches apply it. */
function normalized(table: Table, norm: Normalizer, features: number, r: number, j: number): number {
  return table.x[r * features + j] * norm.scale[j] + norm.shift[j];
}

function column(table: Table, norm: Normalizer, features: number, rows: Int32Array, j: number): number[] {
  return Array.from(rows, (r) => normalized(table, norm, features, r, j));
}

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const popStd = (a: number[]) => {
  const m = mean(a);
  return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length);
};

/** Every other row of 0..n-1 trains; the rest are held out. */
const evenRows = (n: number) => Int32Array.from({ length: Math.ceil(n / 2) }, (_, i) => 2 * i);

describe('fitNormalizer on tables (per feature)', () => {
  const features = 3;
  const n = 40;

  for (const kind of ['zero-one', 'minus-one-one', 'zscore'] as const) {
    it(`${kind}: uses the training rows only; other rows can change freely`, () => {
      const table = floatTable(n, features, 1);
      const train = evenRows(n);
      const before = fitNormalizer(kind, table, features, train);
      const x = table.x as Float64Array;
      x[1 * features + 0] = 1e12;
      x[3 * features + 2] = -1e12;
      const after = fitNormalizer(kind, table, features, train);
      expect(after).toEqual(before);
      expect(before.scope).toBe('per-feature');
      expect(normalizerSchema.parse(before)).toEqual(before);
      // A change to a training row does change it.
      x[0] = 1e12;
      expect(fitNormalizer(kind, table, features, train)).not.toEqual(before);
    });
  }

  it("'zero-one' maps each feature's training min and max to 0 and 1", () => {
    const table = floatTable(n, features, 2);
    const train = evenRows(n);
    const norm = fitNormalizer('zero-one', table, features, train);
    for (let j = 0; j < features; j++) {
      const col = column(table, norm, features, train, j);
      expect(Math.min(...col)).toBeCloseTo(0, 12);
      expect(Math.max(...col)).toBeCloseTo(1, 12);
    }
  });

  it("'minus-one-one' maps each feature's training min and max to -1 and 1", () => {
    const table = floatTable(n, features, 3);
    const train = evenRows(n);
    const norm = fitNormalizer('minus-one-one', table, features, train);
    for (let j = 0; j < features; j++) {
      const col = column(table, norm, features, train, j);
      expect(Math.min(...col)).toBeCloseTo(-1, 12);
      expect(Math.max(...col)).toBeCloseTo(1, 12);
    }
  });

  it("'zscore' gives each feature mean 0 and (population) std 1 on the training rows", () => {
    const table = floatTable(n, features, 4);
    const train = evenRows(n);
    const norm = fitNormalizer('zscore', table, features, train);
    for (let j = 0; j < features; j++) {
      const col = column(table, norm, features, train, j);
      expect(mean(col)).toBeCloseTo(0, 12);
      expect(popStd(col)).toBeCloseTo(1, 12);
    }
  });

  it("'none' is the identity", () => {
    const norm = fitNormalizer('none', floatTable(4, features, 5), features, allRows(4));
    expect(norm).toEqual({ kind: 'none', scope: 'per-feature', scale: [1, 1, 1], shift: [0, 0, 0] });
  });

  it('skips missing (NaN) training values and records the training mean as their fill', () => {
    // Feature 0: 1, NaN, 3, 5 (training rows 0, 1, 2); row 3 is held out. Feature 1 is all missing.
    const table: Table = { x: Float64Array.from([1, NaN, NaN, NaN, 3, NaN, 100, NaN]), n: 4 };
    const train = Int32Array.from([0, 1, 2]);
    const zscore = fitNormalizer('zscore', table, 2, train);
    expect(zscore.fill).toEqual([2, 0]);
    expect(zscore.scale[0]).toBeCloseTo(1, 14); // values 1 and 3: mean 2, population std 1
    expect(zscore.shift[0]).toBeCloseTo(-2, 14);
    const zeroOne = fitNormalizer('zero-one', table, 2, train);
    expect(zeroOne.scale[0]).toBeCloseTo(0.5, 14);
    expect(zeroOne.shift[0]).toBeCloseTo(-0.5, 14);
    for (const norm of [zscore, zeroOne]) {
      expect(normalizerSchema.parse(norm)).toEqual(norm);
      expect([...norm.scale, ...norm.shift, ...norm.fill!].every(Number.isFinite)).toBe(true);
    }
  });

  it('a constant feature maps to a finite value for every kind', () => {
    const table: Table = { x: Float64Array.from([5, 1, 5, 2, 5, 3]), n: 3 };
    for (const kind of ['none', 'zero-one', 'minus-one-one', 'zscore'] as const) {
      const norm = fitNormalizer(kind, table, 2, allRows(3));
      for (const v of norm.scale.concat(norm.shift)) expect(Number.isFinite(v), kind).toBe(true);
      for (let r = 0; r < 3; r++) expect(Number.isFinite(normalized(table, norm, 2, r, 0)), kind).toBe(true);
      // The varying feature is still normalized as usual.
      if (kind === 'zero-one') expect(column(table, norm, 2, allRows(3), 1)).toEqual([0, 0.5, 1]);
    }
  });
});

describe('fitNormalizer on byte images (global)', () => {
  const features = 16;
  const n = 10;

  it("'zero-one' is x / 255 and 'minus-one-one' is x / 127.5 - 1, whatever the data", () => {
    const table = byteTable(n, features, 6);
    const zeroOne = fitNormalizer('zero-one', table, features, allRows(n));
    expect(zeroOne.scope).toBe('global');
    expect(zeroOne.scale).toEqual(new Array(features).fill(1 / 255));
    expect(zeroOne.shift).toEqual(new Array(features).fill(0));
    const pm = fitNormalizer('minus-one-one', table, features, allRows(n));
    expect(pm.scale).toEqual(new Array(features).fill(1 / 127.5));
    expect(pm.shift).toEqual(new Array(features).fill(-1));
    expect(0 * pm.scale[0] + pm.shift[0]).toBe(-1);
    expect(255 * pm.scale[0] + pm.shift[0]).toBeCloseTo(1, 14);
  });

  it("'zscore' uses one global mean and std over the training pixels", () => {
    const table = byteTable(n, features, 7);
    const train = evenRows(n);
    const norm = fitNormalizer('zscore', table, features, train);
    expect(norm.scope).toBe('global');
    expect(new Set(norm.scale).size).toBe(1);
    expect(new Set(norm.shift).size).toBe(1);
    const pixels: number[] = [];
    for (const r of train) for (let j = 0; j < features; j++) pixels.push(normalized(table, norm, features, r, j));
    expect(mean(pixels)).toBeCloseTo(0, 12);
    expect(popStd(pixels)).toBeCloseTo(1, 12);
    // Held-out rows do not count.
    (table.x as Uint8Array)[1 * features] = 255;
    (table.x as Uint8Array)[3 * features] = 0;
    expect(fitNormalizer('zscore', table, features, train)).toEqual(norm);
  });

  it('a constant image maps to a finite value', () => {
    const table: Table = { x: new Uint8Array(2 * features).fill(77), n: 2 };
    const norm = fitNormalizer('zscore', table, features, allRows(2));
    expect(norm.scale.every(Number.isFinite) && norm.shift.every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(normalized(table, norm, features, 0, 0))).toBe(true);
  });
});

describe('splitRows', () => {
  function expectPartition(rows: Int32Array, split: { train: Int32Array; holdout: Int32Array }): void {
    const train = new Set(split.train);
    expect(train.size).toBe(split.train.length);
    for (const r of split.holdout) expect(train.has(r)).toBe(false);
    expect([...split.train, ...split.holdout].sort((a, b) => a - b)).toEqual(Array.from(rows).sort((a, b) => a - b));
  }

  it('splits into disjoint parts covering every row, holding out round(fraction * n)', () => {
    for (const [n, fraction] of [
      [100, 0.2],
      [37, 0.3],
      [10, 0.25],
      [7, 0.5],
      [5, 0],
    ] as const) {
      const rows = allRows(n);
      const split = splitRows(rows, fraction, 1);
      expectPartition(rows, split);
      expect(split.holdout.length, `${n} x ${fraction}`).toBe(Math.round(fraction * n));
    }
  });

  it('works on a subset of row ids', () => {
    const rows = Int32Array.from([3, 8, 15, 16, 23, 42, 50, 51, 77, 99]);
    const split = splitRows(rows, 0.3, 2);
    expectPartition(rows, split);
    expect(split.holdout.length).toBe(3);
  });

  it('stratified: holds out round(fraction * count) of each class, keeping class shares', () => {
    const counts = [50, 30, 13, 7];
    const labels = Int32Array.from(counts.flatMap((c, k) => new Array<number>(c).fill(k)));
    // Shuffle the labels so classes are interleaved over row ids.
    new Random(3).shuffle(labels);
    const rows = allRows(labels.length);
    const fraction = 0.3;
    const split = splitRows(rows, fraction, 4, labels);
    expectPartition(rows, split);
    const count = (part: Int32Array, k: number) => Array.from(part).filter((r) => labels[r] === k).length;
    counts.forEach((c, k) => {
      expect(count(split.holdout, k), `class ${k}`).toBe(Math.round(fraction * c));
      expect(count(split.train, k), `class ${k}`).toBe(c - Math.round(fraction * c));
    });
    expect(split.holdout.length).toBe(counts.reduce((s, c) => s + Math.round(fraction * c), 0));
  });

  it('stratified on a subset reads labels by row id', () => {
    const labels = Int32Array.from({ length: 40 }, (_, i) => (i < 30 ? 0 : 1));
    const rows = Int32Array.from({ length: 20 }, (_, i) => 2 * i); // 15 of class 0, 5 of class 1
    const split = splitRows(rows, 0.4, 5, labels);
    expectPartition(rows, split);
    expect(Array.from(split.holdout).filter((r) => labels[r] === 0).length).toBe(6);
    expect(Array.from(split.holdout).filter((r) => labels[r] === 1).length).toBe(2);
  });

  it('the same seed gives the same split, another seed a different one', () => {
    const rows = allRows(60);
    const labels = Int32Array.from({ length: 60 }, (_, i) => i % 3);
    for (const l of [undefined, labels]) {
      const a = splitRows(rows, 0.25, 11, l);
      expect(splitRows(rows, 0.25, 11, l)).toEqual(a);
      expect(Array.from(splitRows(rows, 0.25, 12, l).holdout)).not.toEqual(Array.from(a.holdout));
    }
  });

  it('returns sorted row ids and rejects fractions outside [0, 1)', () => {
    const split = splitRows(allRows(30), 0.4, 6);
    for (const part of [split.train, split.holdout]) {
      for (let i = 1; i < part.length; i++) expect(part[i]).toBeGreaterThan(part[i - 1]);
    }
    expect(() => splitRows(allRows(5), 1, 1)).toThrow(/\[0, 1\)/);
    expect(() => splitRows(allRows(5), -0.1, 1)).toThrow(/\[0, 1\)/);
    expect(() => splitRows(allRows(5), Number.NaN, 1)).toThrow(/\[0, 1\)/);
  });
});
