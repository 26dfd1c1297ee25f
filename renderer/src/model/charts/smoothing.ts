// Exponential moving average of the per-batch loss, the curve users read trends from.

/**
 * Weight of the history per training step: after k steps of value v,
 * smoothed = SMOOTHING^k * previous + (1 - SMOOTHING^k) * v. By steps, not by events: the trainer
 * sends a 'batch' event about every 100 ms with the mean over the steps since the last one, so a
 * factor per event smoothed over a second whatever the pace, and on a fast run (thousands of steps
 * a second) the curve lagged far behind the loss. 0.98 a step averages over about the last 50
 * steps: enough to hide batch-to-batch noise, short enough that a divergence shows at once.
 */
export const SMOOTHING = 0.98;

export interface EmaState {
  /** Biased running average (starts at 0). */
  m: number;
  /** Number of steps folded in. */
  n: number;
}

export const emptyEma = (): EmaState => ({ m: 0, n: 0 });

/**
 * Folds in `value`, the mean over `steps` training steps, and returns the bias-corrected estimate
 * m / (1 - alpha^n), so the first points are not dragged towards the zero the average starts from
 * (as in Adam and TensorBoard). Non-finite values are skipped: one NaN would otherwise poison the
 * whole curve.
 */
export function emaStep(state: EmaState, value: number, steps = 1, alpha = SMOOTHING): number | null {
  if (Number.isFinite(value) && steps > 0) {
    const keep = alpha ** steps;
    state.m = keep * state.m + (1 - keep) * value;
    state.n += steps;
  }
  return emaValue(state, alpha);
}

export function emaValue(state: EmaState, alpha = SMOOTHING): number | null {
  if (state.n === 0) return null;
  const correction = 1 - alpha ** state.n;
  return correction > 0 ? state.m / correction : state.m;
}
