// The WebAssembly element-wise work against the engine's own TypeScript loops (the reference):
// optimizer updates in float32 within a few roundings, ReLU, bias and column sums exactly,
// gathering within one rounding, finiteness at every position.

import { describe, expect, it } from 'vitest';
import { gatherBatch, normalizerArrays } from '../../../../shared/engine/data/batch';
import { availableKernels, getKernel } from '../../../../shared/engine/kernel/registry';
import { createOptimizer, parseOptimizerConfig, type OptimizerConfigInput } from '../../../../shared/engine/optimizers';
import type { Param } from '../../../../shared/engine/params';
import { Random } from '../../../../shared/engine/random';
import { allocator } from '../../../../shared/engine/tensor';
import { getActivation } from '../../../../shared/engine/activations';
import { DenseLayer } from '../../../../shared/engine/layers/dense';

const wasmKernels = availableKernels().filter((name) => name !== 'typescript');

function randomArray(out: Float32Array, rng: Random, scale = 1): Float32Array {
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform(-scale, scale);
  return out;
}

it('runs on at least one WebAssembly kernel here', () => {
  expect(wasmKernels.length).toBeGreaterThan(0);
});

for (const name of wasmKernels) {
  const kernel = getKernel(name);
  const alloc = allocator('float32', kernel);

  describe(`${name} element-wise work`, () => {
    const OPTIMIZERS: OptimizerConfigInput[] = [
      { type: 'sgd', weightDecay: 0.01 },
      { type: 'momentum', weightDecay: 0.01, dampening: 0.1 },
      { type: 'nesterov' },
      { type: 'adam', weightDecay: 0.01 },
      { type: 'adamw' },
    ];
    for (const config of OPTIMIZERS) {
      it(`${config.type}: five steps agree with the TypeScript update within float32 rounding`, () => {
        const rng = new Random(3);
        // 1031 values: the four-lane loop and a three-value tail.
        const n = 1031;
        const inMemory: Param = { name: 'layers.0.weight', shape: [n], value: randomArray(alloc.floats(n) as Float32Array, rng), grad: alloc.floats(n), decay: true };
        const reference: Param = { ...inMemory, value: Float32Array.from(inMemory.value), grad: new Float32Array(n) };
        expect(kernel.float32(1) instanceof Float32Array).toBe(true);
        const fast = createOptimizer(parseOptimizerConfig(config), [inMemory], alloc);
        const slow = createOptimizer(parseOptimizerConfig(config), [reference]);
        for (let s = 0; s < 5; s++) {
          randomArray(inMemory.grad as Float32Array, rng);
          reference.grad.set(inMemory.grad);
          fast.step(0.05);
          slow.step(0.05);
        }
        // Measured against |w| + lr: a weight near zero differs by roundings of the update (~lr).
        let worst = 0;
        for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(inMemory.value[i] - reference.value[i]) / (Math.abs(reference.value[i]) + 0.05));
        expect(worst).toBeLessThan(1e-6);
        // The TypeScript loop computes in float64: the two differ, or the fast path did not run.
        expect(Array.from(inMemory.value)).not.toEqual(Array.from(reference.value));
      });
    }

    it('ReLU forward and backward equal the activation definition, NaN and the tail included', () => {
      const n = 1027;
      const rng = new Random(4);
      const x = randomArray(kernel.float32(n), rng);
      x[5] = NaN;
      x[1026] = 0;
      const dOut = randomArray(kernel.float32(n), rng);
      const y = kernel.float32(n);
      const dIn = kernel.float32(n);
      expect(kernel.fast.reluForward(x, y, n)).toBe(true);
      expect(kernel.fast.reluBackward(x, dOut, dIn, n)).toBe(true);
      const relu = getActivation('relu');
      const yRef = new Float32Array(n);
      const dRef = new Float32Array(n);
      const c = { slope: 0, alpha: 1, lambda: 1 };
      relu.forward(x, yRef, 1, n, c);
      relu.backward(x, yRef, dOut, dRef, 1, n, c);
      expect(Array.from(y)).toEqual(Array.from(yRef));
      expect(Array.from(dIn)).toEqual(Array.from(dRef));
    });

    it('a dense layer gives the same bias sums and outputs in its memory as outside it', () => {
      const rng = new Random(5);
      const [inSize, outSize, batch] = [13, 11, 7];
      const fastLayer = new DenseLayer(0, inSize, outSize, batch, alloc, kernel);
      const slowLayer = new DenseLayer(0, inSize, outSize, batch, allocator('float32'), kernel);
      randomArray(fastLayer.weight.value as Float32Array, rng);
      randomArray(fastLayer.bias.value as Float32Array, rng);
      slowLayer.weight.value.set(fastLayer.weight.value);
      slowLayer.bias.value.set(fastLayer.bias.value);
      const x = randomArray(kernel.float32(batch * inSize), rng);
      const dOut = randomArray(kernel.float32(batch * outSize), rng);
      expect(Array.from(fastLayer.forward(x, batch))).toEqual(Array.from(slowLayer.forward(Float32Array.from(x), batch)));
      fastLayer.backward(x, x, dOut, batch, false);
      slowLayer.backward(Float32Array.from(x), x, Float32Array.from(dOut), batch, false);
      expect(Array.from(fastLayer.bias.grad)).toEqual(Array.from(slowLayer.bias.grad));
    });

    it('gathers a byte table with its normalizer within one float32 rounding of the TypeScript gather', () => {
      const [rowsInTable, features, count] = [50, 787, 9];
      const rng = new Random(6);
      const x = new Uint8Array(rowsInTable * features).map(() => rng.int(256));
      const table = { x, n: rowsInTable, labels: new Int32Array(rowsInTable).map(() => rng.int(3)) };
      const norm = normalizerArrays({ scale: Array.from({ length: features }, () => rng.uniform(0.001, 0.02)), shift: Array.from({ length: features }, () => rng.uniform(-1, 1)) } as never);
      const rows = Int32Array.from({ length: 20 }, () => rng.int(rowsInTable));
      const fast = { x: kernel.float32(count * features), targets: { labels: new Int32Array(count), values: kernel.float32(count * 3) }, fast: kernel.fast };
      const slow = { ...fast, x: new Float32Array(count * features), fast: allocator('float32').fast };
      gatherBatch(table, features, rows, 5, count, norm, fast, 3, false);
      gatherBatch(table, features, rows, 5, count, norm, slow, 3, false);
      // Relative to |byte * scale| + |shift|: the sum may cancel, its roundings do not.
      let worst = 0;
      for (let i = 0; i < count; i++) {
        for (let j = 0; j < features; j++) {
          const v = x[rows[5 + i] * features + j];
          const size = Math.abs(v * norm.scale[j]) + Math.abs(norm.shift[j]);
          worst = Math.max(worst, Math.abs(fast.x[i * features + j] - slow.x[i * features + j]) / size);
        }
      }
      expect(worst).toBeLessThan(2 ** -22);
      expect(Array.from(fast.targets.labels)).toEqual(Array.from(rows.subarray(5, 5 + count), (r) => table.labels[r]));
    });

    it('finds a non-finite value wherever it is, and declines arrays outside its memory', () => {
      const n = 37;
      const a = kernel.float32(n);
      expect(kernel.fast.allFinite(a, n)).toBe(true);
      for (const bad of [NaN, Infinity, -Infinity]) {
        for (const at of [0, 15, 16, 31, 32, 36]) {
          a[at] = bad;
          expect(kernel.fast.allFinite(a, n)).toBe(false);
          expect(kernel.fast.allFinite(a, at)).toBe(true);
          a[at] = 0;
        }
      }
      expect(kernel.fast.allFinite(new Float32Array(4), 4)).toBeNull();
      expect(kernel.fast.sgd(new Float32Array(4), kernel.float32(4), 0.1, 0)).toBe(false);
    });
  });
}
