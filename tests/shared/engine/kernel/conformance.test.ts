// Every kernel this runtime can run against a float64 triple loop: all transposes, accumulate,
// tile and cache-block edges, 1x1, tall and wide; operands in the kernel's memory and outside it.

import { describe, expect, it } from 'vitest';
import { availableKernels, getKernel, KERNEL_NAMES } from '../../../../shared/engine/kernel/registry';
import type { MatrixKernel } from '../../../../shared/engine/kernel/types';
import { wasmFeatures } from '../../../../shared/engine/kernel/wasm/runtime';
import { Random } from '../../../../shared/engine/random';

type Shape = readonly [m: number, n: number, k: number];

// The WebAssembly kernel tiles 4 x 8 with blocks of 64 (m) x 256 (n) x 256 (k); the TypeScript
// kernel 4 x 4 with 64 x 128 x 512: sizes just under, at and over each, plus 1x1, tall and wide.
const SHAPES: readonly Shape[] = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 8, 4],
  [5, 9, 3],
  [17, 33, 9],
  [1, 300, 6],
  [300, 1, 11],
  [63, 255, 255],
  [64, 256, 256],
  [65, 257, 257],
  [70, 6, 1100],
  [2, 530, 40],
  [129, 12, 513],
];

const TRANSPOSES = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;

/** float32's unit roundoff. */
const U = 2 ** -24;

function fill(out: Float32Array, rng: Random): Float32Array {
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform(-1, 1);
  return out;
}

interface Case {
  transA: boolean;
  transB: boolean;
  shape: Shape;
  accumulate: boolean;
}

/**
 * Runs one product on seeded data and returns the worst error as a fraction of the bound every
 * summation order obeys: (k + 1) u times the sum of |a||b| (and |c| when accumulating).
 */
function worstError(kernel: MatrixKernel, { transA, transB, shape: [m, n, k], accumulate }: Case, inKernelMemory: boolean, seed: number): number {
  const rng = new Random(seed);
  const make = (length: number) => fill(inKernelMemory ? kernel.float32(length) : new Float32Array(length), rng);
  const a = make(m * k);
  const b = make(k * n);
  const c = make(m * n);
  const before = Float64Array.from(c);
  // Without accumulate the old contents must be ignored entirely, NaN included.
  if (!accumulate) c.fill(NaN);
  kernel.gemm(transA, transB, m, n, k, a, b, c, accumulate);
  let worst = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let want = accumulate ? before[i * n + j] : 0;
      let scale = Math.abs(want);
      for (let p = 0; p < k; p++) {
        const x = transA ? a[p * m + i] : a[i * k + p];
        const y = transB ? b[j * k + p] : b[p * n + j];
        want += x * y;
        scale += Math.abs(x * y);
      }
      const err = Math.abs(c[i * n + j] - want) / ((k + 1) * U * scale + Number.MIN_VALUE);
      if (!(err <= Infinity)) return Infinity;
      worst = Math.max(worst, err);
    }
  }
  return worst;
}

const CASES: Case[] = SHAPES.flatMap((shape) =>
  TRANSPOSES.flatMap(([transA, transB]) => [false, true].map((accumulate) => ({ transA, transB, shape, accumulate }))),
);

describe('kernel registry', () => {
  it('offers the TypeScript kernel everywhere and both WebAssembly kernels where the runtime has their features', () => {
    const names = availableKernels();
    expect(names).toContain('typescript');
    expect(names.includes('wasm-simd')).toBe(wasmFeatures().simd);
    expect(names.includes('wasm-simd-fma')).toBe(wasmFeatures().relaxedSimd);
    // Node 20 with the CLI's flag, as these tests run, has both.
    expect(names).toEqual(['wasm-simd-fma', 'wasm-simd', 'typescript']);
  });

  it('picks the fastest available kernel for auto and returns one instance per name', () => {
    expect(getKernel().name).toBe(availableKernels()[0]);
    expect(getKernel('auto')).toBe(getKernel(availableKernels()[0]));
    expect(getKernel('wasm-simd')).toBe(getKernel('wasm-simd'));
  });

  it('names the known kernels for an unknown name', () => {
    expect(() => getKernel('cuda')).toThrow(`Unknown kernel 'cuda' (known: auto, ${KERNEL_NAMES.join(', ')})`);
  });
});

for (const name of availableKernels()) {
  describe(`kernel ${name}`, () => {
    const kernel = getKernel(name);

    it('matches the float64 product within the float32 summation bound, in and out of its memory', () => {
      const failures: string[] = [];
      CASES.forEach((c, i) => {
        for (const inMemory of [true, false]) {
          const err = worstError(kernel, c, inMemory, 1000 + i);
          if (!(err <= 1)) failures.push(`${c.transA ? 'T' : 'N'}${c.transB ? 'T' : 'N'} ${c.shape.join('x')} acc=${c.accumulate} inMemory=${inMemory}: ${err}`);
        }
      });
      expect(failures).toEqual([]);
    });

    it('gives the same bits whether the operands are in its memory or copied in', () => {
      const [m, n, k] = [37, 45, 300];
      const rng = new Random(7);
      const a = fill(new Float32Array(m * k), rng);
      const b = fill(new Float32Array(n * k), rng);
      const outside = new Float32Array(m * n);
      kernel.gemm(false, true, m, n, k, a, b, outside, false);
      const a2 = kernel.float32(m * k);
      const b2 = kernel.float32(n * k);
      const inside = kernel.float32(m * n);
      a2.set(a);
      b2.set(b);
      kernel.gemm(false, true, m, n, k, a2, b2, inside, false);
      expect(Array.from(inside)).toEqual(Array.from(outside));
    });

    it('treats empty products as BLAS does: k = 0 zeroes C unless accumulating, m or n = 0 touches nothing', () => {
      const c = kernel.float32(6).fill(5);
      kernel.gemm(false, false, 2, 3, 0, new Float32Array(0), new Float32Array(0), c, true);
      expect(Array.from(c)).toEqual([5, 5, 5, 5, 5, 5]);
      kernel.gemm(false, false, 2, 3, 0, new Float32Array(0), new Float32Array(0), c, false);
      expect(Array.from(c)).toEqual([0, 0, 0, 0, 0, 0]);
      c.fill(5);
      kernel.gemm(false, false, 0, 3, 4, new Float32Array(0), new Float32Array(12), c, false);
      kernel.gemm(false, false, 2, 0, 4, new Float32Array(8), new Float32Array(0), c, false);
      expect(Array.from(c)).toEqual([5, 5, 5, 5, 5, 5]);
    });

    it('computes float64 operands in float64 (the exact-arithmetic path)', () => {
      const a = Float64Array.from([1 + 2 ** -40, 1]);
      const b = Float64Array.from([1, -1]);
      const c = new Float64Array(1);
      kernel.gemm(false, false, 1, 1, 2, a, b, c, false);
      expect(c[0]).toBe(2 ** -40);
    });

    it('hands out zeroed arrays', () => {
      const x = kernel.float32(1000);
      x.fill(3);
      const y = kernel.float32(1000);
      expect(y.every((v) => v === 0)).toBe(true);
    });
  });
}
