// What a run trained on, in words: the dataset (with its parameters) and the network's input and
// output sizes. Curves are overlaid only between runs that share it: a 200-epoch spirals run
// beside a 5-epoch Fashion-MNIST run squashes one of them flat and compares nothing.

import type { DatasetRef } from '../../../shared/project/schema';

export interface DataShape {
  features: number;
  outputs: number;
}

function datasetName(ref: DatasetRef): string {
  switch (ref.source) {
    case 'builtin': {
      const params = Object.entries(ref.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
      return params.length ? `${ref.name} (${params.join(', ')})` : ref.name;
    }
    case 'file':
      return ref.path;
    case 'inline':
      // Inline data has no name of its own worth trusting; its size stands in for its identity.
      return `${ref.name} (${ref.train.features.length} rows)`;
  }
}

/** e.g. "spirals (n=400) · 2 → 3". */
export function runData(ref: DatasetRef, shape: DataShape): string {
  return `${datasetName(ref)} · ${shape.features} → ${shape.outputs}`;
}

/** Runs of unknown data (saved before runs said what they trained on) go with any. */
export function sameData(a: string | null, b: string | null): boolean {
  return a === null || b === null || a === b;
}
