// Plain-language warnings from a run's per-layer diagnostics: the failures the lecture shows
// (dying ReLU, vanishing gradients with deep sigmoid networks, a loss that does not move) and
// their usual cousins, each with what it means and what to try. The engine and the CLI define
// no thresholds of their own, so the ones below are the usual rules of thumb, named and sourced.

import type { LayerDiagnostics } from '../../../../shared/engine/events';
import type { EpochEvent } from './series';

/**
 * A ReLU layer is flagged when more than half its units output 0 for every sample of a batch.
 * A few dead units are normal; past half, the layer has lost most of its capacity (the lecture's
 * Example 2 shows one such unit: zero output, zero gradient, so it can never recover).
 */
export const DEAD_RELU_FRACTION = 0.5;

/**
 * Sigmoid/tanh layers are flagged when more than half their outputs sit in the flat tails the
 * engine counts (sigmoid outside [0.01, 0.99], tanh outside [-0.99, 0.99]), where the derivative
 * is below about 0.01 (sigmoid) or 0.02 (tanh) and almost no gradient passes.
 */
export const SATURATED_FRACTION = 0.5;

/**
 * Vanishing: the first dense layer's gradient norm is more than 100x smaller than the last's.
 * The lecture's arithmetic: sigmoid's derivative is at most 0.25, so every sigmoid layer can cut
 * the gradient by 4x or more; three to four layers already give 64x to 256x, and its 5- and
 * 7-layer sigmoid networks stop learning. 100x is where the first layers effectively freeze.
 */
export const VANISHING_RATIO = 100;

/** Exploding: the reverse fan-out, the first layer's gradient 100x larger than the last's. */
export const EXPLODING_RATIO = 100;

/**
 * Exploding, absolute: a gradient norm above 1000. Gradient clipping is commonly set at a norm
 * of 1 to 10; three orders of magnitude above that, a step is almost certainly overshooting.
 */
export const EXPLODING_NORM = 1e3;

/**
 * Update-to-weight ratio ||update|| / ||weights|| per step: about 1e-3 is healthy (the rule of
 * thumb from Stanford's CS231n notes). 100x above (1e-1) each step rewrites a tenth of the
 * weights, so training is unstable; 100x below (1e-5) the layer has practically stopped learning.
 */
export const UPDATE_RATIO_HIGH = 1e-1;
export const UPDATE_RATIO_LOW = 1e-5;

/**
 * A loss that has not moved: after at least 3 epochs the training loss is still above 99% of
 * the first epoch's. The lecture's zero-initialized MLP sits at log 3 = 1.0986 forever.
 */
export const STUCK_MIN_EPOCHS = 3;
export const STUCK_RELATIVE_DROP = 0.01;

/** Only plain ReLU truly dies: LeakyReLU, ELU, PReLU and SELU keep a gradient for x <= 0. */
const DYING_LABELS = new Set(['ReLU']);
const SATURATING_LABELS = new Set(['Sigmoid', 'Tanh']);

export type WarningSeverity = 'warning' | 'error';

export interface InsightWarning {
  /** Stable across updates (e.g. 'dead-relu:3'), so a list can key on it. */
  id: string;
  severity: WarningSeverity;
  /** Engine layer index, or null for whole-network warnings. */
  layer: number | null;
  text: string;
}

export interface InsightHistory {
  /** The run's epoch events so far, oldest first. */
  epochs?: readonly Pick<EpochEvent, 'epoch' | 'train'>[];
}

/** "Layer 2 (ReLU)": 1-based like the network view, with the engine's label. */
export function layerName(d: Pick<LayerDiagnostics, 'index' | 'label'>): string {
  return `Layer ${d.index + 1} (${d.label})`;
}

const pct = (f: number) => `${Math.round(f * 100)}%`;
/** Compact numbers for any magnitude: 0.0042 -> '4.2e-3', 12.5 -> '12.5'. */
export function fmtNumber(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 0.01 && a < 1e4) return String(Number(v.toPrecision(3)));
  const [m, e] = v.toExponential(1).split('e');
  return `${Number(m)}e${Number(e)}`;
}
const times = (r: number) => (r >= 1e4 ? `${fmtNumber(r)}x` : `${Math.round(r).toLocaleString('en-US')}x`);

