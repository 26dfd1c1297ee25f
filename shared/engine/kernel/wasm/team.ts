// The threads one WebAssembly kernel computes on: this one and its helpers. A call is cut into
// parts, one a thread; each part is computed with the same instructions whichever thread takes
// it, so a result has the same bits whatever the thread count.

import type { WasmArena } from './arena';
import type { WasmModule } from './runtime';
import { callWith, CONTROL_BYTES, Helper, HELPER_CALLS, MAX_ARGS, type HelperCall, type HelperSpawner } from './threads';

type Export = (...args: number[]) => number | undefined;

/** How a call is cut: part p's arguments, written into args. */
export interface Partition {
  cut(p: number, args: Float64Array): void;
}

/** Element-wise calls smaller than this (items x cost) stay on one thread: a wake costs more. */
const SPLIT_ITEMS = 1 << 15;
/** Parts of float arrays start on 16 floats, a cache line, so no line is written by two threads. */
const GRAIN = 16;

export class Team implements Partition {
  /** Element-wise calls shared between threads. */
  shared = 0;
  private helpers: Helper[] = [];
  private readonly posted: Helper[] = [];
  private readonly calls: Export[];
  /** Each call's index in HELPER_CALLS, looked up once rather than searched on every call. */
  private readonly index: Record<HelperCall, number>;
  /** This thread's part's arguments. */
  private readonly own = new Float64Array(MAX_ARGS);
  /** The current element-wise split (see items()). */
  readonly whole = new Float64Array(MAX_ARGS);
  readonly advance = new Float64Array(MAX_ARGS);
  private readonly split = { n: 0, grain: 1, parts: 1, countAt: 0 };

  constructor(
    private readonly arena: WasmArena,
    private readonly module: WasmModule,
    exports: Record<string, unknown>,
    /** Bytes of packing scratch each thread needs, and this thread's. */
    private readonly scratchBytes: number,
    private readonly scratch: number,
  ) {
    this.calls = HELPER_CALLS.map((name) => exports[name] as Export);
    this.index = Object.fromEntries(HELPER_CALLS.map((name, i) => [name, i])) as Record<HelperCall, number>;
  }

  /** Threads a call may use now: this one and every helper ready to take a part. */
  get threads(): number {
    let count = 1;
    for (const h of this.helpers) if (h.ready) count++;
    return count;
  }

  /**
   * Uses `count` threads in all (count - 1 helpers started by spawn; 1 stops them). Resolves with
   * the thread count ready, once every helper has started or `timeoutMs` passed. Needs a shared
   * memory: where there is none (a page that is not cross-origin isolated) it stays at one.
   */
  async use(count: number, spawn: HelperSpawner, options: { spinMs?: number; timeoutMs?: number } = {}): Promise<number> {
    for (const h of this.helpers) {
      h.stop();
      this.arena.release(h.control);
      this.arena.release(h.scratch);
    }
    this.helpers = [];
    if (!this.arena.shared) return 1;
    for (let i = 1; i < count; i++) {
      const control = this.arena.reserve(CONTROL_BYTES);
      const scratch = this.arena.reserve(this.scratchBytes);
      if (control < 0 || scratch < 0) break;
      this.helpers.push(new Helper(this.arena.memory, control, scratch, this.module, spawn, options.spinMs ?? 0.5));
    }
    await Promise.all(this.helpers.map((h) => h.whenReady(options.timeoutMs ?? 10_000)));
    return this.threads;
  }

  /**
   * Runs `call` in `parts` parts, part 0 on this thread and the rest on ready helpers, in order.
   * A part no helper took, or one whose helper failed on it, is computed here. Returns the
   * smallest part's result (allFinite: 1 only when every part is finite). Where the call takes
   * packing scratch, argument `scratchAt` is set to the scratch of the thread computing the part.
   */
  run(call: HelperCall, parts: number, partition: Partition, scratchAt = -1): number {
    const index = this.index[call];
    const f = this.calls[index];
    const posted = this.posted;
    posted.length = 0;
    for (let h = 0; h < this.helpers.length && posted.length + 1 < parts; h++) {
      const helper = this.helpers[h];
      if (!helper.ready) continue;
      posted.push(helper);
      partition.cut(posted.length, helper.nextArgs);
      if (scratchAt >= 0) helper.nextArgs[scratchAt] = helper.scratch;
      helper.post(index);
    }
    const own = this.own;
    partition.cut(0, own);
    if (scratchAt >= 0) own[scratchAt] = this.scratch;
    let result = callWith(f, own);
    for (let p = 0; p < posted.length; p++) {
      let r: number;
      if (posted[p].join()) r = posted[p].result;
      else {
        partition.cut(p + 1, own);
        if (scratchAt >= 0) own[scratchAt] = this.scratch;
        r = callWith(f, own);
      }
      result = Math.min(result, r);
    }
    for (let p = posted.length + 1; p < parts; p++) {
      partition.cut(p, own);
      if (scratchAt >= 0) own[scratchAt] = this.scratch;
      result = Math.min(result, callWith(f, own));
    }
    return result;
  }

  /**
   * Runs `call` over n items, given its arguments for all of them in `whole` and, in `advance`,
   * how far each argument moves per item (a byte stride for an array, 1 for a first index, 0 for
   * a constant); whole[countAt] is the item count. Split into equal parts when the work
   * (n x cost) pays for waking the helpers. Returns what run() returns.
   */
  items(call: HelperCall, n: number, countAt: number, cost = 1, grain = GRAIN): number {
    const s = this.split;
    s.n = n;
    s.grain = grain;
    s.countAt = countAt;
    s.parts = n * cost < SPLIT_ITEMS ? 1 : Math.min(this.threads, Math.ceil(n / grain));
    if (s.parts === 1) return callWith(this.calls[this.index[call]], this.whole);
    this.shared++;
    return this.run(call, s.parts, this);
  }

  /** Element-wise: the first `arrays` arguments are float32 arrays and the count follows them. */
  elementwise(call: HelperCall, arrays: number, n: number): number {
    this.advance.fill(0);
    for (let i = 0; i < arrays; i++) this.advance[i] = 4;
    this.whole[arrays] = n;
    return this.items(call, n, arrays);
  }

  cut(p: number, args: Float64Array): void {
    const s = this.split;
    const lo = this.bound(p);
    const hi = this.bound(p + 1);
    for (let i = 0; i < MAX_ARGS; i++) args[i] = this.whole[i] + lo * this.advance[i];
    args[s.countAt] = hi - lo;
  }

  private bound(p: number): number {
    const s = this.split;
    return p >= s.parts ? s.n : Math.min(s.n, Math.round((s.n * p) / s.parts / s.grain) * s.grain);
  }
}
