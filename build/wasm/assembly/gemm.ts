// The WebAssembly SIMD float32 matrix multiply (AssemblyScript): packed operands, a register-tiled
// 4x8 micro-kernel of eight f32x4 accumulators, and any sub-rectangle of C per call, so two
// threads can share one product and still compute each element with the same instructions.
// Built twice by build/wasm/build.ts: plain SIMD (multiply then add) and relaxed SIMD (fused).
// Every pointer is a byte offset in the imported memory; the module owns no memory of its own.

// Tile of C one micro-kernel call computes: MR rows by NR columns (two f32x4 per row).
const MR: i32 = 4;
const NR: i32 = 8;
// Cache blocks: a packed B sliver (KC x NR, 8 KiB) stays in L1 while the micro-kernel sweeps the
// packed MC x KC block of A (64 KiB, L2); a KC x NC panel of B (256 KiB) is packed once per block.
export const KC: i32 = 256;
export const MC: i32 = 64;
export const NC: i32 = 256;

// acc + a * b: fused where the relaxed build may fuse, else a product rounded before the sum.
// @ts-ignore: decorator
@inline function madd(acc: v128, a: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

/**
 * Writes the transpose of the 4x4 block whose rows are r0..r3 as four vectors at d, d + stride, ...:
 * vector p holds lane p of r0, r1, r2 and r3.
 */
// @ts-ignore: decorator
@inline function transpose4(r0: v128, r1: v128, r2: v128, r3: v128, d: usize, stride: usize): void {
  const lo01 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const hi01 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const lo23 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const hi23 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(d, v128.shuffle<f32>(lo01, lo23, 0, 1, 4, 5));
  v128.store(d + stride, v128.shuffle<f32>(lo01, lo23, 2, 3, 6, 7));
  v128.store(d + 2 * stride, v128.shuffle<f32>(hi01, hi23, 0, 1, 4, 5));
  v128.store(d + 3 * stride, v128.shuffle<f32>(hi01, hi23, 2, 3, 6, 7));
}

/**
 * Packs op(B)[pc .. pc+kc, jc .. jc+nc] as NR-column slivers, each kc rows of NR floats; columns
 * past nc are zero so the micro-kernel never needs a partial width. ldb is in floats.
 */
function packB(transB: bool, b: usize, ldb: i32, pc: i32, kc: i32, jc: i32, nc: i32, dst: usize): void {
  for (let jr: i32 = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    const j = jc + jr;
    const d = dst + (<usize>(jr * kc) << 2);
    if (!transB) {
      // op(B)[p, j] = b[p * ldb + j]: each packed row is a contiguous run of the source row.
      let s = b + (<usize>(pc * ldb + j) << 2);
      const stride = <usize>ldb << 2;
      if (cols == NR) {
        for (let p: i32 = 0; p < kc; p++) {
          const o = d + (<usize>p << 5);
          v128.store(o, v128.load(s));
          v128.store(o, v128.load(s, 16), 16);
          s += stride;
        }
      } else {
        for (let p: i32 = 0; p < kc; p++) {
          const o = d + (<usize>p << 5);
          for (let q: i32 = 0; q < NR; q++) store<f32>(o + (<usize>q << 2), q < cols ? load<f32>(s + (<usize>q << 2)) : 0);
          s += stride;
        }
      }
    } else {
      // op(B)[p, j] = b[j * ldb + p]: each source row is one column of op(B). A full sliver is
      // transposed four k steps at a time; the rest goes value by value.
      let p0: i32 = 0;
      if (cols == NR) {
        const s = b + (<usize>(j * ldb + pc) << 2);
        const ls = <usize>ldb << 2;
        for (; p0 + 4 <= kc; p0 += 4) {
          const o = s + (<usize>p0 << 2);
          const t = d + (<usize>p0 << 5);
          transpose4(v128.load(o), v128.load(o + ls), v128.load(o + 2 * ls), v128.load(o + 3 * ls), t, 32);
          transpose4(v128.load(o + 4 * ls), v128.load(o + 5 * ls), v128.load(o + 6 * ls), v128.load(o + 7 * ls), t + 16, 32);
        }
      }
      for (let q: i32 = 0; q < NR; q++) {
        const o = d + (<usize>q << 2);
        if (q < cols) {
          const s = b + (<usize>((j + q) * ldb + pc) << 2);
          for (let p = p0; p < kc; p++) store<f32>(o + (<usize>p << 5), load<f32>(s + (<usize>p << 2)));
        } else {
          for (let p = p0; p < kc; p++) store<f32>(o + (<usize>p << 5), 0);
        }
      }
    }
  }
}

/** Packs op(A)[ic .. ic+mc, pc .. pc+kc] as MR-row slivers, each kc columns of MR floats, zero-padded. */
function packA(transA: bool, a: usize, lda: i32, ic: i32, mc: i32, pc: i32, kc: i32, dst: usize): void {
  for (let ir: i32 = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    const i = ic + ir;
    const d = dst + (<usize>(ir * kc) << 2);
    if (transA) {
      // op(A)[i, p] = a[p * lda + i]: MR consecutive floats of each source row.
      let s = a + (<usize>(pc * lda + i) << 2);
      const stride = <usize>lda << 2;
      if (rows == MR) {
        for (let p: i32 = 0; p < kc; p++) {
          v128.store(d + (<usize>p << 4), v128.load(s));
          s += stride;
        }
      } else {
        for (let p: i32 = 0; p < kc; p++) {
          const o = d + (<usize>p << 4);
          for (let r: i32 = 0; r < MR; r++) store<f32>(o + (<usize>r << 2), r < rows ? load<f32>(s + (<usize>r << 2)) : 0);
          s += stride;
        }
      }
    } else {
      // op(A)[i, p] = a[i * lda + p]: a full sliver is transposed four k steps at a time.
      let p0: i32 = 0;
      if (rows == MR) {
        const s = a + (<usize>(i * lda + pc) << 2);
        const ls = <usize>lda << 2;
        for (; p0 + 4 <= kc; p0 += 4) {
          const o = s + (<usize>p0 << 2);
          transpose4(v128.load(o), v128.load(o + ls), v128.load(o + 2 * ls), v128.load(o + 3 * ls), d + (<usize>p0 << 4), 16);
        }
      }
      for (let r: i32 = 0; r < MR; r++) {
        const o = d + (<usize>r << 2);
        if (r < rows) {
          const s = a + (<usize>((i + r) * lda + pc) << 2);
          for (let p = p0; p < kc; p++) store<f32>(o + (<usize>p << 4), load<f32>(s + (<usize>p << 2)));
        } else {
          for (let p = p0; p < kc; p++) store<f32>(o + (<usize>p << 4), 0);
        }
      }
    }
  }
}

/**
 * The MR x NR tile at c (row stride ldc bytes) = (or +=, when add) packed A sliver x packed B sliver.
 * Eight accumulators cover the tile: the fused multiply-add has a 4-cycle latency at two per cycle.
 */
// @ts-ignore: decorator
@inline function micro(kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, add: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const end = pb + (<usize>kc << 5);
  while (pb < end) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const a0 = v128.load32_splat(pa);
    c00 = madd(c00, a0, b0);
    c01 = madd(c01, a0, b1);
    const a1 = v128.load32_splat(pa, 4);
    c10 = madd(c10, a1, b0);
    c11 = madd(c11, a1, b1);
    const a2 = v128.load32_splat(pa, 8);
    c20 = madd(c20, a2, b0);
    c21 = madd(c21, a2, b1);
    const a3 = v128.load32_splat(pa, 12);
    c30 = madd(c30, a3, b0);
    c31 = madd(c31, a3, b1);
    pa += 16;
    pb += 32;
  }
  if (add) {
    c00 = f32x4.add(c00, v128.load(c));
    c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + ldc));
    c11 = f32x4.add(c11, v128.load(c + ldc, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * ldc));
    c21 = f32x4.add(c21, v128.load(c + 2 * ldc, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * ldc));
    c31 = f32x4.add(c31, v128.load(c + 3 * ldc, 16));
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + ldc, c10);
  v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20);
  v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30);
  v128.store(c + 3 * ldc, c31, 16);
}

