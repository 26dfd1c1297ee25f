// The WebAssembly module's element-wise exports behind FastOps: used when every array is float32
// in the module's memory, declined otherwise (the caller's TypeScript loop then runs). The large
// ones are shared between the kernel's threads: each element is computed alone, so no bit changes.

import type { Floats } from '../../tensor';
import type { FastOps } from '../fast-ops';
import type { WasmArena } from './arena';
import type { Team } from './team';

type Fn = (...args: number[]) => number;

export class WasmFastOps implements FastOps {
  private readonly fn: Record<string, Fn>;
  /** In-memory copies of byte tables and normalizer arrays, kept while their source lives. */
  private readonly copies = new WeakMap<object, Uint8Array | Float32Array>();
  private rowsStage: Int32Array | null = null;

  constructor(
    private readonly arena: WasmArena,
    private readonly team: Team,
    exports: Record<string, unknown>,
  ) {
    this.fn = exports as Record<string, Fn>;
  }

  /** Byte offset of a float32 array in the memory, or -1. */
  private at(a: Floats): number {
    return a instanceof Float32Array ? this.arena.offsetOf(a) : -1;
  }

  allFinite(a: Floats, n: number): boolean | null {
    const p = this.at(a);
    if (p < 0) return null;
    this.team.whole[0] = p;
    return this.team.elementwise('allFinite', 1, n) === 1;
  }

  sgd(w: Floats, g: Floats, lr: number, wd: number): boolean {
    const pw = this.at(w), pg = this.at(g);
    if (pw < 0 || pg < 0) return false;
    const a = this.team.whole;
    a[0] = pw; a[1] = pg; a[3] = lr; a[4] = wd;
    this.team.elementwise('sgd', 2, w.length);
    return true;
  }

  momentum(w: Floats, g: Floats, v: Floats, lr: number, wd: number, mu: number, dampening: number, first: boolean, nesterov: boolean): boolean {
    const pw = this.at(w), pg = this.at(g), pv = this.at(v);
    if (pw < 0 || pg < 0 || pv < 0) return false;
    const a = this.team.whole;
    a[0] = pw; a[1] = pg; a[2] = pv; a[4] = lr; a[5] = wd; a[6] = mu;
    a[7] = first ? 0 : mu; a[8] = first ? 1 : 1 - dampening; a[9] = +nesterov;
    this.team.elementwise('momentum', 3, w.length);
    return true;
  }

  adam(
    w: Floats, g: Floats, m: Floats, v: Floats,
    lr: number, wd: number, beta1: number, beta2: number, eps: number, correction1: number, correction2: number, decoupled: boolean,
  ): boolean {
    const pw = this.at(w), pg = this.at(g), pm = this.at(m), pv = this.at(v);
    if (pw < 0 || pg < 0 || pm < 0 || pv < 0) return false;
    const a = this.team.whole;
    a[0] = pw; a[1] = pg; a[2] = pm; a[3] = pv;
    a[5] = decoupled ? 1 - lr * wd : 1; a[6] = decoupled ? 0 : wd;
    a[7] = beta1; a[8] = 1 - beta1; a[9] = beta2; a[10] = 1 - beta2;
    a[11] = lr / correction1; a[12] = correction2; a[13] = eps;
    this.team.elementwise('adam', 4, w.length);
    return true;
  }

  addBias(out: Floats, bias: Floats, rows: number, cols: number): boolean {
    const po = this.at(out), pb = this.at(bias);
    if (po < 0 || pb < 0) return false;
    this.fn.addBias(po, pb, rows, cols);
    return true;
  }

  columnSums(dst: Floats, src: Floats, rows: number, cols: number): boolean {
    const pd = this.at(dst), ps = this.at(src);
    if (pd < 0 || ps < 0) return false;
    this.fn.columnSums(pd, ps, rows, cols);
    return true;
  }

  reluForward(x: Floats, y: Floats, n: number): boolean {
    const px = this.at(x), py = this.at(y);
    if (px < 0 || py < 0) return false;
    this.team.whole[0] = px;
    this.team.whole[1] = py;
    this.team.elementwise('reluForward', 2, n);
    return true;
  }

  reluBackward(x: Floats, dOut: Floats, dIn: Floats, n: number): boolean {
    const px = this.at(x), pd = this.at(dOut), pi = this.at(dIn);
    if (px < 0 || pd < 0 || pi < 0) return false;
    const a = this.team.whole;
    a[0] = px; a[1] = pd; a[2] = pi;
    this.team.elementwise('reluBackward', 3, n);
    return true;
  }

  gatherBytes(dst: Floats, bytes: Uint8Array, rows: Int32Array, start: number, count: number, features: number, scale: Float64Array, shift: Float64Array): boolean {
    const pd = this.at(dst);
    if (pd < 0) return false;
    const src = this.arena.offsetOf(bytes) >= 0 ? bytes : this.copyOf(bytes, () => this.arena.uint8From(bytes));
    const sc = this.copyOf(scale, () => this.arena.float32From(scale));
    const sh = this.copyOf(shift, () => this.arena.float32From(shift));
    if (!src || !sc || !sh) return false;
    let pr = this.arena.offsetOf(rows);
    let first = start;
    if (pr < 0) {
      // Row numbers from outside the memory: the batch's slice is copied in (count ints).
      if (!this.rowsStage || this.rowsStage.length < count) this.rowsStage = this.arena.int32(Math.max(count, 256));
      if (!this.rowsStage) return false;
      for (let i = 0; i < count; i++) this.rowsStage[i] = rows[start + i];
      pr = this.arena.offsetOf(this.rowsStage);
      first = 0;
    }
    // Split by rows: each part writes its own rows of dst, starting at its own place in rows.
    const a = this.team.whole;
    const step = this.team.advance;
    a[0] = pd; a[1] = this.arena.offsetOf(src); a[2] = pr; a[3] = first; a[4] = count; a[5] = features;
    a[6] = this.arena.offsetOf(sc); a[7] = this.arena.offsetOf(sh);
    step.fill(0);
    step[0] = features * 4;
    step[3] = 1;
    this.team.items('gatherBytes', count, 4, features, 1);
    return true;
  }

  keepBytes(bytes: Uint8Array): void {
    if (this.arena.offsetOf(bytes) < 0) this.copyOf(bytes, () => this.arena.uint8From(bytes));
  }

  /** The in-memory copy of source, made on first use; null when the memory cannot hold it. */
  private copyOf<T extends Uint8Array | Float32Array>(source: object, make: () => T | null): T | null {
    let copy = this.copies.get(source) as T | undefined;
    if (!copy) {
      const made = make();
      if (!made) return null;
      this.copies.set(source, made);
      copy = made;
    }
    return copy;
  }
}
