// Helper threads for the WebAssembly kernel: each runs the same module on the same shared memory
// and takes part of a call (a product, an optimizer update, a batch gather) through a small
// control block, woken and answered with Atomics.

import { now } from '../../clock';
import { wasmApi, type WasmMemory, type WasmModule } from './runtime';

/** What a helper thread is started with (structured-cloneable: a module and a shared memory). */
export interface HelperInit {
  module: WasmModule;
  memory: WasmMemory;
  /** Byte offset of this helper's control block in the memory. */
  control: number;
  /** How long a helper spins for the next call before it sleeps, in ms. */
  spinMs: number;
}

/** Starts a thread that calls serveKernelHelper(init): a worker_threads Worker or a Web Worker. */
export type HelperSpawner = (init: HelperInit) => { terminate(): void };

/** The module's exports a helper may be asked to run, by their index here. */
export const HELPER_CALLS = ['gemm', 'sgd', 'momentum', 'adam', 'allFinite', 'reluForward', 'reluBackward', 'gatherBytes'] as const;
export type HelperCall = (typeof HELPER_CALLS)[number];
/** Arguments a call takes at most (the gemm's 14). */
export const MAX_ARGS = 14;

// The control block, in 32-bit words: a call is posted by bumping SEQ; the helper writes that
// number to DONE once its part is done. CALL is an index in HELPER_CALLS, RESULT what it returned.
// The arguments follow as float64 (exact for every i32 offset and f32 constant) from byte ARGS_BYTE.
export const SEQ = 0;
export const DONE = 1;
export const READY = 2;
export const QUIT = 3;
/** Set by a helper whose part threw; it has stopped, and the caller computes that part itself. */
export const FAILED = 4;
const CALL = 5;
const RESULT = 6;
const ARGS_BYTE = 64;
export const CONTROL_BYTES = ARGS_BYTE + MAX_ARGS * 8;

type Export = (...args: number[]) => number | undefined;

/** Calls f with the first MAX_ARGS values of a (wasm ignores the ones it does not take), allocating nothing. */
export function callWith(f: Export, a: ArrayLike<number>): number {
  return f(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13]) ?? 0;
}

/**
 * A helper thread's whole life: instantiate the module on the shared memory, say ready, then run
 * each posted call until told to quit. Spins briefly between calls (a training step posts several
 * in quick succession), then sleeps in Atomics.wait.
 */
export function serveKernelHelper(init: HelperInit): void {
  const api = wasmApi();
  if (!api) throw new Error('This runtime has no WebAssembly');
  const exports = new api.Instance(init.module, { env: { memory: init.memory } }).exports as Record<string, Export>;
  const calls = HELPER_CALLS.map((name) => exports[name]);
  const ctl = new Int32Array(init.memory.buffer, init.control, CONTROL_BYTES >> 2);
  const args = new Float64Array(init.memory.buffer, init.control + ARGS_BYTE, MAX_ARGS);
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
    let failed = false;
    try {
      ctl[RESULT] = callWith(calls[ctl[CALL]], args);
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
  private readonly args: Float64Array;
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
    this.ctl = new Int32Array(memory.buffer, control, CONTROL_BYTES >> 2);
    this.ctl.fill(0);
    this.args = new Float64Array(memory.buffer, control + ARGS_BYTE, MAX_ARGS);
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

  /**
   * The arguments of the next call, to fill before post(). The helper reads them only after
   * post() and writes nothing there, so the caller may fill them while no call is outstanding.
   */
  get nextArgs(): Float64Array {
    return this.args;
  }

  /** Posts a call of HELPER_CALLS[call] with the arguments in nextArgs. */
  post(call: number): void {
    const ctl = this.ctl;
    ctl[CALL] = call;
    this.seq = (this.seq + 1) | 0;
    Atomics.store(ctl, SEQ, this.seq);
    Atomics.notify(ctl, SEQ);
  }

  /**
   * Waits for the call last posted: spinning (the parts are even, so it is usually nearly done,
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

  /** What the call last joined returned (allFinite's 1 or 0; 0 for calls that return nothing). */
  get result(): number {
    return this.ctl[RESULT];
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
