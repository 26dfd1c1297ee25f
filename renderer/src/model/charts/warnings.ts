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

/**
 * A run whose training accuracy has reached this is not held back by its saturated units: the
 * lecture's tanh networks saturate and still fit the spirals, so saturation is not flagged then.
 */
export const SUCCESS_ACCURACY = 0.95;

/** Only plain ReLU truly dies: LeakyReLU, ELU, PReLU and SELU keep a gradient for x <= 0. */
const DYING_LABELS = new Set(['ReLU']);
const SATURATING_LABELS = new Set(['Sigmoid', 'Tanh']);

export type WarningSeverity = 'warning' | 'error';

export interface InsightWarning {
  /** One per cause (e.g. 'dead-relu'), stable across updates, so a list can key on it. */
  id: string;
  severity: WarningSeverity;
  /** Engine layer index of the first layer at fault, or null for whole-network warnings. */
  layer: number | null;
  /** The finding in one line, with its numbers. */
  title: string;
  /** What it means and what to try, for the settings in use. */
  text: string;
}

/** What a dense layer was set up with, so advice never recommends what is already in use. */
export interface LayerSetup {
  /** Initializer type names of the project (e.g. 'he-normal', 'xavier-uniform', 'zeros'). */
  weightInit?: string;
  biasInit?: { type: string; value?: number };
}

export interface InsightHistory {
  /** The run's epoch events so far, oldest first. */
  epochs?: readonly Pick<EpochEvent, 'epoch' | 'train'>[];
  /** The setup of each engine layer by index (dense layers matter), where known. */
  layers?: readonly (LayerSetup | undefined)[];
}

