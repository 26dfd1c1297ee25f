// TypeScript kernel against a naive triple loop: tile and block edges, transposes, accumulate, dtypes, scratch.

import { describe, expect, it } from 'vitest';
import { TypeScriptKernel, typescriptKernel } from '../../../../shared/engine/kernel/ts-kernel';
import { Random } from '../../../../shared/engine/random';
import type { DType, Floats } from '../../../../shared/engine/tensor';

type Shape = readonly [m: number, n: number, k: number];

// Tiles are 4 x 4 and cache blocks 64 (m) x 128 (n) x 512 (k): sizes just under, at and over each.
const SHAPES: readonly Shape[] = [
  [1, 1, 1],
  [3, 5, 7],
  [17, 33, 9],
  [4, 4, 4],
  [5, 3, 1],
  [1, 9, 6],
  [8, 1, 11],
  [7, 12, 2],
  [13, 16, 31],
  [63, 127, 5],
  [64, 128, 512],
  [65, 129, 513],
  [70, 6, 1100],
  [2, 260, 40],
];

const TRANSPOSES = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;

function randomFloats(dtype: DType, length: number, rng: Random): Floats {
  const out = dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = rng.uniform(-1, 1);
  return out;
}

/**
 * The expected product in float64, plus the scale the error is measured against: the sum of
 * |a||b| terms (and |c| when accumulating), which bounds any rounding error of the sum.
 */
function naive(
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  a: Floats, b: Floats, c: Floats, accumulate: boolean,
): { want: Float64Array; scale: Float64Array } {
  const want = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = accumulate ? c[i * n + j] : 0;
      let t = accumulate ? Math.abs(c[i * n + j]) : 0;
      for (let p = 0; p < k; p++) {
        const x = transA ? a[p * m + i] : a[i * k + p];
        const y = transB ? b[j * k + p] : b[p * n + j];
        s += x * y;
        t += Math.abs(x * y);
      }
      want[i * n + j] = s;
      scale[i * n + j] = t;
    }
  }
  return { want, scale };
}

/** Runs one product on fresh seeded data and returns the worst error relative to its scale. */
function worstRelativeError(
  dtype: DType, transA: boolean, transB: boolean, [m, n, k]: Shape, accumulate: boolean, seed: number,
): number {
  const rng = new Random(seed);
  const a = randomFloats(dtype, m * k, rng);
  const b = randomFloats(dtype, k * n, rng);
  const c = randomFloats(dtype, m * n, rng);
  // Without accumulate the old contents must be ignored entirely, NaN included.
  if (!accumulate) c.fill(NaN);
  const { want, scale } = naive(transA, transB, m, n, k, a, b, c, accumulate);
  typescriptKernel.gemm(transA, transB, m, n, k, a, b, c, accumulate);
  let worst = 0;
  for (let i = 0; i < m * n; i++) {
    const err = Math.abs(c[i] - want[i]) / Math.max(scale[i], Number.MIN_VALUE);
    // NaN compares false, so test it explicitly rather than let it slip past Math.max.
    if (!(err <= Infinity)) return Infinity;
    worst = Math.max(worst, err);
  }
  return worst;
}

const TOLERANCE: Record<DType, number> = { float64: 1e-12, float32: 1e-5 };

describe('TypeScriptKernel', () => {
  it('is the MatrixKernel named typescript', () => {
    expect(typescriptKernel).toBeInstanceOf(TypeScriptKernel);
    expect(typescriptKernel.name).toBe('typescript');
  });

  for (const dtype of ['float64', 'float32'] as const) {
    for (const [transA, transB] of TRANSPOSES) {
      for (const accumulate of [false, true]) {
        const label = `${dtype} ${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} accumulate=${accumulate}`;
        it(`matches the triple loop: ${label}`, () => {
          SHAPES.forEach((shape, s) => {
            const err = worstRelativeError(dtype, transA, transB, shape, accumulate, 1000 + s);
            expect(err, `shape m,n,k = ${shape.join(',')}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
          });
        });
      }
    }
  }

  it('matches the triple loop on the 128 x 784 x 256 layer product', () => {
    expect(worstRelativeError('float32', false, false, [128, 256, 784], false, 7)).toBeLessThanOrEqual(1e-5);
  });

  it('sums k within one block in the same order as the triple loop (bit-identical in float64)', () => {
    const rng = new Random(11);
    const [m, n, k] = [9, 10, 300];
    const a = randomFloats('float64', m * k, rng);
    const b = randomFloats('float64', k * n, rng);
    const c = new Float64Array(m * n);
    typescriptKernel.gemm(false, false, m, n, k, a, b, c, false);
    expect(Array.from(c)).toEqual(Array.from(naive(false, false, m, n, k, a, b, c, false).want));
  });

  it('leaves C alone beyond m x n and ignores extra A and B values (max-batch buffers)', () => {
    const rng = new Random(3);
    const [m, n, k] = [5, 6, 7];
    const a = randomFloats('float32', m * k + 50, rng);
    const b = randomFloats('float32', k * n + 50, rng);
    const c = new Float32Array(m * n + 50).fill(42);
    typescriptKernel.gemm(false, false, m, n, k, a, b, c, false);
    const { want } = naive(false, false, m, n, k, a, b, c, false);
    for (let i = 0; i < m * n; i++) expect(c[i]).toBeCloseTo(want[i], 5);
    expect(Array.from(c.subarray(m * n))).toEqual(new Array(50).fill(42));
  });

  it('treats k = 0 as an empty sum and m = 0 or n = 0 as nothing to do', () => {
    const c = new Float64Array([1, 2, 3, 4, 5, 6]);
    typescriptKernel.gemm(false, false, 2, 3, 0, new Float64Array(0), new Float64Array(0), c, true);
    expect(Array.from(c)).toEqual([1, 2, 3, 4, 5, 6]);
    typescriptKernel.gemm(false, false, 2, 3, 0, new Float64Array(0), new Float64Array(0), c, false);
    expect(Array.from(c)).toEqual([0, 0, 0, 0, 0, 0]);
    c.fill(7);
    typescriptKernel.gemm(false, false, 0, 3, 4, new Float64Array(0), new Float64Array(12), c, false);
    typescriptKernel.gemm(false, false, 2, 0, 4, new Float64Array(8), new Float64Array(0), c, false);
    expect(Array.from(c)).toEqual([7, 7, 7, 7, 7, 7]);
  });

  it('allocates its scratch once: a bigger product after a smaller one neither grows it nor goes wrong', () => {
    const kernel = new TypeScriptKernel();
    expect(worstRelativeError('float64', false, false, [2, 3, 4], false, 21)).toBeLessThanOrEqual(1e-12);
    const length = kernel.scratchLength;
    expect(length).toBeGreaterThan(0);
    // Past every cache block in every dimension, then small and warm again, in both dtypes.
    expect(worstRelativeError('float64', true, true, [150, 300, 1100], true, 22)).toBeLessThanOrEqual(1e-12);
    expect(worstRelativeError('float32', false, true, [150, 300, 1100], false, 23)).toBeLessThanOrEqual(1e-5);
    expect(worstRelativeError('float32', true, false, [3, 3, 3], true, 24)).toBeLessThanOrEqual(1e-5);
    expect(kernel.scratchLength).toBe(length);
    expect(typescriptKernel.scratchLength).toBe(length);
  });
});
