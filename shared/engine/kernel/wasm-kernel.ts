// The WebAssembly SIMD kernel: float32 products computed in the module's memory, where the engine
// allocates its arrays (so no operand is copied); arrays from elsewhere are staged in and out.

import type { Floats } from '../tensor';
import { typescriptKernel } from './ts-kernel';
import { emptyProduct, type MatrixKernel } from './types';
import type { FastOps } from './fast-ops';
import { WasmArena } from './wasm/arena';
import { WasmFastOps } from './wasm/fast-ops';
import { GEMM_MAXIMUM_PAGES } from './wasm/gemm-binary';
import { gemmBytes, wasmApi, type GemmBuildName } from './wasm/runtime';
import { type Partition, Team } from './wasm/team';
import type { HelperSpawner } from './wasm/threads';

/** Products smaller than this (flops) run on one thread: waking a helper costs more than it saves. */
const SPLIT_FLOPS = 2e6;
// Parts are split on tile boundaries (the micro-kernel's 4 x 8), so no tile is computed twice.
const MR = 4;
const NR = 8;

type GemmExport = (
  transA: number, transB: number, m: number, n: number, k: number,
  a: number, b: number, c: number, accumulate: number,
  i0: number, i1: number, j0: number, j1: number, scratch: number,
) => void;

/** Where an operand from outside the memory is copied for a product, grown to the largest seen. */
class Staging {
  offset = -1;
  floats = 0;

  constructor(private readonly arena: WasmArena) {}

  /** Byte offset of room for `length` floats, or -1 when the memory is full. */
  ensure(length: number): number {
    if (length > this.floats) {
      if (this.offset >= 0) this.arena.release(this.offset);
      this.offset = this.arena.reserve(length * 4);
      this.floats = this.offset < 0 ? 0 : length;
    }
    return this.offset;
  }
}

export class WasmKernel implements MatrixKernel, Partition {
  readonly arena: WasmArena;
  readonly fast: FastOps;
  private readonly team: Team;
  private readonly run: GemmExport;
  private readonly scratch: number;
  /** Products computed, and how many of them were split between threads. */
  readonly counts = { products: 0, split: 0 };

  /** Element-wise calls (updates, checks, gathers) shared between threads. */
  get sharedCalls(): number {
    return this.team.shared;
  }
  /** The product being split: its arguments and how it is cut, reused so nothing is allocated. */
  private readonly args = new Float64Array(9);
  private readonly split = { byRows: false, extent: 0, tile: 0, tiles: 0, parts: 0 };
  private readonly staged: [Staging, Staging, Staging];
  private view: Float32Array;

  constructor(
    readonly name: 'wasm-simd' | 'wasm-simd-fma',
    shared: boolean,
  ) {
    const api = wasmApi();
    if (!api) throw new Error('This runtime has no WebAssembly');
    const build: GemmBuildName = `${name === 'wasm-simd-fma' ? 'fma' : 'simd'}${shared ? '' : '-unshared'}`;
    this.arena = new WasmArena(shared, GEMM_MAXIMUM_PAGES);
    const module = new api.Module(gemmBytes(build));
    const instance = new api.Instance(module, { env: { memory: this.arena.memory } });
    this.run = instance.exports.gemm as GemmExport;
    const scratchBytes = (instance.exports.scratchFloats as () => number)() * 4;
    this.scratch = this.arena.reserve(scratchBytes);
    if (this.scratch < 0) throw new Error('WebAssembly memory is full');
    this.team = new Team(this.arena, module, instance.exports, scratchBytes, this.scratch);
    this.fast = new WasmFastOps(this.arena, this.team, instance.exports);
    this.staged = [new Staging(this.arena), new Staging(this.arena), new Staging(this.arena)];
    this.view = this.arena.floats();
  }

  /** Threads a product may use now: this one and every helper ready to take a part. */
  get threads(): number {
    return this.team.threads;
  }

