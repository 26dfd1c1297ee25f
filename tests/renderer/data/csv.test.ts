import { describe, expect, it } from 'vitest';
import { LAST_COLUMN, isCsvSource, labelColumnKey, labelColumnOptions, missingCount, sourceColumns } from '../../../renderer/src/model/data/csv';
import { builtinSummary, csvSummary, imageSummary } from './fixtures';

const table = 'size,color,weight,species\n1,red,2,a\n2,blue,3,b\n3,red,,a\n4,green,5,b\n';

describe('isCsvSource', () => {
  it('recognizes tables from disk and from the browser, and not IDX folders or built-ins', () => {
    const csv = csvSummary(table);
    const images = imageSummary([[0, 0, 0, 0, 0, 0]], [0]);
    expect(isCsvSource({ source: 'file', path: '/data/iris.CSV' }, null)).toBe(true);
    expect(isCsvSource({ source: 'file', path: '/data/table' }, csv)).toBe(true);
    expect(isCsvSource({ source: 'file', path: '/data/fashion' }, images)).toBe(false);
    expect(isCsvSource({ source: 'files', files: [{ name: 'x.tsv' }] }, null)).toBe(true);
    expect(isCsvSource({ source: 'files', files: [{ name: 'train-images-idx3-ubyte' }, { name: 'train-labels-idx1-ubyte' }] }, images)).toBe(false);
    expect(isCsvSource({ source: 'builtin', name: 'iris' }, builtinSummary('iris'))).toBe(false);
    expect(isCsvSource(null, csv)).toBe(false);
  });
});

describe('label column choices', () => {
  it('folds one-hot features back into their source column', () => {
    const s = csvSummary(table, { missing: 'mean' });
    expect(s.before.map((f) => f.name)).toEqual(['size', 'color=blue', 'color=green', 'color=red', 'weight']);
    expect(sourceColumns(s)).toEqual(['size', 'color', 'weight']);
  });

  it('offers the current label, the last column and every feature column once', () => {
    const s = csvSummary(table, { labelColumn: 'species' });
    const options = labelColumnOptions(s, 'species');
    expect(options.map((o) => o.value)).toEqual(['species', -1, 'size', 'color', 'weight']);
    expect(options[0].label).toBe('species (current)');
    expect(labelColumnKey('species')).toBe(options[0].key);
    expect(labelColumnKey(undefined)).toBe(LAST_COLUMN.key);
    expect(new Set(options.map((o) => o.key)).size).toBe(options.length);
  });

  it('keeps a numeric label column choice visible', () => {
    const options = labelColumnOptions(csvSummary(table, { labelColumn: 0 }), 0);
    expect(options.map((o) => o.value)).toEqual([-1, 0, 'color', 'weight', 'species']);
    expect(options[1].label).toBe('Column 1');
  });
});

describe('missingCount', () => {
  it('counts missing values left for the mean fill, none after dropping rows', () => {
    expect(missingCount(csvSummary(table, { missing: 'mean' }, { validationSplit: 0 }))).toBe(1);
    expect(missingCount(csvSummary(table, { missing: 'drop' }, { validationSplit: 0 }))).toBe(0);
    expect(missingCount(null)).toBe(0);
  });
});