/** A partial tile: computed whole into `tile` (MR x NR), then its rows x cols corner written to C. */
function edge(kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, add: bool, rows: i32, cols: i32, tile: usize): void {
  micro(kc, pa, pb, tile, <usize>NR << 2, false);
  for (let r: i32 = 0; r < rows; r++) {
    const t = tile + (<usize>(r * NR) << 2);
    const o = c + <usize>r * ldc;
    for (let q: i32 = 0; q < cols; q++) {
      const v = load<f32>(t + (<usize>q << 2));
      store<f32>(o + (<usize>q << 2), add ? load<f32>(o + (<usize>q << 2)) + v : v);
    }
  }
}

/** Floats of scratch one thread needs: a packed A block, a packed B panel and one edge tile. */
export function scratchFloats(): i32 {
  return MC * KC + NC * KC + MR * NR;
}

/**
 * C[i0 .. i1, j0 .. j1] = (or += when accumulate) the same rows and columns of op(A) op(B), where
 * C is m x n row-major, op(A) is m x k and op(B) is k x n. Every element is summed over k in the
 * same order whatever the rectangle, so splitting a product between calls changes no bit.
 * scratch holds scratchFloats() floats, 16-byte aligned, owned by the calling thread.
 */
export function gemm(
  transA: bool, transB: bool, m: i32, n: i32, k: i32,
  a: usize, b: usize, c: usize, accumulate: bool,
  i0: i32, i1: i32, j0: i32, j1: i32, scratch: usize,
): void {
  const lda = transA ? m : k;
  const ldb = transB ? k : n;
  const ldc = <usize>n << 2;
  const pa = scratch;
  const pb = pa + (<usize>(MC * KC) << 2);
  const tile = pb + (<usize>(NC * KC) << 2);
  for (let jc = j0; jc < j1; jc += NC) {
    const nc = min(NC, j1 - jc);
    for (let pc: i32 = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      // Later k blocks add onto the partial sums the earlier ones stored.
      const add = accumulate || pc > 0;
      packB(transB, b, ldb, pc, kc, jc, nc, pb);
      for (let ic = i0; ic < i1; ic += MC) {
        const mc = min(MC, i1 - ic);
        packA(transA, a, lda, ic, mc, pc, kc, pa);
        for (let jr: i32 = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const sb = pb + (<usize>(jr * kc) << 2);
          for (let ir: i32 = 0; ir < mc; ir += MR) {
            const rows = min(MR, mc - ir);
            const sa = pa + (<usize>(ir * kc) << 2);
            const ct = c + <usize>(ic + ir) * ldc + (<usize>(jc + jr) << 2);
            if (rows == MR && cols == NR) micro(kc, sa, sb, ct, ldc, add);
            else edge(kc, sa, sb, ct, ldc, add, rows, cols, tile);
          }
        }
      }
    }
  }
}
