// Fewer points for a long curve before it is drawn: a chart a few hundred pixels wide cannot show
// 2,000 epochs as more than a few hundred columns, and every point handed to ECharts is cloned,
// stored, laid out and stroked on each redraw. Each bucket keeps its lowest and highest point, in
// order, so spikes and dips survive; a gap (null) in a bucket stays a gap.

export type CurvePoint = [number, number | null];

/** Points drawn per curve at most: about one per pixel column of a wide chart, twice. */
export const MAX_DRAWN_POINTS = 400;

export function thinCurve(points: readonly CurvePoint[], max: number = MAX_DRAWN_POINTS): CurvePoint[] {
  if (points.length <= max) return points as CurvePoint[];
  const buckets = Math.max(1, Math.floor((max - 2) / 2));
  const out: CurvePoint[] = [points[0]];
  const inner = points.length - 2;
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor((b * inner) / buckets);
    const to = 1 + Math.floor(((b + 1) * inner) / buckets);
    let lo = -1;
    let hi = -1;
    let gap = -1;
    for (let i = from; i < to; i++) {
      const y = points[i][1];
      if (y === null) {
        if (gap < 0) gap = i;
        continue;
      }
      if (lo < 0 || y < points[lo][1]!) lo = i;
      if (hi < 0 || y > points[hi][1]!) hi = i;
    }
    const keep = [lo, hi, gap].filter((i, k, all) => i >= 0 && all.indexOf(i) === k).sort((a, c) => a - c);
    for (const i of keep) out.push(points[i]);
  }
  out.push(points[points.length - 1]);
  return out;
}
