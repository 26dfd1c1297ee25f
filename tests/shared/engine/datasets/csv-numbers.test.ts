// Decimal commas in CSV tables: a semicolon, tab or pipe table whose numbers are written '1,5'
// reads them as numbers, not as one one-hot feature per value; a number whose reading is in
// doubt (thousands separators, points and commas mixed, every comma three digits from the end,
// a comma in a comma-separated file) is refused, naming the column, the row and the value.

import { describe, expect, it } from 'vitest';
import { cellKind } from '../../../../shared/engine/datasets/csv-numbers';
import { csvOptionsSchema, parseCsv, type CsvOptions } from '../../../../shared/engine/datasets/csv';
import { DatasetError, DEFAULT_LIMITS } from '../../../../shared/engine/datasets/errors';

const SOURCE = 'data/table.csv';
const parse = (text: string, o: Partial<CsvOptions> = {}) => parseCsv(text, SOURCE, csvOptionsSchema.parse(o), DEFAULT_LIMITS);
function problem(text: string, o: Partial<CsvOptions> = {}): string {
  try {
    parse(text, o);
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetError);
    expect((e as DatasetError).source).toBe(SOURCE);
    return (e as DatasetError).problem;
  }
  return expect.unreachable('expected a DatasetError');
}
const rows = (x: ArrayLike<number>, f: number) => Array.from({ length: x.length / f }, (_, i) => Array.from(x).slice(i * f, i * f + f));

describe('cellKind', () => {
  it('tells plain numbers, decimal commas, thousands separators and text apart', () => {
    const kinds = {
      number: ['1', '-7', ' 42 ', '1e3', '+0'],
      point: ['1.5', '-0.25', '.5', '1.234'],
      comma: ['1,5', '-2,25', '1,234', '3,5e2'],
      grouped: ['1.234,5', '1,234,567', '1,234.5', '1.234.567', '1 234', "1'234.5", '12\u00a0345,6'],
      text: ['cat', '1,2,3', '1,,5', '12,34,5', ',5', '1.2.3', 'Infinity'],
    };
    for (const [kind, cells] of Object.entries(kinds)) for (const cell of cells) expect(cellKind(cell), cell).toBe(kind);
  });
});

describe('parseCsv: decimal commas', () => {
  it("reads '1,5;2,25;cat' as the numbers 1.5 and 2.25", () => {
    const { dataset, report } = parse('a;b;label\n1,5;2,25;cat\n3;-4,75;dog\n');
    expect(report.delimiter).toBe(';');
    expect(report.header).toBe(true);
    expect(report.categorical).toEqual([]);
    expect(dataset.featureNames).toEqual(['a', 'b']);
    expect(rows(dataset.train.x, 2)).toEqual([
      [1.5, 2.25],
      [3, -4.75],
    ]);
  });

  it('keeps 90 rows of distinct decimal-comma values as 2 features, not 180 one-hot ones', () => {
    const values = Array.from({ length: 90 }, (_, i) => [i * 0.25 + 0.5, -i * 1.125 - 0.75]);
    const text = ['x;y;label', ...values.map(([x, y], i) => `${String(x).replace('.', ',')};${String(y).replace('.', ',')};${i % 3}`)].join('\n');
    const { dataset } = parse(text);
    expect(dataset.numFeatures).toBe(2);
    expect(rows(dataset.train.x, 2)).toEqual(values.map(([x, y]) => [Math.fround(x), Math.fround(y)]));
    expect(dataset.classNames).toEqual(['0', '1', '2']);
  });

  it('reads them with tab and pipe delimiters, with no header, and in the label column as regression targets', () => {
    for (const d of ['\t', '|']) {
      const { dataset, report } = parse(['1,5', '2', 'x'].join(d) + '\n' + ['0,125', '3,5', 'y'].join(d) + '\n');
      expect(report.delimiter).toBe(d);
      expect(report.header).toBe(false);
      expect(rows(dataset.train.x, 2)).toEqual([
        [1.5, 2],
        [0.125, 3.5],
      ]);
    }
    const reg = parse('a;y\n1;1,5\n2;2,25\n3;3,125\n');
    expect(reg.dataset.task).toBe('regression');
    expect(Array.from(reg.dataset.train.targets!)).toEqual([1.5, 2.25, 3.125]);
  });

  it('leaves missing values missing in a decimal-comma column', () => {
    const text = 'a;b;label\n1,5;1;x\n;2;y\nNA;3;x\n4,5;4;y\n';
    const mean = parse(text, { missing: 'mean' });
    expect(mean.report.missing).toEqual({ a: 2 });
    expect(rows(mean.dataset.train.x, 2)).toEqual([
      [1.5, 1],
      [Number.NaN, 2],
      [Number.NaN, 3],
      [4.5, 4],
    ]);
    expect(rows(parse(text).dataset.train.x, 2)).toEqual([
      [1.5, 1],
      [4.5, 4],
    ]);
  });

  it("reads '1,234' as 1.234 when another comma in the column is not three digits from the end", () => {
    const { dataset } = parse('a;label\n1,234;x\n1,5;y\n12;x\n');
    expect(Array.from(dataset.train.x)).toEqual([Math.fround(1.234), 1.5, 12]);
  });

  it('refuses a column whose every comma could be a thousands separator', () => {
    expect(problem('a;b;label\n1,234;1;x\n12,500;2;y\n7;3;x\n')).toBe(
      "column 'a' row 2 holds '1,234': every comma in the column has three digits after it, so each could be a decimal comma or a thousands separator",
    );
  });

  it('refuses thousands separators, in any delimiter', () => {
    expect(problem('a;label\n1.234,5;x\n2;y\n')).toBe("column 'a' row 2 holds '1.234,5', a number with thousands separators (write numbers without them)");
    expect(problem('a,label\n"1,234,567",x\n2,y\n')).toBe("column 'a' row 2 holds '1,234,567', a number with thousands separators (write numbers without them)");
    expect(problem('a\tlabel\n5\tx\n1 234\ty\n')).toBe("column 'a' row 3 holds '1 234', a number with thousands separators (write numbers without them)");
    // In the label column too, not read as text classes.
    expect(problem('x;price\n1;1.234,5\n2;12\n')).toBe("column 'price' row 2 holds '1.234,5', a number with thousands separators (write numbers without them)");
  });

  it('refuses decimal points and decimal commas in one column', () => {
    expect(problem('a;label\n1.5;x\n2,5;y\n3;x\n')).toBe("column 'a' mixes decimal points (row 2 holds '1.5') and decimal commas (row 3 holds '2,5')");
  });

  it('refuses a comma inside a number of a comma-separated file', () => {
    expect(problem('a,label\n"1,5",x\n"2,5",y\n')).toBe(
      "column 'a' row 2 holds '1,5': a comma in a number of a comma-separated file could be a decimal comma or a thousands separator (write numbers with a decimal point)",
    );
  });

  it('refuses a stray word among decimal-comma numbers, and keeps a text column with a few of them as categories', () => {
    expect(problem('a;label\n1,5;x\n2,5;y\noops;x\n')).toBe("column 'a' is numeric but row 4 holds 'oops'");
    const { report } = parse('size;n;label\nsmall;1;x\nlarge;2;y\n1,5;3;x\n');
    expect(report.categorical).toEqual([{ column: 'size', categories: ['1,5', 'large', 'small'] }]);
  });
});
