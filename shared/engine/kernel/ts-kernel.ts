// Cache-blocked, register-tiled matrix multiply in plain TypeScript: the engine's default MatrixKernel.

import type { Floats } from '../tensor';
import { NO_FAST_OPS } from './fast-ops';
import { emptyProduct, type MatrixKernel } from './types';

// The micro-kernel computes one MR x NR tile of C. The packing helpers rely on MR === NR === 4.
const MR = 4;
const NR = 4;
// Cache blocking: a packed B sliver (KC x NR doubles, 16 KiB) stays in L1 while it sweeps the packed
// MC x KC block of A (256 KiB, L2). K up to KC is summed in one pass, so a float32 C is rounded once.
const KC = 512;
const MC = 64;
const NC = 128;

interface BlockedGemm extends Pick<MatrixKernel, 'gemm'> {
  readonly scratchLength: number;
}

/**
 * Builds the kernel around fixed-size scratch held in `const` variables of closures created once:
 * V8 then compiles the micro-kernel against those exact arrays (no map checks, constant lengths and
 * addresses), which made it about 25% faster. Scratch that grew would have to be
 * reassigned and would lose that, hence fixed cache blocks instead of buffers sized to the product.
 * Scratch is float64 for either input dtype: widening float32 is exact and keeps one element type.
 */
