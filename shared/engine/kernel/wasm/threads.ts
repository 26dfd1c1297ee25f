// Helper threads for the WebAssembly kernel: each runs the same module on the same shared memory
// and takes part of a product through a small control block, woken and answered with Atomics.

import { now } from '../../clock';
import { wasmApi, type WasmMemory, type WasmModule } from './runtime';

/** What a helper thread is started with (structured-cloneable: a module and a shared memory). */
export interface HelperInit {
  module: WasmModule;
  memory: WasmMemory;
  /** Byte offset of this helper's control block in the memory. */
  control: number;
  /** How long a helper spins for the next product before it sleeps, in ms. */
  spinMs: number;
}

/** Starts a thread that calls serveGemmHelper(init): a worker_threads Worker or a Web Worker. */
export type HelperSpawner = (init: HelperInit) => { terminate(): void };

// The control block, in 32-bit words: the product to compute is posted by bumping SEQ; the helper
// writes that number to DONE when its part is written. ARGS are the gemm export's 14 arguments.
export const SEQ = 0;
export const DONE = 1;
export const READY = 2;
export const QUIT = 3;
/** Set by a helper whose part threw; it has stopped, and the caller computes that part itself. */
export const FAILED = 4;
export const ARGS = 5;
export const CONTROL_WORDS = 32;

type GemmExport = (...args: number[]) => void;

/**
 * A helper thread's whole life: instantiate the module on the shared memory, say ready, then
 * compute each posted part until told to quit. Spins briefly between products (a training step
 * posts several in quick succession), then sleeps in Atomics.wait.
 */
export function serveGemmHelper(init: HelperInit): void {
  const api = wasmApi();
  if (!api) throw new Error('This runtime has no WebAssembly');
  const gemm = new api.Instance(init.module, { env: { memory: init.memory } }).exports.gemm as GemmExport;
  const ctl = new Int32Array(init.memory.buffer, init.control, CONTROL_WORDS);
  const args: number[] = new Array<number>(14).fill(0);
  let seen = Atomics.load(ctl, SEQ);
  Atomics.store(ctl, READY, 1);
  Atomics.notify(ctl, READY);
  for (;;) {
    let seq = Atomics.load(ctl, SEQ);
    if (seq === seen) {
      const until = now() + init.spinMs;
      let spins = 0;
      while ((seq = Atomics.load(ctl, SEQ)) === seen) {
        if ((++spins & 1023) === 0 && now() > until) {
          Atomics.wait(ctl, SEQ, seen);
          spins = 0;
        }
      }
    }
    seen = seq;
    if (Atomics.load(ctl, QUIT)) return;
    for (let i = 0; i < 14; i++) args[i] = ctl[ARGS + i];
    let failed = false;
    try {
      gemm(...args);
    } catch {
      failed = true;
      Atomics.store(ctl, FAILED, 1);
    }
    Atomics.store(ctl, DONE, seq);
    Atomics.notify(ctl, DONE);
    if (failed) return;
  }
}

/** The calling thread's handle on one helper. */
export class Helper {
  private readonly ctl: Int32Array;
  private seq = 0;
  private readonly thread: { terminate(): void };

  constructor(
    memory: WasmMemory,
    readonly control: number,
    /** Byte offset of the helper's own packing scratch. */
    readonly scratch: number,
    module: WasmModule,
    spawn: HelperSpawner,
    spinMs: number,
  ) {
    this.ctl = new Int32Array(memory.buffer, control, CONTROL_WORDS);
    this.ctl.fill(0);
    this.thread = spawn({ module, memory, control, spinMs });
  }

  /** Instantiated and not failed: it may be given parts. */
  get ready(): boolean {
    return Atomics.load(this.ctl, READY) === 1 && Atomics.load(this.ctl, FAILED) === 0;
  }

  /** Resolves once the helper has instantiated the module, polling without blocking the thread. */
  async whenReady(timeoutMs: number): Promise<boolean> {
    const start = now();
    while (!this.ready) {
      if (now() - start > timeoutMs) return false;
      await new Promise<void>((resolve) => setTimeoutHost(resolve, 2));
    }
    return true;
  }

  /** Posts C[i0 .. i1, j0 .. j1] of the product the 9 leading arguments describe. */
  post(args: readonly number[], i0: number, i1: number, j0: number, j1: number): void {
    const ctl = this.ctl;
    for (let i = 0; i < 9; i++) ctl[ARGS + i] = args[i];
    ctl[ARGS + 9] = i0;
    ctl[ARGS + 10] = i1;
    ctl[ARGS + 11] = j0;
    ctl[ARGS + 12] = j1;
    ctl[ARGS + 13] = this.scratch;
    this.seq = (this.seq + 1) | 0;
    Atomics.store(ctl, SEQ, this.seq);
    Atomics.notify(ctl, SEQ);
  }

  /**
   * Waits for the part last posted: spinning (the parts are even, so it is usually nearly done,
   * and a sleeping thread takes tens of microseconds to wake), then sleeping after `spinMs`.
   * False when the helper failed on it, so the caller computes the part itself.
   */
  join(spinMs = 2): boolean {
    const ctl = this.ctl;
    const seq = this.seq;
    let spins = 0;
    let until = Infinity;
    let done: number;
    while ((done = Atomics.load(ctl, DONE)) !== seq) {
      if ((++spins & 255) !== 0) continue;
      const t = now();
      if (until === Infinity) until = t + spinMs;
      else if (t > until) Atomics.wait(ctl, DONE, done, 1);
    }
    return Atomics.load(ctl, FAILED) === 0;
  }

  stop(): void {
    Atomics.store(this.ctl, QUIT, 1);
    this.seq = (this.seq + 1) | 0;
    Atomics.store(this.ctl, SEQ, this.seq);
    Atomics.notify(this.ctl, SEQ);
    this.thread.terminate();
  }
}

const setTimeoutHost = (globalThis as unknown as { setTimeout: (f: () => void, ms: number) => unknown }).setTimeout;
