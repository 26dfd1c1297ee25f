// Checks the built-in dataset registry: names, defaults, parameter validation and its error wording.

import { describe, expect, it } from 'vitest';
import {
  BUILTIN_DATASETS,
  builtinDatasetNames,
  loadBuiltinDataset,
} from '../../../../shared/engine/datasets/builtin';

/** The thrown message, so tests can compare it whole rather than as a substring. */
function messageOf(load: () => unknown): string {
  try {
    load();
  } catch (e) {
    return (e as Error).message;
  }
  return '(no error)';
}

const NAMES = ['iris', 'xor', 'circles', 'spirals', 'blobs', 'moons', 'regression-1d'];

describe('builtin datasets', () => {
  it('lists every dataset name', () => {
    expect(builtinDatasetNames()).toEqual(NAMES);
  });

  it.each(NAMES)('%s loads with its defaults and says what they are', (name) => {
    const entry = BUILTIN_DATASETS[name as keyof typeof BUILTIN_DATASETS];
    const defaults = entry.params.parse({}) as Record<string, unknown>;
    const d = loadBuiltinDataset(name);
    expect(d.name).toBe(name);
    expect(d.train.n).toBe(name === 'iris' ? 150 : defaults.n);
    for (const [key, value] of Object.entries(defaults)) expect(entry.description).toContain(`${key}=${String(value)}`);
    expect(loadBuiltinDataset(name, {}).train.x).toEqual(d.train.x);
  });

  it('passes parameters through to the generator', () => {
    const d = loadBuiltinDataset('blobs', { n: 50, classes: 5, std: 0.1, seed: 3 });
    expect(d.train.n).toBe(50);
    expect(d.targetSize).toBe(5);
    expect(loadBuiltinDataset('blobs', { n: 50, classes: 5, std: 0.1, seed: 3 }).train.x).toEqual(d.train.x);
    expect(loadBuiltinDataset('blobs', { n: 50, classes: 5, std: 0.1, seed: 4 }).train.x).not.toEqual(d.train.x);
  });

  it('rejects an unknown name, listing the known ones', () => {
    expect(messageOf(() => loadBuiltinDataset('foo'))).toBe(
      "Unknown dataset 'foo' (known: iris, xor, circles, spirals, blobs, moons, regression-1d)",
    );
    expect(() => loadBuiltinDataset('toString')).toThrow("Unknown dataset 'toString'");
  });

  it.each([
    ['spirals', { noise: -0.1 }, "Invalid parameters for dataset 'spirals': noise: must be >= 0 (got -0.1)"],
    ['xor', { n: 5 }, "Invalid parameters for dataset 'xor': n: must be >= 10 (got 5)"],
    ['xor', { n: 2_000_000 }, "Invalid parameters for dataset 'xor': n: must be <= 1000000 (got 2000000)"],
    ['circles', { n: 100.5 }, "Invalid parameters for dataset 'circles': n: must be an integer (got 100.5)"],
    ['moons', { seed: 1.5 }, "Invalid parameters for dataset 'moons': seed: must be an integer (got 1.5)"],
    ['moons', { noise: 'high' }, "Invalid parameters for dataset 'moons': noise: must be a finite number (got 'high')"],
    ['moons', { noise: Infinity }, "Invalid parameters for dataset 'moons': noise: must be a finite number (got Infinity)"],
    ['blobs', { classes: 1 }, "Invalid parameters for dataset 'blobs': classes: must be >= 2 (got 1)"],
    ['blobs', { classes: 21 }, "Invalid parameters for dataset 'blobs': classes: must be <= 20 (got 21)"],
    ['blobs', { std: 0 }, "Invalid parameters for dataset 'blobs': std: must be > 0 (got 0)"],
    ['xor', { classes: 3 }, "Invalid parameters for dataset 'xor': unknown field 'classes' (allowed: n, noise, seed)"],
    ['iris', { n: 10 }, "Invalid parameters for dataset 'iris': unknown field 'n' (none are allowed)"],
    ['regression-1d', 'lots', "Invalid parameters for dataset 'regression-1d': expected object, received string (got 'lots')"],
  ])('%s rejects %j', (name, params, message) => {
    expect(messageOf(() => loadBuiltinDataset(name, params))).toBe(message);
  });

  it('reports every bad parameter on one line', () => {
    const message = messageOf(() => loadBuiltinDataset('spirals', { n: 1, noise: -1 }));
    expect(message).toContain('n: must be >= 10');
    expect(message).toContain('noise: must be >= 0');
    expect(message).not.toContain('\n');
  });
});
