// The decision boundary of a 2D classifier as RGBA pixels: each grid cell takes the colour of
// its most likely class, more opaque the surer the network is. Computing pixels here (not as
// thousands of chart rectangles) keeps a redraw at one putImageData of resolution² pixels.

export interface BoundaryGrid {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  /** Cells per side. */
  resolution: number;
  /** Probabilities per cell; 1 means a single sigmoid output (probability of class 1). */
  classes: number;
  /** resolution * resolution * classes, row-major, row 0 at yMin, column 0 at xMin. */
  probabilities: Float32Array;
}

export type PlaneBounds = Pick<BoundaryGrid, 'xMin' | 'xMax' | 'yMin' | 'yMax'>;

/** The plane the points cover, with a margin so the boundary shows around them. */
export function gridBounds(points: readonly BoundaryPoint[]): PlaneBounds | null {
  if (points.length === 0) return null;
  let [xMin, xMax, yMin, yMax] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const p of points) {
    xMin = Math.min(xMin, p.x);
    xMax = Math.max(xMax, p.x);
    yMin = Math.min(yMin, p.y);
    yMax = Math.max(yMax, p.y);
  }
  const mx = (xMax - xMin || 1) * 0.1;
  const my = (yMax - yMin || 1) * 0.1;
  return { xMin: xMin - mx, xMax: xMax + mx, yMin: yMin - my, yMax: yMax + my };
}

/** A data point drawn over the regions; label is the true class index. */
export interface BoundaryPoint {
  x: number;
  y: number;
  label: number;
}

/** Opacity for a coin-toss cell and for a certain one: the boundary stays a soft band and points on top stay readable. */
export const MIN_ALPHA = 0.06;
export const MAX_ALPHA = 0.6;

/** The predicted class and how sure the network is, rescaled to 0 (chance) .. 1 (certain). */
export function cellClass(p: ArrayLike<number>, offset: number, classes: number): { cls: number; certainty: number } {
  if (classes === 1) {
    const q = p[offset];
    return { cls: q >= 0.5 ? 1 : 0, certainty: Math.abs(q - 0.5) * 2 };
  }
  let cls = 0;
  let best = p[offset];
  for (let k = 1; k < classes; k++) {
    if (p[offset + k] > best) {
      best = p[offset + k];
      cls = k;
    }
  }
  const chance = 1 / classes;
  return { cls, certainty: Math.max(0, Math.min(1, (best - chance) / (1 - chance))) };
}

/**
 * RGBA for an ImageData of resolution x resolution, top row first (so the top is yMax: image
 * rows run downwards while the grid's run up from yMin).
 */
export function boundaryPixels(grid: BoundaryGrid, colors: readonly [number, number, number][]): Uint8ClampedArray<ArrayBuffer> {
  const { resolution: r, classes, probabilities: p } = grid;
  if (p.length < r * r * classes) throw new Error(`decision grid has ${p.length} values, expected ${r * r * classes}`);
  const out = new Uint8ClampedArray(r * r * 4);
  for (let row = 0; row < r; row++) {
    const imageRow = r - 1 - row;
    for (let col = 0; col < r; col++) {
      const { cls, certainty } = cellClass(p, (row * r + col) * classes, classes);
      const c = colors[cls % colors.length];
      const o = (imageRow * r + col) * 4;
      out[o] = c[0];
      out[o + 1] = c[1];
      out[o + 2] = c[2];
      out[o + 3] = Math.round(255 * (MIN_ALPHA + certainty * (MAX_ALPHA - MIN_ALPHA)));
    }
  }
  return out;
}
