// CSV tables against the limits, judged before the decoded arrays exist: the columns counted on
// the first line before any row is split, lines x columns and then rows x features (one-hot
// columns included) as float32 bytes; and header names that are object keys elsewhere
// ('__proto__', 'constructor') read like any others, while duplicate names are refused.

import { describe, expect, it } from 'vitest';
import { csvOptionsSchema, MAX_CSV_COLUMNS, parseCsv, type CsvOptions } from '../../../../shared/engine/datasets/csv';
import { DatasetError, DEFAULT_LIMITS, type DataLimits } from '../../../../shared/engine/datasets/errors';

const SOURCE = 'wide.csv';
const parse = (text: string, o: Partial<CsvOptions> = {}, limits: DataLimits = DEFAULT_LIMITS) => parseCsv(text, SOURCE, csvOptionsSchema.parse(o), limits);
function problem(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetError);
    expect((e as DatasetError).message).toBe(`${SOURCE}: ${(e as DatasetError).problem}`);
    return (e as DatasetError).problem;
  }
  return expect.unreachable('expected a DatasetError');
}
const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;

describe('parseCsv: columns', () => {
  it('caps a table at 100,000 columns, the figure and the limit in the message', () => {
    expect(MAX_CSV_COLUMNS).toBe(100_000);
    const header = Array.from({ length: 100_001 }, (_, i) => `c${i}`).join(',');
    expect(problem(() => parse(`${header}\n${header}\n`))).toBe('has 100001 columns (delimiter \',\'), more than the limit of 100000');
    expect(problem(() => parse('x\t'.repeat(150_000) + 'y\n'))).toBe("has 150001 columns (delimiter '\\t'), more than the limit of 100000");
    // A given delimiter is the one counted.
    expect(problem(() => parse('a;'.repeat(100_000) + 'b\n', { delimiter: ';' }))).toBe("has 100001 columns (delimiter ';'), more than the limit of 100000");
  });

  it('refuses ten million columns in well under a second, splitting no row', () => {
    const text = 'c,'.repeat(10_000_000) + 'label\n' + '1,'.repeat(10_000_000) + 'x\n';
    const t0 = performance.now();
    expect(problem(() => parse(text))).toBe("has 10000001 columns (delimiter ','), more than the limit of 100000");
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('counts the first line that is not blank, and no delimiter inside quotes', () => {
    const quoted = `"${'a,'.repeat(150_000)}",b,label\n1,2,x\n3,4,y\n`;
    const { dataset } = parse(`\n \t\n${quoted}`);
    expect(dataset.featureNames).toEqual(['a,'.repeat(150_000), 'b']);
  });

  it('caps the features one-hot encoding makes', () => {
    // 392 text columns of 256 categories each: 100352 features from 393 columns.
    const lines = [[...Array.from({ length: 392 }, (_, j) => `t${j}`), 'label'].join(',')];
    for (let i = 0; i < 256; i++) lines.push([...Array.from({ length: 392 }, () => `v${i}`), i % 2].join(','));
    expect(problem(() => parse(lines.join('\n')))).toBe(`one-hot encoding makes ${392 * 256} features, more than the limit of 100000`);
  });
});

describe('parseCsv: bytes', () => {
  it('refuses lines x columns over the limit as float32 values before parsing', () => {
    // 20 columns of empty cells: 21 characters a line, 80 bytes a line as float32.
    const text = 'a'.padEnd(20, ',') + '\n' + ','.repeat(19).concat('\n').repeat(9999);
    const limits = { maxBytes: 512 * 1024 };
    expect(text.length * 2).toBeLessThanOrEqual(limits.maxBytes);
    expect(problem(() => parse(text, {}, limits))).toBe(`10000 lines of 20 columns as float32 values is ${mib(10000 * 20 * 4)}, more than the limit of 0.5 MiB`);
  });

  it('refuses rows x features, one-hot columns counted, before allocating them', () => {
    // 1400 rows of a 200-category column and a number: 201 features, 1.07 MiB as float32.
    const lines = ['kind,n,label', ...Array.from({ length: 1400 }, (_, i) => `k${i % 200},${i},${i % 2}`)];
    const limits = { maxBytes: 1024 ** 2 };
    expect(1401 * 3 * 4).toBeLessThan(limits.maxBytes);
    expect(problem(() => parse(lines.join('\n'), {}, limits))).toBe(`1400 rows of 201 features as float32 values is ${mib(1400 * 201 * 4)}, more than the limit of 1.0 MiB`);
    expect(parse(lines.slice(0, 1001).join('\n'), {}, limits).dataset.numFeatures).toBe(201);
  });
});

describe('parseCsv: header names', () => {
  it("reads '__proto__', 'constructor' and 'prototype' as plain names, counting their missing values", () => {
    const text = '__proto__,constructor,prototype,toString,label\n1,,3,4,a\n,5,6,7,b\n8,9,,,a\n10,11,12,13,b\n';
    const { dataset, report } = parse(text, { missing: 'mean' });
    expect(dataset.featureNames).toEqual(['__proto__', 'constructor', 'prototype', 'toString']);
    expect(Object.getPrototypeOf(report.missing)).toBe(Object.prototype);
    expect(Object.entries(report.missing).sort()).toEqual([
      ['__proto__', 1],
      ['constructor', 1],
      ['prototype', 1],
      ['toString', 1],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Array.from(dataset.train.x.subarray(0, 8))).toEqual([1, Number.NaN, 3, 4, Number.NaN, 5, 6, 7]);
    const byName = parse(text, { labelColumn: '__proto__', task: 'regression', missing: 'mean' }).dataset;
    expect(byName.featureNames).toEqual(['constructor', 'prototype', 'toString', 'label=a', 'label=b']);
    expect(Array.from(byName.train.targets!)).toEqual([1, 8, 10]);
  });

  it('refuses two columns of one name', () => {
    expect(problem(() => parse('x,y,x,label\n1,2,3,a\n4,5,6,b\n'))).toBe("column 1 and column 3 are both named 'x' (names must be unique)");
    // Blank names are named by position, and may meet a real one.
    expect(problem(() => parse('column 2,,label\n1,2,a\n3,4,b\n'))).toBe("column 1 and column 2 are both named 'column 2' (names must be unique)");
  });

  it('refuses a one-hot feature named like a column', () => {
    expect(problem(() => parse('color,color=red,label\nred,1,a\nblue,2,b\n'))).toBe(
      "the one-hot feature for 'red' in column 'color' and column 2 are both named 'color=red' (names must be unique)",
    );
  });
});
