// Measures the TypeScript matrix kernel's float32 GFLOP/s on a 784 -> 256 dense layer's three products.
// Batch 128, single thread: forward Z = X W and backward dW = X^T dZ, dX = dZ W^T, plus a naive triple
// loop on the forward shape for comparison. Run with `npm run bench:kernel`.

import { typescriptKernel } from '../../shared/engine/kernel/ts-kernel';
import { Random } from '../../shared/engine/random';

interface Shape {
  readonly label: string;
  readonly transA: boolean;
  readonly transB: boolean;
  readonly m: number;
  readonly n: number;
  readonly k: number;
}

const SHAPES: readonly Shape[] = [
  { label: 'NN', transA: false, transB: false, m: 128, n: 256, k: 784 }, // Z = X W
  { label: 'TN', transA: true, transB: false, m: 784, n: 256, k: 128 }, // dW = X^T dZ
  { label: 'NT', transA: false, transB: true, m: 128, n: 784, k: 256 }, // dX = dZ W^T
];

// The host is shared and noisy in bursts of seconds: rounds interleave the shapes so each gets quiet
// stretches, and the best round is the stable figure (the median shows how noisy the run was).
const ROUNDS = 8;
const ROUND_MS = 400;
const WARMUP_MS = 300;

function randomFloats(length: number, rng: Random): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = rng.uniform(-1, 1);
  return out;
}

/** Milliseconds per call of run, averaged over as many calls as fit in roundMs. */
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

function naiveNN(m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
      c[i * n + j] = s;
    }
  }
}

/** One line per shape from its per-round timings: the best round, and the median round's rate. */
function report(name: string, shape: Shape, roundMs: readonly number[]): void {
  const gflops = (ms: number) => (2 * shape.m * shape.n * shape.k) / (ms * 1e6);
  const best = Math.min(...roundMs);
  const dims = `${shape.m}x${shape.k} . ${shape.k}x${shape.n}`;
  console.log(
    `${name} ${dims}: ${gflops(best).toFixed(2)} GFLOP/s (${best.toFixed(2)} ms/product; median round ${gflops(median(roundMs)).toFixed(2)})`,
  );
}

function main(): void {
  const rng = new Random(1234);
  const cases = SHAPES.map((shape) => ({
    shape,
    a: randomFloats(shape.m * shape.k, rng),
    b: randomFloats(shape.k * shape.n, rng),
    c: new Float32Array(shape.m * shape.n),
  }));
  const runners = cases.map(({ shape, a, b, c }) => () =>
    typescriptKernel.gemm(shape.transA, shape.transB, shape.m, shape.n, shape.k, a, b, c, false));

  console.log(`kernel '${typescriptKernel.name}', float32, single thread, best of ${ROUNDS} interleaved ${ROUND_MS} ms rounds`);
  for (const run of runners) msPerCall(run, WARMUP_MS);
  const timings = runners.map((): number[] => []);
  for (let r = 0; r < ROUNDS; r++) runners.forEach((run, i) => timings[i].push(msPerCall(run, ROUND_MS)));
  cases.forEach(({ shape }, i) => report(shape.label, shape, timings[i]));

  const nn = cases[0];
  const naive = () => naiveNN(nn.shape.m, nn.shape.n, nn.shape.k, nn.a, nn.b, nn.c);
  msPerCall(naive, WARMUP_MS);
  const naiveTimings = [0, 1, 2].map(() => msPerCall(naive, ROUND_MS));
  report('naive NN', nn.shape, naiveTimings);
}

main();
