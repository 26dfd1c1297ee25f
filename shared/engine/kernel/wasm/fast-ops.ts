// The WebAssembly module's element-wise exports behind FastOps: used when every array is float32
// in the module's memory, declined otherwise (the caller's TypeScript loop then runs).

import type { Floats } from '../../tensor';
import type { FastOps } from '../fast-ops';
import type { WasmArena } from './arena';

type Fn = (...args: number[]) => number;

export class WasmFastOps implements FastOps {
  private readonly fn: Record<string, Fn>;
  /** In-memory copies of byte tables and normalizer arrays, kept while their source lives. */
  private readonly copies = new WeakMap<object, Uint8Array | Float32Array>();
  private rowsStage: Int32Array | null = null;

  constructor(
    private readonly arena: WasmArena,
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
    return p < 0 ? null : this.fn.allFinite(p, n) === 1;
  }

  sgd(w: Floats, g: Floats, lr: number, wd: number): boolean {
    const pw = this.at(w), pg = this.at(g);
    if (pw < 0 || pg < 0) return false;
    this.fn.sgd(pw, pg, w.length, lr, wd);
    return true;
  }

  momentum(w: Floats, g: Floats, v: Floats, lr: number, wd: number, mu: number, dampening: number, first: boolean, nesterov: boolean): boolean {
    const pw = this.at(w), pg = this.at(g), pv = this.at(v);
    if (pw < 0 || pg < 0 || pv < 0) return false;
    this.fn.momentum(pw, pg, pv, w.length, lr, wd, mu, first ? 0 : mu, first ? 1 : 1 - dampening, +nesterov);
    return true;
  }

  adam(
    w: Floats, g: Floats, m: Floats, v: Floats,
    lr: number, wd: number, beta1: number, beta2: number, eps: number, correction1: number, correction2: number, decoupled: boolean,
  ): boolean {
    const pw = this.at(w), pg = this.at(g), pm = this.at(m), pv = this.at(v);
    if (pw < 0 || pg < 0 || pm < 0 || pv < 0) return false;
    const shrink = decoupled ? 1 - lr * wd : 1;
    const l2 = decoupled ? 0 : wd;
    this.fn.adam(pw, pg, pm, pv, w.length, shrink, l2, beta1, 1 - beta1, beta2, 1 - beta2, lr / correction1, correction2, eps);
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
    this.fn.reluForward(px, py, n);
    return true;
  }

  reluBackward(x: Floats, dOut: Floats, dIn: Floats, n: number): boolean {
    const px = this.at(x), pd = this.at(dOut), pi = this.at(dIn);
    if (px < 0 || pd < 0 || pi < 0) return false;
    this.fn.reluBackward(px, pd, pi, n);
    return true;
  }

  gatherBytes(dst: Floats, bytes: Uint8Array, rows: Int32Array, start: number, count: number, features: number, scale: Float64Array, shift: Float64Array): boolean {
    const pd = this.at(dst);
    if (pd < 0) return false;
    const src = this.copyOf(bytes, () => this.arena.uint8(bytes.length), (c) => (c as Uint8Array).set(bytes));
    const sc = this.copyOf(scale, () => this.arena.float32(scale.length), (c) => (c as Float32Array).set(scale));
    const sh = this.copyOf(shift, () => this.arena.float32(shift.length), (c) => (c as Float32Array).set(shift));
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
    this.fn.gatherBytes(pd, this.arena.offsetOf(src), pr, first, count, features, this.arena.offsetOf(sc), this.arena.offsetOf(sh));
    return true;
  }

  /** The in-memory copy of source, made on first use; null when the memory cannot hold it. */
  private copyOf<T extends Uint8Array | Float32Array>(source: object, make: () => T | null, fill: (copy: T) => void): T | null {
    let copy = this.copies.get(source) as T | undefined;
    if (!copy) {
      const made = make();
      if (!made) return null;
      fill(made);
      this.copies.set(source, made);
      copy = made;
    }
    return copy;
  }
}
