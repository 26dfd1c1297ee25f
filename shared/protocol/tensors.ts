// Binary payloads of the engine protocol: typed arrays, and weights as the project keeps them
// (WeightTensor: a shape and its row-major Float32Array) with their parameter names. They travel
// as typed arrays, so a receiver checks each one's type and length once, not value by value.

import { z } from 'zod';
import type { WeightTensor } from '../project/container';
import { count } from './run-events';

/** Typed arrays by their tag as well as instanceof, so a copy from another realm still passes. */
function typedArray<T>(ctor: abstract new (...args: never[]) => T, tag: string) {
  return z.custom<T>(
    (v) => v instanceof ctor || (ArrayBuffer.isView(v) && Object.prototype.toString.call(v) === `[object ${tag}]`),
    `expected a ${tag}`,
  );
}
export const uint8Array = typedArray<Uint8Array>(Uint8Array, 'Uint8Array');
export const float32Array = typedArray<Float32Array>(Float32Array, 'Float32Array');
export const int32Array = typedArray<Int32Array>(Int32Array, 'Int32Array');

/** The parameter (or buffer) a tensor holds, as the network names it: 'layers.0.weight'. */
export type NamedWeightTensor = WeightTensor & { name: string };

/**
 * Named weight tensors whose shapes account for every value. `finite`: weights a run starts
 * from must be finite, or its first step fails with a message about the run rather than the file.
 */
export function weightTensorsSchema(finite: boolean) {
  const tensor = z
    .strictObject({ name: z.string().min(1).max(256), shape: z.array(count).max(8), data: float32Array })
    .superRefine((t, ctx) => {
      const expected = t.shape.reduce((a, b) => a * b, 1);
      const where = `weights '${t.name}'`;
      if (t.data.length !== expected) {
        ctx.addIssue({ code: 'custom', message: `${where} hold ${t.data.length} values but shape [${t.shape.join(', ')}] needs ${expected}`, params: { named: true } });
        return;
      }
      if (!finite) return;
      for (let i = 0; i < t.data.length; i++) {
        // v - v is 0 for every finite v and NaN for NaN and the infinities.
        if (t.data[i] - t.data[i] !== 0) {
          ctx.addIssue({ code: 'custom', message: `${where} hold ${t.data[i]} at index ${i}; weights to start from must be finite`, params: { named: true } });
          return;
        }
      }
    });
  return z
    .array(tensor)
    .max(4096)
    .refine((ts) => new Set(ts.map((t) => t.name)).size === ts.length, { message: 'weights name a tensor twice', params: { named: true } });
}

/**
 * The buffers of arrays for a transfer list: the receiver takes them over and nothing is copied.
 * Only arrays that own their whole buffer: moving a larger one (a kernel's memory) would take
 * other data with it, so those are left to be copied.
 */
export function buffersOf(arrays: readonly ArrayBufferView[]): ArrayBuffer[] {
  return arrays.filter((a) => a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength).map((a) => a.buffer as ArrayBuffer);
}
