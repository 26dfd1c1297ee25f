// CSV and TSV tables: header and delimiter detection, quoting, the label column, classes and
// regression targets, one-hot categorical features, missing values, each malformed input refused
// with a DatasetError naming the source, and a table with missing values training end to end.

import { describe, expect, it } from 'vitest';
import { csvOptionsSchema, parseCsv, type CsvOptions } from '../../../../shared/engine/datasets/csv';
import { DatasetError, DEFAULT_LIMITS } from '../../../../shared/engine/datasets/errors';
import type { TrainingEvent } from '../../../../shared/engine/events';
import { Trainer } from '../../../../shared/engine/trainer';
import { defaultProject } from '../../../../shared/project/defaults';
import { parseProject } from '../../../../shared/project/parse';
import { prepareRun } from '../../../../shared/project/prepare';

const SOURCE = 'data/table.csv';
const opts = (o: Partial<CsvOptions> = {}) => csvOptionsSchema.parse(o);
const parse = (text: string, o: Partial<CsvOptions> = {}) => parseCsv(text, SOURCE, opts(o), DEFAULT_LIMITS);

function datasetError(text: string, o: Partial<CsvOptions> = {}): DatasetError {
  let caught: unknown;
  try {
    parse(text, o);
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a DatasetError').toBeInstanceOf(DatasetError);
  const err = caught as DatasetError;
  expect(err.source).toBe(SOURCE);
  expect(err.message.startsWith(`${SOURCE}: `)).toBe(true);
  return err;
}

const rows = (x: ArrayLike<number>, f: number) => Array.from({ length: x.length / f }, (_, i) => Array.from(x).slice(i * f, i * f + f));

describe('csvOptionsSchema', () => {
  it('defaults to the last column, task auto, drop missing, header and delimiter auto', () => {
    expect(csvOptionsSchema.parse({})).toEqual({ labelColumn: -1, task: 'auto', missing: 'drop', header: 'auto' });
  });
});

describe('parseCsv: layout', () => {
  it('detects a header above numeric columns and takes the last column as the label', () => {
    const { dataset, report } = parse('x,y,label\n1,2,a\n3,4,b\n5,6,a\n');
    expect(report.header).toBe(true);
    expect(report.delimiter).toBe(',');
    expect(report.rows).toBe(3);
    expect(dataset.name).toBe(SOURCE);
    expect(dataset.featureNames).toEqual(['x', 'y']);
    expect(dataset.numFeatures).toBe(2);
    expect(dataset.train.n).toBe(3);
    expect(dataset.train.x).toBeInstanceOf(Float32Array);
    expect(rows(dataset.train.x, 2)).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(dataset.description).toContain("label column 'label'");
  });

  it('reads a table without a header, naming the columns by position', () => {
    const { dataset, report } = parse('1,2,0\n3,4,1\n5,6,0\n');
    expect(report.header).toBe(false);
    expect(dataset.train.n).toBe(3);
    expect(dataset.featureNames).toEqual(['column 1', 'column 2']);
    expect(rows(dataset.train.x, 2)[0]).toEqual([1, 2]);
  });

  it('follows header yes/no when forced', () => {
    const yes = parse('1,2,0\n3,4,1\n5,6,1\n', { header: 'yes' });
    expect(yes.report.header).toBe(true);
    expect(yes.dataset.featureNames).toEqual(['1', '2']);
    expect(yes.dataset.train.n).toBe(2);
    const no = parse('10,20,a\n1,2,b\n3,4,a\n', { header: 'no' });
    expect(no.report.header).toBe(false);
    expect(no.dataset.train.n).toBe(3);
    // Forcing 'no' on a table with a header makes the header row data: row 1 of a numeric column.
    expect(datasetError('x,label\n1,q\n2,r\n3,q\n', { header: 'no' }).message).toContain("column 'column 1' is numeric but row 1 holds 'x'");
  });

  it.each([
    ['comma', ','],
    ['tab', '\t'],
    ['semicolon', ';'],
    ['pipe', '|'],
  ])('detects the %s delimiter', (_, d) => {
    const text = ['a', 'b', 'label'].join(d) + '\n' + ['1.5', '2', 'x'].join(d) + '\n' + ['3', '-4', 'y'].join(d) + '\n';
    const { dataset, report } = parse(text);
    expect(report.delimiter).toBe(d);
    expect(report.header).toBe(true);
    expect(dataset.featureNames).toEqual(['a', 'b']);
    expect(rows(dataset.train.x, 2)).toEqual([
      [1.5, 2],
      [3, -4],
    ]);
  });

  it('uses a given delimiter', () => {
    const { report, dataset } = parse('a;b,c;label\n1;2;x\n3;4;y\n', { delimiter: ';' });
    expect(report.delimiter).toBe(';');
    expect(dataset.featureNames).toEqual(['a', 'b,c']);
  });

  it('keeps delimiters and doubled quotes inside quoted fields', () => {
    const text = 'name,size,label\n"Smith, J.",1,"a,b"\n"say ""hi""",2,plain\n"Smith, J.",3,plain\n';
    const { dataset, report } = parse(text);
    expect(report.delimiter).toBe(',');
    expect(report.categorical).toEqual([{ column: 'name', categories: ['Smith, J.', 'say "hi"'] }]);
    expect(dataset.featureNames).toEqual(['name=Smith, J.', 'name=say "hi"', 'size']);
    expect(dataset.classNames).toEqual(['a,b', 'plain']);
    expect(Array.from(dataset.train.labels!)).toEqual([0, 1, 1]);
  });

  it('ignores a byte-order mark and blank lines', () => {
    const { dataset, report } = parse('\uFEFFx,label\n1,a\n\n2,b\n\n');
    expect(report.header).toBe(true);
    expect(dataset.featureNames).toEqual(['x']);
    expect(dataset.train.n).toBe(2);
  });
});

describe('parseCsv: the label column', () => {
  const text = 'a,b,c,d\n1,10,100,x\n2,20,200,y\n3,30,300,x\n';

  it('is the last column by default', () => {
    const { dataset } = parse(text);
    expect(dataset.featureNames).toEqual(['a', 'b', 'c']);
    expect(dataset.classNames).toEqual(['x', 'y']);
  });

  it('can be chosen by name', () => {
    const { dataset } = parse(text, { labelColumn: 'b' });
    expect(dataset.featureNames).toEqual(['a', 'c', 'd=x', 'd=y']);
    expect(dataset.classNames).toEqual(['10', '20', '30']);
    expect(Array.from(dataset.train.labels!)).toEqual([0, 1, 2]);
    expect(rows(dataset.train.x, 4)[1]).toEqual([2, 200, 0, 1]);
  });

  it('can be chosen by index and by negative index', () => {
    expect(parse(text, { labelColumn: 0 }).dataset.featureNames).toEqual(['b', 'c', 'd=x', 'd=y']);
    expect(parse(text, { labelColumn: 2 }).dataset.featureNames).toEqual(['a', 'b', 'd=x', 'd=y']);
    expect(parse(text, { labelColumn: -2 }).dataset.featureNames).toEqual(['a', 'b', 'd=x', 'd=y']);
    expect(parse(text, { labelColumn: -4 }).dataset.featureNames).toEqual(['b', 'c', 'd=x', 'd=y']);
  });

  it('refuses an index outside the table', () => {
    expect(datasetError(text, { labelColumn: 4 }).message).toMatch(/label column 4 does not exist \(the table has 4 columns\)/);
    expect(datasetError(text, { labelColumn: -5 }).message).toMatch(/label column -5 does not exist/);
  });

  it('refuses an unknown column name, listing the columns', () => {
    const err = datasetError(text, { labelColumn: 'species' });
    expect(err.message).toContain("no column named 'species'");
    expect(err.message).toContain('a, b, c, d');
  });
});

describe('parseCsv: classes and regression', () => {
  it('maps categorical labels to sorted class ids and keeps the names', () => {
    const { dataset } = parse('x,animal\n1,zebra\n2,cat\n3,dog\n4,cat\n');
    expect(dataset.task).toBe('classification');
    expect(dataset.classNames).toEqual(['cat', 'dog', 'zebra']);
    expect(dataset.targetSize).toBe(3);
    expect(dataset.train.labels).toBeInstanceOf(Int32Array);
    expect(Array.from(dataset.train.labels!)).toEqual([2, 0, 1, 0]);
    expect(dataset.train.targets).toBeUndefined();
  });

  it('takes integer labels as classes, sorted numerically', () => {
    const { dataset } = parse('x,label\n1,10\n2,2\n3,-1\n4,2\n5,10\n');
    expect(dataset.task).toBe('classification');
    expect(dataset.classNames).toEqual(['-1', '2', '10']);
    expect(Array.from(dataset.train.labels!)).toEqual([2, 1, 0, 1, 2]);
  });

  it('takes float labels as a regression target under task auto', () => {
    const { dataset } = parse('x,y\n1,0.5\n2,1.25\n3,-2\n');
    expect(dataset.task).toBe('regression');
    expect(dataset.classNames).toEqual([]);
    expect(dataset.targetSize).toBe(1);
    expect(dataset.train.labels).toBeUndefined();
    expect(dataset.train.targets).toBeInstanceOf(Float32Array);
    expect(Array.from(dataset.train.targets!)).toEqual([0.5, 1.25, -2]);
  });

  it('takes integer labels with many distinct values as regression under task auto', () => {
    const text = 'x,y\n' + Array.from({ length: 60 }, (_, i) => `${i},${i * 3}`).join('\n');
    expect(parse(text).dataset.task).toBe('regression');
  });

  it('follows a forced task', () => {
    const reg = parse('x,y\n1,1\n2,2\n3,1\n', { task: 'regression' });
    expect(reg.dataset.task).toBe('regression');
    expect(Array.from(reg.dataset.train.targets!)).toEqual([1, 2, 1]);
    const cls = parse('x,y\n1,0.5\n2,1.5\n3,0.5\n', { task: 'classification' });
    expect(cls.dataset.task).toBe('classification');
    expect(cls.dataset.classNames).toEqual(['0.5', '1.5']);
    expect(Array.from(cls.dataset.train.labels!)).toEqual([0, 1, 0]);
  });

  it('refuses a text label for regression, naming the column and the value', () => {
    const err = datasetError('x,kind\n1,2.5\n2,big\n3,1\n', { task: 'regression' });
    expect(err.message).toContain("label column 'kind' must be numeric for regression");
    expect(err.message).toContain("'big'");
  });
});

describe('parseCsv: categorical features', () => {
  it('one-hot encodes a text column with names like color=red', () => {
    const { dataset, report } = parse('color,size,label\nred,1,0\nblue,2,1\ngreen,3,0\nred,4,1\n');
    expect(report.categorical).toEqual([{ column: 'color', categories: ['blue', 'green', 'red'] }]);
    expect(dataset.featureNames).toEqual(['color=blue', 'color=green', 'color=red', 'size']);
    expect(dataset.numFeatures).toBe(4);
    expect(rows(dataset.train.x, 4)).toEqual([
      [0, 0, 1, 1],
      [1, 0, 0, 2],
      [0, 1, 0, 3],
      [0, 0, 1, 4],
    ]);
  });
});

describe('parseCsv: missing values', () => {
  // Row 3 misses b, row 4 misses a and b, row 5 misses its label, row 6 misses color.
  const text = ['a,b,color,label', '1,10,red,x', '2,,blue,y', 'NA,?,red,x', '4,40,red,', '5,50,,y', '6,60,blue,x'].join('\n');

  it("'drop' removes rows with a missing feature and counts them per column", () => {
    const { dataset, report } = parse(text, { missing: 'drop' });
    expect(report.rows).toBe(2);
    expect(report.droppedRows).toBe(4);
    expect(report.missing).toEqual({ a: 1, b: 2, color: 1 });
    expect(dataset.train.n).toBe(2);
    expect(rows(dataset.train.x, 4)).toEqual([
      [1, 10, 0, 1],
      [6, 60, 1, 0],
    ]);
    expect(Array.from(dataset.train.labels!)).toEqual([0, 0]);
  });

  it("'mean' keeps the rows with NaN in the missing cells and counts them", () => {
    const { dataset, report } = parse(text, { missing: 'mean' });
    expect(report.rows).toBe(5);
    expect(report.droppedRows).toBe(1);
    expect(report.missing).toEqual({ a: 1, b: 2, color: 1 });
    expect(dataset.train.n).toBe(5);
    expect(rows(dataset.train.x, 4)).toEqual([
      [1, 10, 0, 1],
      [2, Number.NaN, 1, 0],
      [Number.NaN, Number.NaN, 0, 1],
      [5, 50, Number.NaN, Number.NaN],
      [6, 60, 1, 0],
    ]);
    expect(dataset.classNames).toEqual(['x', 'y']);
    expect(Array.from(dataset.train.labels!)).toEqual([0, 1, 0, 1, 0]);
  });

  it('always drops rows with a missing label', () => {
    const { dataset, report } = parse('x,y\n1,a\n2,\n3,n/a\n4,b\n', { missing: 'mean' });
    expect(dataset.train.n).toBe(2);
    expect(report.droppedRows).toBe(2);
    expect(report.missing).toEqual({});
    expect(dataset.classNames).toEqual(['a', 'b']);
  });

  it('refuses a table where every row is dropped', () => {
    expect(datasetError('x,y\n,1\n,2\n', { missing: 'drop' }).message).toMatch(/no rows left/);
  });
});

describe('parseCsv: malformed input', () => {
  it('refuses ragged rows, giving the row number', () => {
    const err = datasetError('a,b,label\n1,2,x\n3,4\n5,6,y\n');
    expect(err.message).toContain('row 3 has 2 fields, expected 3');
    expect(datasetError('a,b,label\n1,2,x\n3,4,5,6\n').message).toContain('row 3 has 4 fields');
    // Without a header the first data row is row 1.
    expect(datasetError('1,2,0\n1,2,0\n1,2,0\n1,2\n').message).toContain('row 4 has 2 fields');
    // Blank lines count, so the number is the row in the file.
    expect(datasetError('a,b,label\n1,2,3\n\n4,5\n').message).toContain('row 4 has 2 fields');
  });

  it('refuses text in a numeric column, naming the column, the row and the value', () => {
    const err = datasetError('x,y,label\n1,2,a\n3,oops,b\n5,6,a\n7,8,b\n');
    expect(err.message).toContain("column 'y'");
    expect(err.message).toContain('row 3');
    expect(err.message).toContain("'oops'");
  });

  it('refuses an empty file, also one of blank lines', () => {
    expect(datasetError('').message).toMatch(/empty/);
    expect(datasetError('\n \n\t\n').message).toMatch(/empty/);
  });

  it('refuses a header-only file', () => {
    expect(datasetError('a,b,label\n').message).toMatch(/header but no rows/);
  });

  it('refuses a single column', () => {
    expect(datasetError('1\n2\n3\n').message).toMatch(/at least two columns/);
    expect(datasetError('value\n1\n2\n').message).toMatch(/found 1/);
  });

  it('refuses binary content', () => {
    const binary = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => (i * 37) % 256));
    expect(datasetError(binary).message).toMatch(/binary/);
  });

  it('refuses unterminated quoting', () => {
    expect(datasetError('a,b,c\n1,2,3\n"4,5,6\n').message).toMatch(/quoting/);
  });

  it('refuses a text larger than the limit before parsing', () => {
    let caught: unknown;
    try {
      parseCsv('a,b\n1,2\n', SOURCE, opts(), { maxBytes: 8 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DatasetError);
    expect((caught as Error).message).toMatch(/limit of 8/);
  });
});

describe('parseCsv: a table with missing values trains end to end', () => {
  it("fills missing cells with the training-row means under 'mean' and trains without NaN", async () => {
    // 80 rows of two informative features and one noise column; b misses every 7th value (11 cells).
    const lines = ['a,b,noise,label'];
    let s = 1;
    const rand = () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
    for (let i = 0; i < 80; i++) {
      const cls = i % 2;
      const a = (cls ? 2 : -2) + rand();
      const b = (cls ? 1 : -1) * 3 + rand() * 2;
      lines.push(`${a.toFixed(3)},${i % 7 === 3 ? '' : b.toFixed(3)},${rand().toFixed(3)},${cls ? 'yes' : 'no'}`);
    }
    const { dataset, report } = parseCsv(lines.join('\n'), 'x.csv', csvOptionsSchema.parse({ missing: 'mean' }), DEFAULT_LIMITS);
    expect(report.missing).toEqual({ b: 11 });
    expect(dataset.train.n).toBe(80);
    expect(Array.from(dataset.train.x).filter(Number.isNaN)).toHaveLength(11);

    const base = defaultProject({ source: 'file', path: 'x.csv' }, dataset);
    const project = parseProject({ ...base, training: { epochs: 4, batchSize: 16, shuffle: true, earlyStopping: null } });
    const setup = prepareRun(project, dataset);

    const { normalizer, trainRows } = setup.data;
    expect(normalizer.fill).toBeDefined();
    const x = dataset.train.x;
    const f = dataset.numFeatures;
    for (let j = 0; j < f; j++) {
      let sum = 0;
      let count = 0;
      for (const r of trainRows) {
        const v = x[r * f + j];
        if (!Number.isNaN(v)) {
          sum += v;
          count++;
        }
      }
      expect(normalizer.fill![j]).toBeCloseTo(sum / count, 9);
    }
    // The fill comes from training rows only: validation rows are not in it.
    expect(setup.data.validationRows?.length).toBe(16);

    const events: TrainingEvent[] = [];
    const result = await new Trainer(setup, (e) => events.push(e)).run();
    expect(result.type).toBe('done');
    if (result.type !== 'done') return;
    expect(result.reason).toBe('completed');
    expect(result.epochs).toBe(4);
    const epochs = events.filter((e): e is Extract<TrainingEvent, { type: 'epoch' }> => e.type === 'epoch');
    expect(epochs).toHaveLength(4);
    for (const e of epochs) {
      expect(Number.isFinite(e.train.loss)).toBe(true);
      expect(Number.isFinite(e.validation!.loss)).toBe(true);
    }
    expect(Number.isFinite(result.train.loss)).toBe(true);
    expect(Number.isFinite(result.validation!.loss)).toBe(true);
    expect(result.train.accuracy).toBeGreaterThan(0.5);
    for (const w of setup.model.network.params) expect(Array.from(w.value).every(Number.isFinite)).toBe(true);
  });
});