/** The setups of a project's layers (its network.layers, in engine order): dense ones carry their initializers. */
export function layerSetups(
  layers: readonly { type: string; weightInit?: { type: string }; biasInit?: { type: string; value?: number } }[],
): (LayerSetup | undefined)[] {
  return layers.map((l) => (l.type === 'dense' ? { weightInit: l.weightInit?.type, biasInit: l.biasInit } : undefined));
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

/** "a, b and c". */
function list(items: string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** "Layers 2 and 4 (ReLU)" for several layers of one activation, else each layer named. */
function layersName(ds: readonly LayerDiagnostics[]): string {
  if (ds.length === 1) return layerName(ds[0]);
  const label = ds[0].label;
  if (ds.every((d) => d.label === label)) return `Layers ${list(ds.map((d) => String(d.index + 1)))} (${label})`;
  return list(ds.map(layerName));
}

/** The advice that applies, joined as "a, b or c". */
function tryThese(options: (string | false)[]): string {
  const kept = options.filter((o): o is string => Boolean(o));
  if (kept.length === 0) return '';
  const text = kept.length < 2 ? kept[0] : `${kept.slice(0, -1).join(', ')} or ${kept.at(-1)}`;
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** Where each cause ranks in the list: what breaks training first, first. */
const RANK = ['exploding-gradients', 'dead-relu', 'vanishing-gradients', 'loss-stuck', 'saturated', 'update-ratio-high', 'update-ratio-low'];

class Setups {
  constructor(private readonly layers: readonly (LayerSetup | undefined)[]) {}

  /** The dense layer feeding activation layer `index` (the one just before it). */
  private feeding(index: number): LayerSetup | undefined {
    return this.layers[index - 1] ?? this.layers[index];
  }

  /** Whether every listed layer's weights start from this initializer family ('he', 'xavier', ...). */
  all(indices: number[], family: string, feeding = true): boolean {
    return indices.length > 0 && indices.every((i) => (feeding ? this.feeding(i) : this.layers[i])?.weightInit?.startsWith(family) === true);
  }

  /** The most negative constant bias among the layers feeding these, if any is below 0. */
  negativeBias(indices: number[]): number | null {
    let low: number | null = null;
    for (const i of indices) {
      const b = this.feeding(i)?.biasInit;
      if (b?.type === 'constant' && typeof b.value === 'number' && b.value < 0) low = Math.min(low ?? 0, b.value);
    }
    return low;
  }
}

export function insightWarnings(diagnostics: readonly LayerDiagnostics[], history: InsightHistory = {}): InsightWarning[] {
  const out: InsightWarning[] = [];
  const setups = new Setups(history.layers ?? []);
  const lastIndex = diagnostics.length ? Math.max(...diagnostics.map((d) => d.index)) : -1;
  const latest = history.epochs?.at(-1)?.train;
  const succeeding = latest?.accuracy !== undefined && latest.accuracy >= SUCCESS_ACCURACY;

  const dead = diagnostics.filter((d) => d.deadFraction !== null && DYING_LABELS.has(d.label) && d.deadFraction > DEAD_RELU_FRACTION);
  if (dead.length) {
    const at = dead.map((d) => d.index);
    const bias = setups.negativeBias(at);
    out.push({
      id: 'dead-relu',
      severity: 'warning',
      layer: dead[0].index,
      title: `${layersName(dead)}: ${list(dead.map((d) => pct(d.deadFraction!)))} of units are dead`,
      text:
        'Dead units output 0 for every input and pass no gradient, so they cannot recover and the layers before them learn less or not at all. ' +
        tryThese([
          bias !== null && `start the biases at 0 instead of ${fmtNumber(bias)}`,
          'lower the learning rate',
          !setups.all(at, 'he') && 'use He initialization',
          'use Leaky ReLU',
          bias === null && 'check for large negative biases',
        ]),
    });
  }

  // The output layer's sigmoid saturating just means confident predictions; only hidden ones hurt.
  const saturated = diagnostics.filter(
    (d) => d.saturatedFraction !== null && SATURATING_LABELS.has(d.label) && d.index !== lastIndex && d.saturatedFraction > SATURATED_FRACTION,
  );
  if (saturated.length && !succeeding) {
    const at = saturated.map((d) => d.index);
    const slopes = [...new Set(saturated.map((d) => (d.label === 'Sigmoid' ? 'sigmoid(x)(1 − sigmoid(x))' : '1 − tanh(x)²')))];
    out.push({
      id: 'saturated',
      severity: 'warning',
      layer: saturated[0].index,
      title: `${layersName(saturated)}: ${list(saturated.map((d) => pct(d.saturatedFraction!)))} of outputs are saturated`,
      text:
        `Saturated outputs sit near the ends of the curve, where the slope ${list(slopes)} is almost 0, so little gradient passes back. ` +
        tryThese([
          'normalize the inputs (e.g. to [-1, 1])',
          !setups.all(at, 'xavier') && 'use Xavier initialization',
          'use a smaller learning rate',
          'add batch norm',
          'switch to ReLU',
        ]),
    });
  }

  // Layers upstream of dead units get little or no gradient through them, and the layer right
  // after them gets zeros as input (so no weight gradient): their stalled updates are the
  // dead-unit warning's finding, not a second cause.
  const lastDead = dead.length ? dead[dead.length - 1].index : -1;
  for (const high of [true, false]) {
    const ds = diagnostics.filter(
      (d) =>
        d.type === 'dense' &&
        d.updateRatio !== null &&
        Number.isFinite(d.updateRatio) &&
        (high ? d.updateRatio > UPDATE_RATIO_HIGH : d.updateRatio < UPDATE_RATIO_LOW && d.index > lastDead + 1),
    );
    if (!ds.length) continue;
    const ratios = list(ds.map((d) => fmtNumber(d.updateRatio!)));
    out.push({
      id: high ? 'update-ratio-high' : 'update-ratio-low',
      severity: 'warning',
      layer: ds[0].index,
      title: high
        ? `${layersName(ds)}: each step changes the weights by ${ratios} of their size`
        : `${layersName(ds)}: each step changes the weights by only ${ratios} of their size`,
      text: high
        ? 'Healthy is about 1e-3. Updates this big make training jump around or diverge: lower the learning rate.'
        : 'Healthy is about 1e-3, so these layers have practically stopped learning. Raise the learning rate, or look for vanishing gradients or dead units before them.',
    });
  }

  out.push(...gradientWarnings(diagnostics, setups, dead.length > 0));
  const stuck = stuckLoss(history);
  if (stuck) out.push(stuck);
  return out.sort((a, b) => (a.severity === b.severity ? RANK.indexOf(a.id) - RANK.indexOf(b.id) : a.severity === 'error' ? -1 : 1));
}

function gradientWarnings(diagnostics: readonly LayerDiagnostics[], setups: Setups, deadUnits: boolean): InsightWarning[] {
  const dense = diagnostics.filter((d) => d.type === 'dense' && d.gradNorm !== null && Number.isFinite(d.gradNorm));
  const out: InsightWarning[] = [];
  const denseAt = dense.map((d) => d.index);
  const scaledInit = setups.all(denseAt, 'xavier', false) || setups.all(denseAt, 'he', false);
  const biggest = dense.reduce<LayerDiagnostics | null>((m, d) => (m && m.gradNorm! >= d.gradNorm! ? m : d), null);
  if (biggest && biggest.gradNorm! > EXPLODING_NORM) {
    out.push({
      id: 'exploding-gradients',
      severity: 'error',
      layer: biggest.index,
      title: `Exploding gradients: ${layerName(biggest)} has a gradient norm of ${fmtNumber(biggest.gradNorm!)}`,
      text: `Steps this large overshoot and can turn the weights into NaN. ${tryThese(['lower the learning rate', 'normalize the inputs', 'add batch norm'])}`,
    });
  }
  if (dense.length < 2) return out;
  const first = dense[0];
  const last = dense[dense.length - 1];
  const g0 = first.gradNorm!;
  const g1 = last.gradNorm!;
  const outputIndex = Math.max(...diagnostics.map((d) => d.index));
  const hidden = diagnostics.filter((d) => d.type !== 'dense' && d.index !== outputIndex);
  const saturating = hidden.some((d) => SATURATING_LABELS.has(d.label));
  // Dead units pass no gradient at all: a first layer starved by them is the dead-unit warning's
  // finding, not a gradient that shrank layer by layer.
  if (g1 > 0 && g0 * VANISHING_RATIO < g1 && !deadUnits) {
    const ratio = g0 > 0 ? times(g1 / g0) : 'infinitely';
    const allRelu = hidden.length > 0 && hidden.every((d) => d.label === 'ReLU' || d.label === 'LeakyReLU');
    out.push({
      id: 'vanishing-gradients',
      severity: 'warning',
      layer: first.index,
      title: `Vanishing gradients: ${layerName(first)} gets a gradient ${ratio} smaller than ${layerName(last)} (${fmtNumber(g0)} vs ${fmtNumber(g1)})`,
      text:
        'Gradients shrink on the way back to the input, so the first layers barely learn. ' +
        (saturating
          ? `Sigmoid's slope is at most 0.25, so every sigmoid layer can cut the gradient by 4x or more, and tanh's shrinks it too once units saturate. `
          : '') +
        tryThese([
          !allRelu && (setups.all(denseAt, 'he', false) ? 'use ReLU' : 'use ReLU with He initialization'),
          allRelu && !setups.all(denseAt, 'he', false) && 'use He initialization',
          'use fewer layers',
          'add batch norm',
        ]),
    });
  } else if (g0 > 0 && g1 * EXPLODING_RATIO < g0 && !out.some((w) => w.id === 'exploding-gradients')) {
    out.push({
      id: 'exploding-gradients',
      severity: 'error',
      layer: first.index,
      title: `Exploding gradients: ${layerName(first)} gets a gradient ${times(g0 / g1)} larger than ${layerName(last)} (${fmtNumber(g0)} vs ${fmtNumber(g1)})`,
      text:
        'Gradients grow on the way back to the input. ' +
        tryThese(['lower the learning rate', !scaledInit && 'use Xavier or He initialization scaled to the layer sizes', 'add batch norm']),
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
  const zeros = (history.layers ?? []).some((l) => l?.weightInit === 'zeros');
  return {
    id: 'loss-stuck',
    severity: 'warning',
    layer: null,
    title: `The training loss has not moved in ${epochs.length} epochs (${fmtNumber(first)} → ${fmtNumber(latest)})`,
    text:
      'The network is not learning. ' +
      (zeros
        ? 'Weights that all start at zero stay equal to each other (every unit of a layer gets the same gradient), so the layer acts as one unit: pick a random initializer. '
        : 'Check the gradient chart for vanishing gradients and the unit health chart for dead or saturated units; ') +
      (zeros ? '' : 'all-zero initialization, a learning rate far too small, or unnormalized inputs cause this too.'),
  };
}

/** The warnings for a run's latest diagnostics and its epochs so far. */
export function runWarnings(
  series: { diagnostics: { layers: LayerDiagnostics[] } | null; epochs: readonly EpochEvent[] },
  layers?: readonly (LayerSetup | undefined)[],
): InsightWarning[] {
  return insightWarnings(series.diagnostics?.layers ?? [], { epochs: series.epochs, layers });
}
