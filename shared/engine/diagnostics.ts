// Per-layer training health, computed from the buffers of the step just taken: gradient and
// weight norms, update size, activation statistics, dead and saturated units, histograms.

import type { Histogram, LayerDiagnostics } from './events';
import { ActivationLayer } from './layers/activation';
import type { Network } from './network';
import type { Floats } from './tensor';

const BINS = 30;

export function histogram(a: Floats, n: number, bins = BINS): Histogram {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const counts = new Array<number>(bins).fill(0);
  if (n === 0) return { min: 0, max: 0, counts };
  const width = (max - min) / bins;
  for (let i = 0; i < n; i++) {
    const b = width > 0 ? Math.min(bins - 1, Math.floor((a[i] - min) / width)) : 0;
    counts[b]++;
  }
  return { min, max, counts };
}

function norm(a: Floats): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

function distance(a: Floats, b: Floats): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    s += d * d;
  }
  return Math.sqrt(s);
}

/** Fraction of units whose input was <= 0 for every row: they passed no (or almost no) gradient. */
export function deadFraction(input: Floats, rows: number, cols: number): number {
  let dead = 0;
  for (let j = 0; j < cols; j++) {
    let alive = false;
    for (let r = 0; r < rows && !alive; r++) alive = input[r * cols + j] > 0;
    if (!alive) dead++;
  }
  return dead / cols;
}

function saturatedFraction(name: string, y: Floats, n: number): number {
  let count = 0;
  if (name === 'sigmoid') {
    for (let i = 0; i < n; i++) if (y[i] < 0.01 || y[i] > 0.99) count++;
  } else {
    for (let i = 0; i < n; i++) if (Math.abs(y[i]) > 0.99) count++;
  }
  return n ? count / n : 0;
}

/**
 * Diagnostics for every layer after a training step on `batch` rows. `previous` holds each
 * parameter's value before the optimizer step (same order as network.params).
 */
export function layerDiagnostics(network: Network, batch: number, previous: readonly Floats[]): LayerDiagnostics[] {
  let p = 0;
  return network.layers.map((layer, index) => {
    const out = network.layerOutput(index);
    const n = batch * layer.outSize;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += out[i];
    mean = n ? mean / n : 0;
    let variance = 0;
    for (let i = 0; i < n; i++) variance += (out[i] - mean) * (out[i] - mean);
    variance = n ? variance / n : 0;

    let gradSq = 0;
    let weightSq = 0;
    let updateSq = 0;
    for (const param of layer.params) {
      gradSq += norm(param.grad) ** 2;
      weightSq += norm(param.value) ** 2;
      updateSq += distance(param.value, previous[p]) ** 2;
      p++;
    }
    const hasParams = layer.params.length > 0;
    const main = layer.params[0];
    let dead: number | null = null;
    let saturated: number | null = null;
    if (layer instanceof ActivationLayer) {
      if (layer.def.family === 'relu') dead = deadFraction(network.layerInput(index), batch, layer.inSize);
      if (layer.def.family === 'saturating') saturated = saturatedFraction(layer.def.name, out, n);
    }
    return {
      index,
      type: layer.type,
      label: layer.label,
      gradNorm: hasParams ? Math.sqrt(gradSq) : null,
      weightNorm: hasParams ? Math.sqrt(weightSq) : null,
      updateRatio: hasParams ? (weightSq > 0 ? Math.sqrt(updateSq / weightSq) : Math.sqrt(updateSq)) : null,
      activationMean: mean,
      activationStd: Math.sqrt(variance),
      deadFraction: dead,
      saturatedFraction: saturated,
      histograms: {
        weights: main ? histogram(main.value, main.value.length) : null,
        activations: histogram(out, n),
        gradients: main ? histogram(main.grad, main.grad.length) : null,
      },
    };
  });
}
