// Exponential moving average of the per-batch loss, the curve users read trends from.

/**
 * Weight of the history in each step: smoothed = SMOOTHING * previous + (1 - SMOOTHING) * new.
 * The trainer already averages the loss over every batch since its previous 'batch' event (about
 * one event per 100 ms), so 0.9 means the curve mostly reflects the last ~10 events (~1 s of
 * training): enough to hide batch-to-batch noise, short enough that a divergence shows at once.
 */
export const SMOOTHING = 0.9;

export interface EmaState {
  /** Biased running average (starts at 0). */
  m: number;
  /** Number of values folded in. */
  n: number;
}

export const emptyEma = (): EmaState => ({ m: 0, n: 0 });

/**
 * Folds `value` into the average and returns the bias-corrected estimate m / (1 - alpha^n), so
 * the first points are not dragged towards the zero the average starts from (as in Adam and
 * TensorBoard). Non-finite values are skipped: one NaN would otherwise poison the whole curve.
 */
export function emaStep(state: EmaState, value: number, alpha = SMOOTHING): number | null {
  if (Number.isFinite(value)) {
    state.m = alpha * state.m + (1 - alpha) * value;
    state.n++;
  }
  return emaValue(state, alpha);
}

export function emaValue(state: EmaState, alpha = SMOOTHING): number | null {
  if (state.n === 0) return null;
  const correction = 1 - alpha ** state.n;
  return correction > 0 ? state.m / correction : state.m;
}
