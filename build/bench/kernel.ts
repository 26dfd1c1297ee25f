// Measures the TypeScript matrix kernel's float32 throughput (GFLOP/s, single thread) on the forward
// product and the two backward products of a 784 -> 256 dense layer at batch 128, plus a naive
// triple loop on the forward shape for comparison. Run with `npm run bench:kernel`.

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

// The host is shared and noisy: the best of several half-second rounds is the stable figure.
const ROUNDS = 7;
const ROUND_MS = 500;
const WARMUP_MS = 300;

function randomFloats(length: number, rng: Random): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = rng.uniform(-1, 1);
  return out;
}

/** Best rate over the rounds, as milliseconds per call of run. */
function bestMsPerCall(run: () => void, rounds: number, roundMs: number): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      run();
      calls++;
      elapsed = performance.now() - start;
    } while (elapsed < roundMs);
    best = Math.min(best, elapsed / calls);
  }
  return best;
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

function report(name: string, shape: Shape, ms: number): void {
  const gflops = (2 * shape.m * shape.n * shape.k) / (ms * 1e6);
  const dims = `${shape.m}x${shape.k} . ${shape.k}x${shape.n}`;
  console.log(`${name} ${dims}: ${gflops.toFixed(2)} GFLOP/s (${ms.toFixed(2)} ms/product)`);
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

  console.log(`kernel '${typescriptKernel.name}', float32, best of ${ROUNDS} x ${ROUND_MS} ms`);
  for (const run of runners) bestMsPerCall(run, 1, WARMUP_MS);
  cases.forEach(({ shape }, i) => report(shape.label, shape, bestMsPerCall(runners[i], ROUNDS, ROUND_MS)));

  const nn = cases[0];
  const naive = () => naiveNN(nn.shape.m, nn.shape.n, nn.shape.k, nn.a, nn.b, nn.c);
  bestMsPerCall(naive, 1, WARMUP_MS);
  report('naive NN', nn.shape, bestMsPerCall(naive, 3, ROUND_MS));
}

main();