  /**
   * Uses `count` threads in all (count - 1 helpers started by spawn; 1 stops them). Resolves with
   * the thread count ready, once every helper has started or `timeoutMs` passed. Needs a shared
   * memory: where there is none (a page that is not cross-origin isolated) it stays at one.
   */
  useThreads(count: number, spawn: HelperSpawner, options: { spinMs?: number; timeoutMs?: number } = {}): Promise<number> {
    return this.team.use(count, spawn, options);
  }

  float32(length: number): Float32Array {
    return this.arena.float32(length) ?? new Float32Array(length);
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
    if (emptyProduct(m, n, k, c, accumulate)) return;
    // Float64 arrays are the exact-arithmetic path, which stays in float64.
    if (!(a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array)) {
      typescriptKernel.gemm(transA, transB, m, n, k, a, b, c, accumulate);
      return;
    }
    const arena = this.arena;
    let pa = arena.offsetOf(a);
    let pb = arena.offsetOf(b);
    let pc = arena.offsetOf(c);
    if (pa < 0 || pb < 0 || pc < 0) {
      pa = pa < 0 ? this.stage(0, a, m * k) : pa;
      pb = pb < 0 ? this.stage(1, b, k * n) : pb;
      const cStaged = pc < 0;
      if (cStaged) pc = this.stage(2, accumulate ? c : null, m * n);
      if (pa < 0 || pb < 0 || pc < 0) {
        typescriptKernel.gemm(transA, transB, m, n, k, a, b, c, accumulate);
        return;
      }
      this.product(+transA, +transB, m, n, k, pa, pb, pc, +accumulate);
      if (cStaged) c.set(this.currentView().subarray(pc >> 2, (pc >> 2) + m * n));
      return;
    }
    this.product(+transA, +transB, m, n, k, pa, pb, pc, +accumulate);
  }

  /**
   * One product on every ready thread, split into equal parts on tile boundaries. Rows are split
   * when op(A) is the larger operand, else columns, so the operand each thread packs whole is the
   * smaller one.
   */
  private product(transA: number, transB: number, m: number, n: number, k: number, a: number, b: number, c: number, acc: number): void {
    const threads = 2 * m * n * k < SPLIT_FLOPS ? 1 : this.threads;
    this.counts.products++;
    if (threads === 1) {
      this.run(transA, transB, m, n, k, a, b, c, acc, 0, m, 0, n, this.scratch);
      return;
    }
    const split = this.split;
    split.byRows = m > n;
    const extent = split.byRows ? m : n;
    const tile = split.byRows ? MR : NR;
    split.tiles = Math.ceil(extent / tile);
    split.parts = Math.min(threads, split.tiles);
    split.extent = extent;
    split.tile = tile;
    const args = this.args;
    args[0] = transA; args[1] = transB; args[2] = m; args[3] = n; args[4] = k;
    args[5] = a; args[6] = b; args[7] = c; args[8] = acc;
    if (split.parts > 1) this.counts.split++;
    this.team.run('gemm', split.parts, this, 13);
  }

  /** Part p of the current product: the gemm export's arguments for its rows or columns of C. */
  cut(p: number, out: Float64Array): void {
    out.set(this.args);
    const lo = this.bound(p);
    const hi = this.bound(p + 1);
    const byRows = this.split.byRows;
    out[9] = byRows ? lo : 0;
    out[10] = byRows ? hi : this.args[2];
    out[11] = byRows ? 0 : lo;
    out[12] = byRows ? this.args[3] : hi;
  }

  /** Where part p of the current split starts (rows or columns, on a tile boundary). */
  private bound(p: number): number {
    const s = this.split;
    return Math.min(s.extent, Math.round((s.tiles * p) / s.parts) * s.tile);
  }

  /** Copies the first `length` values of src (or nothing, for an output) into staging slot i. */
  private stage(i: number, src: Float32Array | null, length: number): number {
    const offset = this.staged[i].ensure(length);
    if (offset >= 0 && src) this.currentView().set(src.subarray(0, length), offset >> 2);
    return offset;
  }

  private currentView(): Float32Array {
    if (this.view.buffer !== this.arena.memory.buffer) this.view = this.arena.floats();
    return this.view;
  }
}
