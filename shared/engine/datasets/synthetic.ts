// Seeded 2-D toy datasets (xor, circles, spirals, blobs, moons) and a 1-D regression curve.

import { Random, STREAM } from '../random';
import type { Dataset } from './types';

export interface SyntheticParams {
  /** Total number of samples. */
  n: number;
  /** Standard deviation of the gaussian jitter added to each coordinate (the target, for regression). */
  noise: number;
  seed: number;
}

export interface BlobsParams extends SyntheticParams {
  classes: number;
  /** Standard deviation of each blob around its center, before `noise` is added. */
  std: number;
}

/** Spiral shape: turns each arm makes, so the task stays the same whatever n and noise are. */
export const SPIRAL_TURNS = 1.75;
/** Inner radius of the spirals; starting at 0 would put both arms' first points on top of each other. */
export const SPIRAL_MIN_RADIUS = 0.1;
export const REGRESSION_1D_RANGE = 2;

/** The clean curve behind 'regression-1d'. */
export function regression1dCurve(x: number): number {
  return Math.sin(3 * x) + 0.5 * x;
}

/**
 * Classes are interleaved (sample i has class i % k) so any prefix is balanced and per-class
 * counts differ by at most one; `point` gets the sample's index within its class.
 */
function generate2d(
  name: string,
  description: string,
  classNames: readonly string[],
  p: SyntheticParams,
  point: (cls: number, j: number, count: number, rng: Random) => readonly [number, number],
): Dataset {
  const k = classNames.length;
  const rng = new Random(p.seed, STREAM.data);
  const x = new Float32Array(p.n * 2);
  const labels = new Int32Array(p.n);
  for (let i = 0; i < p.n; i++) {
    const cls = i % k;
    const count = Math.floor(p.n / k) + (cls < p.n % k ? 1 : 0);
    const [a, b] = point(cls, Math.floor(i / k), count, rng);
    // Jitter is drawn even when noise is 0 so the clean shape of a seed does not depend on noise.
    x[2 * i] = a + p.noise * rng.normal();
    x[2 * i + 1] = b + p.noise * rng.normal();
    labels[i] = cls;
  }
  return {
    name,
    task: 'classification',
    numFeatures: 2,
    featureNames: ['x1', 'x2'],
    classNames,
    targetSize: k,
    description: `${description} (n=${p.n}, noise=${p.noise}, seed=${p.seed})`,
    train: { x, n: p.n, labels },
  };
}

/** A magnitude in (0, 1], never 0, so a point never sits on an axis where its quadrant is ambiguous. */
function magnitude(rng: Random): number {
  return 1 - rng.next();
}

export function xor(p: SyntheticParams): Dataset {
  return generate2d(
    'xor',
    'XOR: uniform in [-1,1]^2, class 1 where x1 and x2 have opposite signs',
    ['same sign', 'opposite sign'],
    p,
    (cls, _j, _count, rng) => {
      const sx = rng.next() < 0.5 ? 1 : -1;
      const sy = cls === 0 ? sx : -sx;
      return [sx * magnitude(rng), sy * magnitude(rng)];
    },
  );
}

export function circles(p: SyntheticParams): Dataset {
  return generate2d(
    'circles',
    'Circles: class 0 on a circle of radius 0.5 inside class 1 on a ring of radius 1',
    ['inner', 'outer'],
    p,
    (cls, _j, _count, rng) => {
      const r = cls === 0 ? 0.5 : 1;
      const t = 2 * Math.PI * rng.next();
      return [r * Math.cos(t), r * Math.sin(t)];
    },
  );
}

export function spirals(p: SyntheticParams): Dataset {
  return generate2d(
    'spirals',
    `Two spirals: interleaved arms of ${SPIRAL_TURNS} turns, radius ${SPIRAL_MIN_RADIUS} to 1, the second rotated by pi`,
    ['spiral 1', 'spiral 2'],
    p,
    (cls, _j, _count, rng) => {
      const s = rng.next();
      const r = SPIRAL_MIN_RADIUS + (1 - SPIRAL_MIN_RADIUS) * s;
      const t = 2 * Math.PI * SPIRAL_TURNS * s + cls * Math.PI;
      return [r * Math.cos(t), r * Math.sin(t)];
    },
  );
}

export function blobs(p: BlobsParams): Dataset {
  const classNames = Array.from({ length: p.classes }, (_, c) => `blob ${c + 1}`);
  return generate2d(
    'blobs',
    `Blobs: ${p.classes} gaussian blobs (std ${p.std}) centered evenly on the unit circle`,
    classNames,
    p,
    (cls, _j, _count, rng) => {
      const t = (2 * Math.PI * cls) / p.classes;
      return [Math.cos(t) + p.std * rng.normal(), Math.sin(t) + p.std * rng.normal()];
    },
  );
}

/** As scikit-learn's make_moons: evenly spaced angles along each half circle, then jitter. */
export function moons(p: SyntheticParams): Dataset {
  return generate2d(
    'moons',
    'Moons: upper half of the unit circle (class 0) interleaved with a lower half circle centered at (1, 0.5)',
    ['upper', 'lower'],
    p,
    (cls, j, count) => {
      const t = count > 1 ? (Math.PI * j) / (count - 1) : 0;
      return cls === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    },
  );
}

export function regression1d(p: SyntheticParams): Dataset {
  const rng = new Random(p.seed, STREAM.data);
  const x = new Float32Array(p.n);
  const targets = new Float32Array(p.n);
  for (let i = 0; i < p.n; i++) {
    // The curve is evaluated at the stored float32 x so that noise 0 gives exactly curve(x).
    x[i] = rng.uniform(-REGRESSION_1D_RANGE, REGRESSION_1D_RANGE);
    targets[i] = regression1dCurve(x[i]) + p.noise * rng.normal();
  }
  return {
    name: 'regression-1d',
    task: 'regression',
    numFeatures: 1,
    featureNames: ['x'],
    classNames: [],
    targetSize: 1,
    description:
      `Regression 1-D: target y = sin(3x) + 0.5x + noise, x uniform in [-${REGRESSION_1D_RANGE}, ${REGRESSION_1D_RANGE}]` +
      ` (n=${p.n}, noise=${p.noise}, seed=${p.seed})`,
    train: { x, n: p.n, targets },
  };
}
