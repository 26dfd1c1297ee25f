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
    ['spirals', { noise: -0.1 }, "Invalid parameter 'noise' for dataset 'spirals': must be >= 0"],
    ['xor', { n: 5 }, "Invalid parameter 'n' for dataset 'xor': must be >= 10"],
    ['xor', { n: 2_000_000 }, "Invalid parameter 'n' for dataset 'xor': must be <= 1000000"],
    ['circles', { n: 100.5 }, "Invalid parameter 'n' for dataset 'circles': must be an integer"],
    ['moons', { seed: 1.5 }, "Invalid parameter 'seed' for dataset 'moons': must be an integer"],
    ['moons', { noise: 'high' }, "Invalid parameter 'noise' for dataset 'moons': must be a finite number"],
    ['moons', { noise: Infinity }, "Invalid parameter 'noise' for dataset 'moons': must be a finite number"],
    ['blobs', { classes: 1 }, "Invalid parameter 'classes' for dataset 'blobs': must be >= 2"],
    ['blobs', { classes: 21 }, "Invalid parameter 'classes' for dataset 'blobs': must be <= 20"],
    ['blobs', { std: 0 }, "Invalid parameter 'std' for dataset 'blobs': must be > 0"],
    ['xor', { classes: 3 }, "Unknown parameter 'classes' for dataset 'xor' (known: n, noise, seed)"],
    ['iris', { n: 10 }, "Unknown parameter 'n' for dataset 'iris' (it takes no parameters)"],
    ['regression-1d', 'lots', "Invalid parameters for dataset 'regression-1d': expected an object"],
  ])('%s rejects %j', (name, params, message) => {
    expect(messageOf(() => loadBuiltinDataset(name, params))).toBe(message);
  });

  it('reports every bad parameter on one line', () => {
    const message = messageOf(() => loadBuiltinDataset('spirals', { n: 1, noise: -1 }));
    expect(message).toContain("'n'");
    expect(message).toContain("'noise'");
    expect(message).not.toContain('\n');
  });
});
