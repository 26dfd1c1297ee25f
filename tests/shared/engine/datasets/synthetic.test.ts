// Checks the seeded toy generators: sizes, balance, determinism, and their clean geometry at noise 0.

import { describe, expect, it } from 'vitest';
import {
  SPIRAL_MIN_RADIUS,
  SPIRAL_TURNS,
  blobs,
  circles,
  moons,
  regression1d,
  regression1dCurve,
  spirals,
  xor,
  type SyntheticParams,
} from '../../../../shared/engine/datasets/synthetic';
import type { Dataset } from '../../../../shared/engine/datasets/types';

const CLASSIFIERS: Record<string, (p: SyntheticParams) => Dataset> = {
  xor,
  circles,
  spirals,
  moons,
  blobs: (p) => blobs({ ...p, classes: 3, std: 0.3 }),
};

/** Each sample as [x1, x2, label]. */
function points(d: Dataset): [number, number, number][] {
  return Array.from({ length: d.train.n }, (_, i) => [d.train.x[2 * i], d.train.x[2 * i + 1], d.train.labels![i]]);
}

function std(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}

describe.each(Object.entries(CLASSIFIERS))('%s', (name, make) => {
  it('has n finite 2-D float32 samples with valid labels', () => {
    const d = make({ n: 301, noise: 0.1, seed: 7 });
    expect(d.name).toBe(name);
    expect(d.task).toBe('classification');
    expect(d.numFeatures).toBe(2);
    expect(d.featureNames).toEqual(['x1', 'x2']);
    expect(d.targetSize).toBe(d.classNames.length);
    expect(d.train.n).toBe(301);
    expect(d.train.x).toBeInstanceOf(Float32Array);
    expect(d.train.x.length).toBe(602);
    expect(d.train.labels).toBeInstanceOf(Int32Array);
    expect(d.train.labels!.length).toBe(301);
    expect(d.train.x.every(Number.isFinite)).toBe(true);
    expect(d.train.labels!.every((l) => l >= 0 && l < d.targetSize)).toBe(true);
  });

  it('balances classes to within one sample', () => {
    const d = make({ n: 301, noise: 0.1, seed: 7 });
    const counts = new Array<number>(d.targetSize).fill(0);
    for (const l of d.train.labels!) counts[l]++;
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it('is deterministic for a seed and changes with it', () => {
    const a = make({ n: 200, noise: 0.1, seed: 3 });
    const b = make({ n: 200, noise: 0.1, seed: 3 });
    const c = make({ n: 200, noise: 0.1, seed: 4 });
    expect(a.train.x).toEqual(b.train.x);
    expect(a.train.labels).toEqual(b.train.labels);
    expect(a.train.x).not.toEqual(c.train.x);
  });

  it('adds jitter with the requested std', () => {
    const clean = make({ n: 4000, noise: 0, seed: 5 }).train.x;
    const noisy = make({ n: 4000, noise: 0.05, seed: 5 }).train.x;
    const diffs = Array.from(noisy, (v, i) => v - clean[i]);
    expect(std(diffs)).toBeCloseTo(0.05, 2);
  });
});

describe('noise-free geometry', () => {
  it('xor labels follow the quadrant rule inside [-1,1]^2', () => {
    for (const [a, b, l] of points(xor({ n: 1000, noise: 0, seed: 1 }))) {
      expect(Math.abs(a)).toBeLessThanOrEqual(1);
      expect(Math.abs(b)).toBeLessThanOrEqual(1);
      expect(a * b).not.toBe(0);
      expect(l).toBe(Math.sign(a) !== Math.sign(b) ? 1 : 0);
    }
  });

  it('xor covers all four quadrants', () => {
    const quadrants = new Set(points(xor({ n: 400, noise: 0, seed: 1 })).map(([a, b]) => `${a > 0}${b > 0}`));
    expect(quadrants.size).toBe(4);
  });

  it('circles sit at radius 0.5 (class 0) and 1 (class 1)', () => {
    for (const [a, b, l] of points(circles({ n: 1000, noise: 0, seed: 1 }))) {
      expect(Math.hypot(a, b)).toBeCloseTo(l === 0 ? 0.5 : 1, 5);
    }
  });

  it('spirals follow r = rMin + (1 - rMin) s, angle = 2 pi turns s + class * pi', () => {
    for (const [a, b, l] of points(spirals({ n: 1000, noise: 0, seed: 1 }))) {
      const r = Math.hypot(a, b);
      expect(r).toBeGreaterThanOrEqual(SPIRAL_MIN_RADIUS - 1e-6);
      expect(r).toBeLessThanOrEqual(1 + 1e-6);
      const s = (r - SPIRAL_MIN_RADIUS) / (1 - SPIRAL_MIN_RADIUS);
      const t = 2 * Math.PI * SPIRAL_TURNS * s + l * Math.PI;
      expect(a).toBeCloseTo(r * Math.cos(t), 4);
      expect(b).toBeCloseTo(r * Math.sin(t), 4);
    }
  });

  it('moons are two unit half circles, the second shifted to (1, 0.5) and flipped', () => {
    const pts = points(moons({ n: 100, noise: 0, seed: 1 }));
    for (const [a, b, l] of pts) {
      if (l === 0) {
        expect(Math.hypot(a, b)).toBeCloseTo(1, 5);
        expect(b).toBeGreaterThanOrEqual(-1e-6);
      } else {
        expect(Math.hypot(a - 1, b - 0.5)).toBeCloseTo(1, 5);
        expect(b).toBeLessThanOrEqual(0.5 + 1e-6);
      }
    }
    // Evenly spaced angles include both ends of each half circle, as make_moons does.
    const upper = pts.filter((p) => p[2] === 0).map((p) => p[0]);
    expect(Math.max(...upper)).toBeCloseTo(1, 5);
    expect(Math.min(...upper)).toBeCloseTo(-1, 5);
  });
});

describe('blobs', () => {
  it('centers each class on the unit circle, evenly spaced', () => {
    const classes = 5;
    const d = blobs({ n: 500, noise: 0, seed: 1, classes, std: 0.01 });
    expect(d.targetSize).toBe(classes);
    expect(d.classNames).toHaveLength(classes);
    for (const [a, b, l] of points(d)) {
      const t = (2 * Math.PI * l) / classes;
      expect(Math.hypot(a - Math.cos(t), b - Math.sin(t))).toBeLessThan(0.06);
    }
  });

  it('spreads each blob with std', () => {
    const d = blobs({ n: 6000, noise: 0, seed: 1, classes: 2, std: 0.2 });
    const firstCoords = points(d).filter((p) => p[2] === 0).map((p) => p[0]);
    expect(std(firstCoords)).toBeCloseTo(0.2, 2);
  });
});

describe('regression-1d', () => {
  it('is a 1-feature regression set with float32 targets', () => {
    const d = regression1d({ n: 300, noise: 0.1, seed: 1 });
    expect(d.name).toBe('regression-1d');
    expect(d.task).toBe('regression');
    expect(d.numFeatures).toBe(1);
    expect(d.featureNames).toEqual(['x']);
    expect(d.classNames).toEqual([]);
    expect(d.targetSize).toBe(1);
    expect(d.train.n).toBe(300);
    expect(d.train.x).toBeInstanceOf(Float32Array);
    expect(d.train.x.length).toBe(300);
    expect(d.train.targets).toBeInstanceOf(Float32Array);
    expect(d.train.targets!.length).toBe(300);
    expect(d.train.labels).toBeUndefined();
    expect(d.train.targets!.every(Number.isFinite)).toBe(true);
  });

  it('follows y = sin(3x) + 0.5x on [-2, 2] at noise 0', () => {
    const d = regression1d({ n: 1000, noise: 0, seed: 1 });
    for (let i = 0; i < d.train.n; i++) {
      const x = d.train.x[i];
      expect(Math.abs(x)).toBeLessThanOrEqual(2);
      expect(d.train.targets![i]).toBeCloseTo(regression1dCurve(x), 5);
    }
  });

  it('adds target noise of std noise', () => {
    const d = regression1d({ n: 5000, noise: 0.2, seed: 1 });
    const residuals = Array.from(d.train.targets!, (y, i) => y - regression1dCurve(d.train.x[i]));
    expect(std(residuals)).toBeCloseTo(0.2, 1);
  });

  it('is deterministic for a seed and changes with it', () => {
    const a = regression1d({ n: 100, noise: 0.1, seed: 9 });
    expect(regression1d({ n: 100, noise: 0.1, seed: 9 }).train).toEqual(a.train);
    expect(regression1d({ n: 100, noise: 0.1, seed: 10 }).train.x).not.toEqual(a.train.x);
  });
});
