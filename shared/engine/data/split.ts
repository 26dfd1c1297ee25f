// Seeded row splits (train / validation / test), optionally stratified so each class keeps its share.

import { Random, STREAM } from '../random';

export interface Split {
  train: Int32Array;
  holdout: Int32Array;
}

/** Puts round(fraction * n) of the rows (per class when stratified) in the holdout part. */
export function splitRows(rows: Int32Array, fraction: number, seed: number, labels?: Int32Array, stream: number = STREAM.split): Split {
  if (!(fraction >= 0 && fraction < 1)) throw new Error(`Split fraction must be in [0, 1), got ${fraction}`);
  const rng = new Random(seed, stream);
  const groups = new Map<number, number[]>();
  for (const r of rows) {
    const key = labels ? labels[r] : 0;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(r);
  }
  const train: number[] = [];
  const holdout: number[] = [];
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const g = groups.get(key)!;
    rng.shuffle(g);
    // The epsilon keeps exact halves (0.29 * 50 = 14.4999...) rounding up as written.
    const k = Math.round(fraction * g.length + 1e-9);
    holdout.push(...g.slice(0, k));
    train.push(...g.slice(k));
  }
  // Sorted so a row's position does not depend on its class; training shuffles every epoch anyway.
  return {
    train: Int32Array.from(train).sort(),
    holdout: Int32Array.from(holdout).sort(),
  };
}

export function allRows(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}
