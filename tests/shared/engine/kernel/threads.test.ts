// Both cores for one run: a WebAssembly kernel with a helper thread (worker_threads, as the CLI
// runs it) gives the same bits as one thread, in single products and in whole training runs.

import { afterAll, describe, expect, it } from 'vitest';
import { nodeHelperSpawner } from '../../../../cli/threads';
import type { Dataset } from '../../../../shared/engine/datasets/types';
import type { TrainingEvent } from '../../../../shared/engine/events';
import { availableKernels } from '../../../../shared/engine/kernel/registry';
import { WasmKernel } from '../../../../shared/engine/kernel/wasm-kernel';
import { Random } from '../../../../shared/engine/random';
import { Trainer } from '../../../../shared/engine/trainer';
import { parseProject } from '../../../../shared/project/parse';
import { prepareRun } from '../../../../shared/project/prepare';

const name = availableKernels()[0] as 'wasm-simd' | 'wasm-simd-fma';
const kernel = new WasmKernel(name, true);

afterAll(async () => {
  await kernel.useThreads(1, nodeHelperSpawner);
});

function images(n: number, seed: number): Dataset {
  const rng = new Random(seed);
  const x = new Uint8Array(n * 784).map(() => rng.int(256));
  const labels = new Int32Array(n).map(() => rng.int(10));
  return {
    name: 'random bytes',
    task: 'classification',
    numFeatures: 784,
    featureNames: Array.from({ length: 784 }, (_, i) => `p${i}`),
    classNames: Array.from({ length: 10 }, (_, i) => `c${i}`),
    targetSize: 10,
    train: { x, n, labels },
  };
}

const project = (optimizer: string) =>
  parseProject({
    format: 'mlp-studio-project',
    version: 1,
    dataset: { source: 'builtin', name: 'iris' },
    preprocessing: { normalization: 'minus-one-one', validationSplit: 0.25 },
    network: {
      layers: [
        { type: 'dense', units: 256 },
        { type: 'activation', activation: 'relu' },
        { type: 'dense', units: 10 },
        { type: 'activation', activation: 'softmax' },
      ],
    },
    loss: { type: 'cross-entropy' },
    optimizer: { type: optimizer, lr: 0.01 },
    training: { epochs: 2, batchSize: 64, shuffle: true },
    seed: 11,
  });

/** Every loss the run reports (each batch's and each epoch's) and its final weights. */
async function run(optimizer: string): Promise<{ losses: number[]; weights: number[][]; threads: number }> {
  const setup = prepareRun(project(optimizer), images(640, 3), { kernel });
  const losses: number[] = [];
  let threads = 0;
  const onEvent = (e: TrainingEvent) => {
    if (e.type === 'started') threads = e.threads;
    if (e.type === 'batch') losses.push(e.loss);
    if (e.type === 'epoch') losses.push(e.train.loss, e.validation!.loss);
  };
  const done = await new Trainer(setup, onEvent, { batchEventMs: 0, diagnosticsMs: Infinity, diagnosticsPoints: 0 }).run();
  expect(done.type).toBe('done');
  return { losses, threads, weights: setup.model.network.params.map((p) => Array.from(p.value)) };
}

