// A time series that never grows past a fixed number of points, so a long run costs the charts
// the same per redraw as a short one. When it fills up, neighbouring points are merged in pairs
// and from then on every stored point stands for twice as many raw samples ("stride"), which
// keeps the resolution even along the whole run instead of crushing only the oldest part.

/** How a column merges several samples into one point. */
export type Aggregate = 'mean' | 'last';

export interface BoundedSeriesJSON {
  cap: number;
  aggregates: Aggregate[];
  stride: number;
  x: number[];
  columns: (number | null)[][];
  pending: { n: number; x: number; sums: number[]; counts: number[]; last: (number | null)[] } | null;
}

export interface SeriesView {
  x: number[];
  columns: (number | null)[][];
}

interface Bucket {
  n: number;
  x: number;
  sums: number[];
  counts: number[];
  last: (number | null)[];
}

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

export class BoundedSeries {
  private x: number[] = [];
  private columns: (number | null)[][];
  private stride = 1;
  private pending: Bucket | null = null;

  /**
   * @param cap at most this many points are ever returned by view() (at least 4).
   * @param aggregates one per column: 'mean' averages the samples a point stands for (raw loss),
   *   'last' keeps the newest (already smoothed values, where averaging would add lag).
   */
  constructor(
    readonly cap: number,
    readonly aggregates: readonly Aggregate[],
  ) {
    if (!(cap >= 4)) throw new Error(`BoundedSeries cap must be at least 4, got ${cap}`);
    this.columns = aggregates.map(() => []);
  }

  get length(): number {
    return this.x.length + (this.pending ? 1 : 0);
  }

  /** Adds one sample; non-finite values are stored as gaps (null) and ignored by 'mean'. */
  push(x: number, values: readonly (number | null)[]): void {
    const b = this.pending ?? this.emptyBucket();
    b.n++;
    b.x = x;
    this.aggregates.forEach((_, i) => {
      const v = values[i];
      if (finite(v)) {
        b.sums[i] += v;
        b.counts[i]++;
        b.last[i] = v;
      } else {
        b.last[i] = null;
      }
    });
    this.pending = b;
    if (b.n >= this.stride) this.flush();
  }

  /** The stored points plus the partly filled newest one, so the latest sample always shows. */
  view(): SeriesView {
    if (!this.pending) return { x: this.x.slice(), columns: this.columns.map((c) => c.slice()) };
    const p = this.point(this.pending);
    return {
      x: [...this.x, this.pending.x],
      columns: this.columns.map((c, i) => [...c, p[i]]),
    };
  }

  /** The newest value of a column (null before any sample). */
  latest(column: number): number | null {
    if (this.pending) return this.point(this.pending)[column];
    const c = this.columns[column];
    return c.length ? c[c.length - 1] : null;
  }

  toJSON(): BoundedSeriesJSON {
    return {
      cap: this.cap,
      aggregates: [...this.aggregates],
      stride: this.stride,
      x: this.x.slice(),
      columns: this.columns.map((c) => c.slice()),
      pending: this.pending
        ? { ...this.pending, sums: [...this.pending.sums], counts: [...this.pending.counts], last: [...this.pending.last] }
        : null,
    };
  }

  static fromJSON(json: BoundedSeriesJSON): BoundedSeries {
    const s = new BoundedSeries(json.cap, json.aggregates);
    s.stride = json.stride;
    s.x = json.x.slice();
    s.columns = json.aggregates.map((_, i) => (json.columns[i] ?? []).map((v) => (finite(v) ? v : null)));
    s.pending = json.pending
      ? { ...json.pending, sums: [...json.pending.sums], counts: [...json.pending.counts], last: [...json.pending.last] }
      : null;
    return s;
  }

  private emptyBucket(): Bucket {
    const k = this.aggregates.length;
    return { n: 0, x: 0, sums: new Array(k).fill(0), counts: new Array(k).fill(0), last: new Array(k).fill(null) };
  }

  private point(b: Bucket): (number | null)[] {
    return this.aggregates.map((a, i) => (a === 'last' ? b.last[i] : b.counts[i] ? b.sums[i] / b.counts[i] : null));
  }

  private flush(): void {
    const p = this.point(this.pending!);
    this.x.push(this.pending!.x);
    this.columns.forEach((c, i) => c.push(p[i]));
    this.pending = null;
    // Keep room for the pending point so view() never exceeds the cap.
    if (this.x.length >= this.cap) this.compact();
  }

  /** Halves the stored points: the first stays as it is, the rest merge in pairs (newer x). */
  private compact(): void {
    const x = [this.x[0]];
    const cols = this.columns.map((c) => [c[0]]);
    for (let i = 1; i < this.x.length; i += 2) {
      const j = Math.min(i + 1, this.x.length - 1);
      x.push(this.x[j]);
      this.columns.forEach((c, k) => cols[k].push(merge(this.aggregates[k], c[i], c[j], i === j)));
    }
    this.x = x;
    this.columns = cols;
    this.stride *= 2;
  }
}

function merge(a: Aggregate, older: number | null, newer: number | null, single: boolean): number | null {
  if (single || a === 'last') return newer;
  if (older === null) return newer;
  if (newer === null) return older;
  return (older + newer) / 2;
}
