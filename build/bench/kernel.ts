// GFLOP/s of every matrix kernel and thread count on a 784 -> 256 dense layer's three products at
// batch 128: forward Z = X W, backward dW = X^T dZ and dX = dZ W^T. Run with `npm run bench:kernel`.
// Operands live where the engine keeps them (the kernel's own memory); float32 throughout.

import { allCores, nodeHelperSpawner } from '../../cli/threads';
import { enableWasmRelaxedSimd } from '../../cli/wasm-features';
import { availableKernels } from '../../shared/engine/kernel/registry';
import { typescriptKernel } from '../../shared/engine/kernel/ts-kernel';
import type { MatrixKernel } from '../../shared/engine/kernel/types';
import { WasmKernel } from '../../shared/engine/kernel/wasm-kernel';
import { Random } from '../../shared/engine/random';

enableWasmRelaxedSimd();

interface Shape {
  readonly label: string;
  readonly transA: boolean;
  readonly transB: boolean;
  readonly m: number;
  readonly n: number;
  readonly k: number;
}

const SHAPES: readonly Shape[] = [
  { label: 'forward', transA: false, transB: false, m: 128, n: 256, k: 784 }, // Z = X W
  { label: 'weight gradient', transA: true, transB: false, m: 784, n: 256, k: 128 }, // dW = X^T dZ
  { label: 'input gradient', transA: false, transB: true, m: 128, n: 784, k: 256 }, // dX = dZ W^T
];

// The host is shared and noisy in bursts of seconds: rounds interleave the shapes so each gets
// quiet stretches, and the best round is the stable figure (the median shows how noisy it was).
const ROUNDS = 8;
const ROUND_MS = 300;
const WARMUP_MS = 300;

function msPerCall(run: () => void, roundMs: number): number {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    run();
    calls++;
    elapsed = performance.now() - start;
  } while (elapsed < roundMs);
  return elapsed / calls;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[sorted.length >> 1];
}

async function measure(kernel: MatrixKernel, threads: number): Promise<void> {
  const rng = new Random(1234);
  // Filled in place: Float32Array.map would return a copy outside the kernel's memory.
  const random = (length: number) => {
    const out = kernel.float32(length);
    for (let i = 0; i < length; i++) out[i] = rng.uniform(-1, 1);
    return out;
  };
  const cases = SHAPES.map((shape) => ({ shape, a: random(shape.m * shape.k), b: random(shape.k * shape.n), c: kernel.float32(shape.m * shape.n) }));
  const runners = cases.map(({ shape, a, b, c }) => () => kernel.gemm(shape.transA, shape.transB, shape.m, shape.n, shape.k, a, b, c, false));
  for (const run of runners) msPerCall(run, WARMUP_MS);
  const timings = runners.map((): number[] => []);
  for (let r = 0; r < ROUNDS; r++) runners.forEach((run, i) => timings[i].push(msPerCall(run, ROUND_MS)));
  cases.forEach(({ shape }, i) => {
    const gflops = (ms: number) => (2 * shape.m * shape.n * shape.k) / (ms * 1e6);
    const best = Math.min(...timings[i]);
    console.log(
      `${kernel.name}, ${threads} thread${threads > 1 ? 's' : ''}, ${shape.m}x${shape.k} by ${shape.k}x${shape.n} (${shape.label}): ` +
        `${gflops(best).toFixed(1)} GFLOP/s (median round ${gflops(median(timings[i])).toFixed(1)})`,
    );
  });
}

console.log(`float32, best of ${ROUNDS} interleaved ${ROUND_MS} ms rounds; ${allCores()} cores here`);
for (const name of availableKernels().reverse()) {
  if (name === 'typescript') {
    await measure(typescriptKernel, 1);
    continue;
  }
  const kernel = new WasmKernel(name, true);
  for (let threads = 1; threads <= Math.max(2, allCores()); threads++) {
    const ready = await kernel.useThreads(threads, nodeHelperSpawner);
    if (ready !== threads) console.log(`${name}: only ${ready} of ${threads} threads started`);
    await measure(kernel, ready);
  }
  await kernel.useThreads(1, nodeHelperSpawner);
}