export function insightWarnings(diagnostics: readonly LayerDiagnostics[], history: InsightHistory = {}): InsightWarning[] {
  const out: InsightWarning[] = [];
  const lastIndex = diagnostics.length ? Math.max(...diagnostics.map((d) => d.index)) : -1;

  for (const d of diagnostics) {
    if (d.deadFraction !== null && DYING_LABELS.has(d.label) && d.deadFraction > DEAD_RELU_FRACTION) {
      out.push({
        id: `dead-relu:${d.index}`,
        severity: 'warning',
        layer: d.index,
        text:
          `${layerName(d)}: ${pct(d.deadFraction)} of units are dead — they output 0 for every input and get no gradient, ` +
          `so they cannot recover. Lower the learning rate, use He initialization or Leaky ReLU, or check for large negative biases.`,
      });
    }
    // The output layer's sigmoid saturating just means confident predictions; only hidden ones hurt.
    if (
      d.saturatedFraction !== null &&
      SATURATING_LABELS.has(d.label) &&
      d.index !== lastIndex &&
      d.saturatedFraction > SATURATED_FRACTION
    ) {
      const slope = d.label === 'Sigmoid' ? 'sigmoid(x)(1 − sigmoid(x))' : '1 − tanh(x)²';
      out.push({
        id: `saturated:${d.index}`,
        severity: 'warning',
        layer: d.index,
        text:
          `${layerName(d)}: ${pct(d.saturatedFraction)} of outputs are saturated (stuck near the ends of the curve), ` +
          `where the slope ${slope} is almost 0, so little gradient passes back. ` +
          `Normalize the inputs (e.g. to [-1, 1]), use Xavier initialization or a smaller learning rate, add batch norm, or switch to ReLU.`,
      });
    }
    if (d.type === 'dense' && d.updateRatio !== null && Number.isFinite(d.updateRatio)) {
      if (d.updateRatio > UPDATE_RATIO_HIGH) {
        out.push({
          id: `update-ratio-high:${d.index}`,
          severity: 'warning',
          layer: d.index,
          text:
            `${layerName(d)}: each step changes the weights by ${fmtNumber(d.updateRatio)} of their size (healthy is about 1e-3). ` +
            `Updates this big make training jump around or diverge: lower the learning rate.`,
        });
      } else if (d.updateRatio < UPDATE_RATIO_LOW) {
        out.push({
          id: `update-ratio-low:${d.index}`,
          severity: 'warning',
          layer: d.index,
          text:
            `${layerName(d)}: each step changes the weights by only ${fmtNumber(d.updateRatio)} of their size (healthy is about 1e-3), ` +
            `so this layer has practically stopped learning. Raise the learning rate, or look for vanishing gradients or dead units before it.`,
        });
      }
    }
  }

  out.push(...gradientWarnings(diagnostics));
  const stuck = stuckLoss(history);
  if (stuck) out.push(stuck);
  return out;
}

function gradientWarnings(diagnostics: readonly LayerDiagnostics[]): InsightWarning[] {
  const dense = diagnostics.filter((d) => d.type === 'dense' && d.gradNorm !== null && Number.isFinite(d.gradNorm));
  const out: InsightWarning[] = [];
  const biggest = dense.reduce<LayerDiagnostics | null>((m, d) => (m && m.gradNorm! >= d.gradNorm! ? m : d), null);
  if (biggest && biggest.gradNorm! > EXPLODING_NORM) {
    out.push({
      id: 'exploding-gradients',
      severity: 'error',
      layer: biggest.index,
      text:
        `Exploding gradients: ${layerName(biggest)} has a gradient norm of ${fmtNumber(biggest.gradNorm!)}. ` +
        `Steps this large overshoot and can turn the weights into NaN. Lower the learning rate, normalize the inputs, or add batch norm.`,
    });
  }
  if (dense.length < 2) return out;
  const first = dense[0];
  const last = dense[dense.length - 1];
  const g0 = first.gradNorm!;
  const g1 = last.gradNorm!;
  const outputIndex = Math.max(...diagnostics.map((d) => d.index));
  const saturating = diagnostics.some((d) => SATURATING_LABELS.has(d.label) && d.index !== outputIndex);
  if (g1 > 0 && g0 * VANISHING_RATIO < g1) {
    const ratio = g0 > 0 ? times(g1 / g0) : 'infinitely';
    out.push({
      id: 'vanishing-gradients',
      severity: 'warning',
      layer: first.index,
      text:
        `Gradients shrink on the way back to the input (vanishing gradients): ${layerName(first)} gets a gradient ${ratio} smaller than ${layerName(last)} ` +
        `(${fmtNumber(g0)} vs ${fmtNumber(g1)}), so the first layers barely learn. ` +
        (saturating
          ? `Sigmoid's slope is at most 0.25, so every sigmoid layer can cut the gradient by 4x or more, and tanh's shrinks it too once units saturate. `
          : '') +
        `Use ReLU with He initialization, fewer layers, or batch norm.`,
    });
  } else if (g0 > 0 && g1 * EXPLODING_RATIO < g0 && !out.some((w) => w.id === 'exploding-gradients')) {
    out.push({
      id: 'exploding-gradients',
      severity: 'error',
      layer: first.index,
      text:
        `Exploding gradients: they grow on the way back to the input, ${layerName(first)} gets a gradient ${times(g0 / g1)} larger than ${layerName(last)} ` +
        `(${fmtNumber(g0)} vs ${fmtNumber(g1)}). Lower the learning rate, use Xavier or He initialization scaled to the layer sizes, or add batch norm.`,
    });
  }
  return out;
}

function stuckLoss(history: InsightHistory): InsightWarning | null {
  const epochs = history.epochs ?? [];
  if (epochs.length < STUCK_MIN_EPOCHS) return null;
  const first = epochs[0].train.loss;
  const latest = epochs[epochs.length - 1].train.loss;
  if (!Number.isFinite(first) || !Number.isFinite(latest) || first <= 0) return null;
  // A drop of exactly 1% counts as movement.
  if ((first - latest) / first >= STUCK_RELATIVE_DROP) return null;
  return {
    id: 'loss-stuck',
    severity: 'warning',
    layer: null,
    text:
      `The training loss has not moved in ${epochs.length} epochs (${fmtNumber(first)} → ${fmtNumber(latest)}): the network is not learning. ` +
      `Check the gradient chart for vanishing gradients and the unit health chart for dead or saturated units; ` +
      `all-zero initialization, a learning rate far too small, or unnormalized inputs cause this too.`,
  };
}

/** The warnings for a run's latest diagnostics and its epochs so far. */
export function runWarnings(series: { diagnostics: { layers: LayerDiagnostics[] } | null; epochs: readonly EpochEvent[] }): InsightWarning[] {
  return insightWarnings(series.diagnostics?.layers ?? [], { epochs: series.epochs });
}
