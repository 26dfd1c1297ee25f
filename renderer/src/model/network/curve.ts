// The points of an activation's curve and derivative, scaled into a small SVG box. Pure, so the
// component only draws.

import { activationConstants, getActivation, type ActivationConstants } from '../../../../shared/engine/activations';

export interface CurvePlot {
  f: string;
  df: string;
  /** SVG y of the x axis (y = 0) and x of the y axis (x = 0). */
  zeroY: number;
  zeroX: number;
  yMin: number;
  yMax: number;
}

export const X_RANGE = [-5, 5] as const;

/** Null for softmax, which has no scalar form (its value depends on the whole row). */
export function plotActivation(
  name: string,
  overrides: Partial<ActivationConstants>,
  width: number,
  height: number,
  samples = 201,
): CurvePlot | null {
  const def = getActivation(name);
  if (!def.elementwise) return null;
  const c = activationConstants(name, overrides);
  const xs = Array.from({ length: samples }, (_, i) => X_RANGE[0] + ((X_RANGE[1] - X_RANGE[0]) * i) / (samples - 1));
  const fs = xs.map((x) => def.f(x, c));
  const dfs = xs.map((x) => def.df(x, c));
  const all = [...fs, ...dfs, 0].filter(Number.isFinite);
  let yMin = Math.min(...all);
  let yMax = Math.max(...all);
  if (yMax - yMin < 1e-9) [yMin, yMax] = [yMin - 1, yMax + 1];
  const pad = (yMax - yMin) * 0.05;
  yMin -= pad;
  yMax += pad;
  const sx = (x: number) => ((x - X_RANGE[0]) / (X_RANGE[1] - X_RANGE[0])) * width;
  const sy = (y: number) => height - ((y - yMin) / (yMax - yMin)) * height;
  const points = (ys: number[]) => xs.map((x, i) => `${sx(x).toFixed(1)},${sy(ys[i]).toFixed(1)}`).join(' ');
  return { f: points(fs), df: points(dfs), zeroY: sy(0), zeroX: sx(0), yMin, yMax };
}
