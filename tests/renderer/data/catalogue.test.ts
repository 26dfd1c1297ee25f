import { describe, expect, it } from 'vitest';
import { builtinDatasetNames, loadBuiltinDataset } from '../../../shared/engine/datasets/builtin';
import { builtinCatalogue, catalogueEntry, checkBuiltinParams, defaultParams } from '../../../renderer/src/model/data/catalogue';

describe('builtin catalogue', () => {
  it("lists exactly the engine's built-in datasets, in its order", () => {
    expect(builtinCatalogue().map((e) => e.name)).toEqual(builtinDatasetNames());
    expect(builtinCatalogue().map((e) => e.name).sort()).toEqual(['blobs', 'circles', 'iris', 'moons', 'regression-1d', 'spirals', 'xor']);
  });

  it('gives every dataset a title and a description', () => {
    for (const e of builtinCatalogue()) {
      expect(e.title.length).toBeGreaterThan(0);
      expect(e.description.length).toBeGreaterThan(20);
    }
  });

  it('reads parameters, ranges and defaults from the engine schema', () => {
    expect(catalogueEntry('iris')!.params).toEqual([]);
    expect(defaultParams('xor')).toEqual({ n: 500, noise: 0.05, seed: 1 });
    expect(defaultParams('spirals')).toEqual({ n: 1000, noise: 0.02, seed: 1 });
    const blobs = Object.fromEntries(catalogueEntry('blobs')!.params.map((p) => [p.key, p]));
    expect(blobs.n).toMatchObject({ label: 'Samples', integer: true, min: 10, max: 1_000_000, step: 1, default: 500 });
    expect(blobs.classes).toMatchObject({ integer: true, min: 2, max: 20, default: 3 });
    expect(blobs.std).toMatchObject({ integer: false, min: 0, exclusiveMin: true, default: 0.3 });
    expect(blobs.noise).toMatchObject({ integer: false, min: 0, exclusiveMin: false, max: undefined });
    // The seed is any integer: no bound worth showing.
    expect(blobs.seed).toMatchObject({ integer: true, min: undefined, max: undefined });
  });

  it('has defaults the engine accepts and builds', () => {
    for (const e of builtinCatalogue()) {
      expect(checkBuiltinParams(e.name, defaultParams(e.name))).toBeNull();
      expect(loadBuiltinDataset(e.name, defaultParams(e.name)).train.n).toBeGreaterThan(0);
    }
  });

  it("words bad parameters as the engine does, naming the parameter and the bound", () => {
    expect(checkBuiltinParams('xor', { n: 9, noise: 0.1, seed: 1 })).toBe("Invalid parameters for dataset 'xor': n: must be >= 10 (got 9)");
    expect(checkBuiltinParams('blobs', { classes: 21 })).toContain('must be <= 20');
    expect(checkBuiltinParams('blobs', { std: 0 })).toContain('must be > 0');
    expect(checkBuiltinParams('xor', { n: Number.NaN })).toContain('n: must be a finite number');
    expect(checkBuiltinParams('iris', { n: 10 })).toContain("unknown field 'n'");
    expect(checkBuiltinParams('nope', {})).toContain('nope');
    expect(checkBuiltinParams('xor', { n: 10 })).toBeNull();
  });
});