function createBlockedGemm(): BlockedGemm {
  // Packed A: row r of the MR-row sliver s is pa_r[s * kc ...], so the micro-kernel reads all four
  // rows (and all four columns of B, likewise) with one index and V8 merges their bounds checks.
  const aLength = (MC / MR) * KC;
  const bLength = (NC / NR) * KC;
  const pa0 = new Float64Array(aLength);
  const pa1 = new Float64Array(aLength);
  const pa2 = new Float64Array(aLength);
  const pa3 = new Float64Array(aLength);
  const pb0 = new Float64Array(bLength);
  const pb1 = new Float64Array(bLength);
  const pb2 = new Float64Array(bLength);
  const pb3 = new Float64Array(bLength);
  // The finished tile, row-major. Rows 1-3 also serve as accumulators during the k loop: with all 16
  // in locals TurboFan computes every product before any add and spills heavily, while stores pin
  // the schedule and keep the rest in registers.
  const tile = new Float64Array(MR * NR);

  /** tile = (packed A sliver at ia) x (packed B sliver at ib), summed over kc. */
  function micro(ia: number, ib: number, kc: number): void {
    let c00 = 0;
    let c01 = 0;
    let c02 = 0;
    let c03 = 0;
    tile[4] = 0; tile[5] = 0; tile[6] = 0; tile[7] = 0;
    tile[8] = 0; tile[9] = 0; tile[10] = 0; tile[11] = 0;
    tile[12] = 0; tile[13] = 0; tile[14] = 0; tile[15] = 0;
    let i = ia;
    let j = ib;
    const end = (ia + kc) | 0;
    const pairEnd = (end - 1) | 0;
    // Two k steps per iteration halve the load/store traffic of the in-memory accumulators;
    // (t + x*y) + u*v rounds exactly like two sequential updates.
    while (i < pairEnd) {
      const i1 = (i + 1) | 0;
      const j1 = (j + 1) | 0;
      const x0 = pa0[i], x1 = pa1[i], x2 = pa2[i], x3 = pa3[i];
      const y0 = pb0[j], y1 = pb1[j], y2 = pb2[j], y3 = pb3[j];
      const u0 = pa0[i1], u1 = pa1[i1], u2 = pa2[i1], u3 = pa3[i1];
      const v0 = pb0[j1], v1 = pb1[j1], v2 = pb2[j1], v3 = pb3[j1];
      c00 = c00 + x0 * y0 + u0 * v0;
      c01 = c01 + x0 * y1 + u0 * v1;
      c02 = c02 + x0 * y2 + u0 * v2;
      c03 = c03 + x0 * y3 + u0 * v3;
      tile[4] = tile[4] + x1 * y0 + u1 * v0;
      tile[5] = tile[5] + x1 * y1 + u1 * v1;
      tile[6] = tile[6] + x1 * y2 + u1 * v2;
      tile[7] = tile[7] + x1 * y3 + u1 * v3;
      tile[8] = tile[8] + x2 * y0 + u2 * v0;
      tile[9] = tile[9] + x2 * y1 + u2 * v1;
      tile[10] = tile[10] + x2 * y2 + u2 * v2;
      tile[11] = tile[11] + x2 * y3 + u2 * v3;
      tile[12] = tile[12] + x3 * y0 + u3 * v0;
      tile[13] = tile[13] + x3 * y1 + u3 * v1;
      tile[14] = tile[14] + x3 * y2 + u3 * v2;
      tile[15] = tile[15] + x3 * y3 + u3 * v3;
      i = (i + 2) | 0;
      j = (j + 2) | 0;
    }
    if (i < end) {
      const x0 = pa0[i], x1 = pa1[i], x2 = pa2[i], x3 = pa3[i];
      const y0 = pb0[j], y1 = pb1[j], y2 = pb2[j], y3 = pb3[j];
      c00 += x0 * y0;
      c01 += x0 * y1;
      c02 += x0 * y2;
      c03 += x0 * y3;
      tile[4] += x1 * y0;
      tile[5] += x1 * y1;
      tile[6] += x1 * y2;
      tile[7] += x1 * y3;
      tile[8] += x2 * y0;
      tile[9] += x2 * y1;
      tile[10] += x2 * y2;
      tile[11] += x2 * y3;
      tile[12] += x3 * y0;
      tile[13] += x3 * y1;
      tile[14] += x3 * y2;
      tile[15] += x3 * y3;
    }
    tile[0] = c00;
    tile[1] = c01;
    tile[2] = c02;
    tile[3] = c03;
  }

  /**
   * Packs a 4-line sliver whose lines are contiguous in src: line r is src[(first + r) * ld + off ...]
   * for len values, into d_r[o ...]. Lines at or past count are padding: their products only reach tile
   * entries storeTile skips, and zeroing them keeps stale values (denormals, NaN) out of the arithmetic.
   */
  function packLines(
    src: Floats, ld: number, first: number, count: number, off: number, len: number, o: number,
    d0: Float64Array, d1: Float64Array, d2: Float64Array, d3: Float64Array,
  ): void {
    for (let r = 0; r < 4; r++) {
      const d = r === 0 ? d0 : r === 1 ? d1 : r === 2 ? d2 : d3;
      if (r >= count) {
        d.fill(0, o, o + len);
        continue;
      }
      const s = (first + r) * ld + off;
      for (let p = 0; p < len; p++) d[o + p] = src[s + p];
    }
  }

  /**
   * Packs a 4-line sliver whose lines interleave in src: value p of line r is src[(off + p) * ld + first + r].
   */
  function packStrided(
    src: Floats, ld: number, first: number, count: number, off: number, len: number, o: number,
    d0: Float64Array, d1: Float64Array, d2: Float64Array, d3: Float64Array,
  ): void {
    let s = off * ld + first;
    if (count === 4) {
      for (let p = 0; p < len; p++, s += ld) {
        d0[o + p] = src[s];
        d1[o + p] = src[s + 1];
        d2[o + p] = src[s + 2];
        d3[o + p] = src[s + 3];
      }
      return;
    }
    for (let p = 0; p < len; p++, s += ld) {
      d0[o + p] = src[s];
      d1[o + p] = count > 1 ? src[s + 1] : 0;
      d2[o + p] = count > 2 ? src[s + 2] : 0;
      d3[o + p] = 0;
    }
  }

  /** Writes (or adds) the first rows x cols of the tile into C at ci, row stride ldc. */
  function storeTile(c: Floats, ldc: number, ci: number, rows: number, cols: number, add: boolean): void {
    for (let r = 0; r < rows; r++, ci += ldc) {
      const t = r * NR;
      if (add) for (let q = 0; q < cols; q++) c[ci + q] += tile[t + q];
      else for (let q = 0; q < cols; q++) c[ci + q] = tile[t + q];
    }
  }

  function gemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    a: Floats,
    b: Floats,
    c: Floats,
    accumulate: boolean,
  ): void {
    if (emptyProduct(m, n, k, c, accumulate)) return;
    for (let jc = 0; jc < n; jc += NC) {
      const nc = Math.min(NC, n - jc);
      for (let pc = 0; pc < k; pc += KC) {
        const kc = Math.min(KC, k - pc);
        // Later k blocks add onto the partial sums the earlier ones stored.
        const add = accumulate || pc > 0;
        for (let jr = 0, o = 0; jr < nc; jr += NR, o += kc) {
          const cols = Math.min(NR, nc - jr);
          // op(B)[p, j] is b[j * k + p] when transposed, b[p * n + j] otherwise.
          if (transB) packLines(b, k, jc + jr, cols, pc, kc, o, pb0, pb1, pb2, pb3);
          else packStrided(b, n, jc + jr, cols, pc, kc, o, pb0, pb1, pb2, pb3);
        }
        for (let ic = 0; ic < m; ic += MC) {
          const mc = Math.min(MC, m - ic);
          for (let ir = 0, o = 0; ir < mc; ir += MR, o += kc) {
            const rows = Math.min(MR, mc - ir);
            // op(A)[i, p] is a[p * m + i] when transposed, a[i * k + p] otherwise.
            if (transA) packStrided(a, m, ic + ir, rows, pc, kc, o, pa0, pa1, pa2, pa3);
            else packLines(a, k, ic + ir, rows, pc, kc, o, pa0, pa1, pa2, pa3);
          }
          for (let jr = 0, ib = 0; jr < nc; jr += NR, ib += kc) {
            const cols = Math.min(NR, nc - jr);
            for (let ir = 0, ia = 0; ir < mc; ir += MR, ia += kc) {
              micro(ia, ib, kc);
              storeTile(c, n, (ic + ir) * n + jc + jr, Math.min(MR, mc - ir), cols, add);
            }
          }
        }
      }
    }
  }

  return { scratchLength: 4 * aLength + 4 * bLength + tile.length, gemm };
}

// Created on first use, so importing the engine costs no memory; created once, so V8 can specialize it.
// Every instance shares it: a product runs to completion, so no two ever use the scratch at once.
let blocked: BlockedGemm | undefined;

export class TypeScriptKernel implements MatrixKernel {
  readonly name = 'typescript';
  readonly threads = 1;
  readonly fast = NO_FAST_OPS;

  float32(length: number): Float32Array {
    return new Float32Array(length);
  }

  /** Doubles of packing scratch: 0 until the first product, then fixed (the blocks never grow). */
  get scratchLength(): number {
    return blocked === undefined ? 0 : blocked.scratchLength;
  }

  gemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    a: Floats,
    b: Floats,
    c: Floats,
    accumulate: boolean,
  ): void {
    (blocked ??= createBlockedGemm()).gemm(transA, transB, m, n, k, a, b, c, accumulate);
  }
}

export const typescriptKernel = new TypeScriptKernel();