describe(`${name} on two threads`, () => {
  it('starts a helper thread and reports two threads', async () => {
    expect(await kernel.useThreads(2, nodeHelperSpawner)).toBe(2);
    expect(kernel.threads).toBe(2);
  });

  it('splits large products, leaves small ones on one thread, and gives the same bits as one thread', async () => {
    const rng = new Random(9);
    for (const [transA, transB, m, n, k] of [[false, false, 64, 256, 784], [true, false, 784, 256, 64], [false, true, 64, 784, 256], [false, false, 300, 7, 900], [false, false, 8, 8, 8]] as const) {
      // Filled in place (Float32Array.map would copy out of the kernel's memory).
      const a = kernel.float32(m * k);
      const b = kernel.float32(k * n);
      for (let i = 0; i < a.length; i++) a[i] = rng.uniform(-1, 1);
      for (let i = 0; i < b.length; i++) b[i] = rng.uniform(-1, 1);
      expect(kernel.arena.offsetOf(a)).toBeGreaterThan(0);
      const one = kernel.float32(m * n);
      const two = kernel.float32(m * n);
      await kernel.useThreads(1, nodeHelperSpawner);
      kernel.gemm(transA, transB, m, n, k, a, b, one, false);
      await kernel.useThreads(2, nodeHelperSpawner);
      const split = kernel.counts.split;
      kernel.gemm(transA, transB, m, n, k, a, b, two, false);
      expect(kernel.counts.split - split, `${m}x${n}x${k} split`).toBe(2 * m * n * k >= 2e6 ? 1 : 0);
      expect(Array.from(two), `${m}x${n}x${k}`).toEqual(Array.from(one));
    }
  });

  it('shares large element-wise work (updates, finiteness checks, gathers) and gives the same bits as one thread', async () => {
    const rng = new Random(4);
    const n = 200_003;
    const fill = (a: Float32Array, lo: number, hi: number) => {
      for (let i = 0; i < a.length; i++) a[i] = rng.uniform(lo, hi);
      return a;
    };
    const w0 = fill(kernel.float32(n), -1, 1);
    const g = fill(kernel.float32(n), -1e-2, 1e-2);
    const bytes = new Uint8Array(300 * 784).map(() => rng.int(256));
    const rows = Int32Array.from({ length: 300 }, () => rng.int(300));
    const scale = Float64Array.from({ length: 784 }, () => rng.uniform(0, 0.01));
    const shift = Float64Array.from({ length: 784 }, () => rng.uniform(-1, 0));
    const results: Float32Array[][] = [];
    for (const threads of [1, 2]) {
      expect(await kernel.useThreads(threads, nodeHelperSpawner)).toBe(threads);
      const w = kernel.float32(n);
      w.set(w0);
      const m = kernel.float32(n);
      const v = kernel.float32(n);
      const shared = kernel.sharedCalls;
      for (let t = 1; t <= 3; t++) {
        expect(kernel.fast.sgd(w, g, 0.1, 1e-4)).toBe(true);
        expect(kernel.fast.adam(w, g, m, v, 1e-3, 0.01, 0.9, 0.999, 1e-8, 1 - 0.9 ** t, 1 - 0.999 ** t, true)).toBe(true);
      }
      const x = kernel.float32(256 * 784);
      expect(kernel.fast.gatherBytes(x, bytes, rows, 17, 256, 784, scale, shift)).toBe(true);
      const y = kernel.float32(256 * 784);
      expect(kernel.fast.reluForward(x, y, x.length)).toBe(true);
      expect(kernel.fast.allFinite(w, n)).toBe(true);
      // A NaN or an infinity in any part, the helper's included, is found.
      for (const at of [5, n >> 1, n - 40, n - 1]) {
        for (const bad of [NaN, Infinity]) {
          const keep = w[at];
          w[at] = bad;
          expect(kernel.fast.allFinite(w, n), `${bad} at ${at} on ${threads} threads`).toBe(false);
          w[at] = keep;
        }
      }
      // 6 updates, the gather, the ReLU and 9 checks.
      expect(kernel.sharedCalls - shared).toBe(threads === 2 ? 17 : 0);
      results.push([w, m, v, x, y]);
    }
    const [one, two] = results;
    for (let i = 0; i < one.length; i++) expect(Array.from(two[i]), `array ${i}`).toEqual(Array.from(one[i]));
    // Row 5 of the batch is rows[17 + 5], its feature 3 scaled and shifted in float32.
    expect(one[3][5 * 784 + 3]).toBe(Math.fround(Math.fround(bytes[rows[22] * 784 + 3] * Math.fround(scale[3])) + Math.fround(shift[3])));
  });

  it('sees memory the calling thread grew after the helper started', async () => {
    await kernel.useThreads(2, nodeHelperSpawner);
    const before = kernel.arena.memory.buffer.byteLength;
    const [m, n, k] = [96, 512, 700];
    // 64 MiB fits in no freed block, so it lies past the old end; the operands are its tail.
    const pad = kernel.float32(16 << 20);
    const end = pad.length;
    const a = pad.subarray(end - m * k - k * n - m * n, end - k * n - m * n).fill(0.5);
    const b = pad.subarray(end - k * n - m * n, end - m * n).fill(2);
    const c = pad.subarray(end - m * n);
    expect(kernel.arena.offsetOf(a)).toBeGreaterThan(before);
    const split = kernel.counts.split;
    kernel.gemm(false, false, m, n, k, a, b, c, false);
    expect(kernel.counts.split - split).toBe(1);
    expect(kernel.threads).toBe(2);
    expect(c.every((v) => v === 700)).toBe(true);
  });

  for (const optimizer of ['sgd', 'adam']) {
    it(`trains 784-256-10 (${optimizer}) to bit-identical losses and weights with one and two threads, and again`, async () => {
      await kernel.useThreads(1, nodeHelperSpawner);
      const single = await run(optimizer);
      await kernel.useThreads(2, nodeHelperSpawner);
      const split = kernel.counts.split;
      const double = await run(optimizer);
      const again = await run(optimizer);
      expect(single.threads).toBe(1);
      expect(double.threads).toBe(2);
      expect(kernel.counts.split - split).toBeGreaterThan(20);
      // 8 steps an epoch, each a batch event, and each epoch's train and validation loss.
      expect(single.losses).toHaveLength(2 * 8 + 2 * 2);
      expect(double.losses).toEqual(single.losses);
      expect(again.losses).toEqual(single.losses);
      expect(double.weights).toEqual(single.weights);
    });
  }
});
