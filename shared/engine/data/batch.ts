// Copies chosen rows of a table into a network's input and target buffers, normalizing on the
// way, so image bytes never need a full float copy.

import type { BatchTargets } from '../losses';
import type { Table } from '../datasets/types';
import type { FastOps } from '../kernel/fast-ops';
import type { Allocator, Floats } from '../tensor';
import type { Normalizer } from './normalize';

export interface BatchBuffers {
  x: Floats;
  targets: BatchTargets;
  /** The kernel's faster gathering of byte tables, where it has one. */
  fast: FastOps;
}

/** Batch buffers from the network's allocator, so the kernel reads the inputs in place. */
export function allocBatch(alloc: Allocator, capacity: number, features: number, targetCols: number): BatchBuffers {
  return {
    x: alloc.floats(capacity * features),
    targets: { labels: new Int32Array(capacity), values: alloc.floats(capacity * targetCols) },
    fast: alloc.fast,
  };
}

/**
 * Gathers rows[start .. start+count) into `out`. Classification labels always go to
 * targets.labels; when `oneHotCols` > 0 they are also written one-hot into targets.values
 * (for regression-style losses on a classifier). Regression targets go to targets.values.
 */
export function gatherBatch(
  table: Table,
  features: number,
  rows: Int32Array,
  start: number,
  count: number,
  norm: NormalizerArrays,
  out: BatchBuffers,
  targetCols: number,
  oneHot: boolean,
): void {
  const x = table.x;
  const dst = out.x;
  const { scale, shift, fill } = norm;
  // Bytes (images) are never missing, so the kernel's gather needs no fill values.
  const gathered = x instanceof Uint8Array && out.fast.gatherBytes(dst, x, rows, start, count, features, scale, shift);
  if (!gathered) {
    for (let i = 0; i < count; i++) {
      const src = rows[start + i] * features;
      const o = i * features;
      for (let j = 0; j < features; j++) {
        const v = x[src + j];
        // v !== v only for NaN: a missing table value, replaced by its training mean.
        dst[o + j] = (v === v ? v : fill[j]) * scale[j] + shift[j];
      }
    }
  }
  const { labels, values } = out.targets;
  if (table.labels) {
    for (let i = 0; i < count; i++) labels[i] = table.labels[rows[start + i]];
    if (oneHot) {
      values.fill(0, 0, count * targetCols);
      for (let i = 0; i < count; i++) values[i * targetCols + labels[i]] = 1;
    }
  } else if (table.targets) {
    const t = table.targets;
    for (let i = 0; i < count; i++) {
      const src = rows[start + i] * targetCols;
      for (let j = 0; j < targetCols; j++) values[i * targetCols + j] = t[src + j];
    }
  }
}

/** Readies a table for gatherBatch into `out` (the kernel's copy of image bytes), outside any timed step. */
export function prepareGather(table: Table, out: BatchBuffers): void {
  if (table.x instanceof Uint8Array) out.fast.keepBytes(table.x);
}

export interface NormalizerArrays {
  scale: Float64Array;
  shift: Float64Array;
  fill: Float64Array;
}

/** The normalizer as typed arrays for the gather loop (converted once per run, not per batch). */
export function normalizerArrays(n: Normalizer): NormalizerArrays {
  return {
    scale: Float64Array.from(n.scale),
    shift: Float64Array.from(n.shift),
    fill: n.fill ? Float64Array.from(n.fill) : new Float64Array(n.scale.length),
  };
}
