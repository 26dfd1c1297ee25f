// CSV and TSV tables: delimiter and header detection, a chosen label column, numeric features,
// one-hot categorical features, and missing values dropped or left for the training-mean fill.

import Papa from 'papaparse';
import { z } from 'zod';
import { DatasetError, type DataLimits } from './errors';
import type { Dataset, Task } from './types';

export const csvOptionsSchema = z.strictObject({
  /** Column name, or 0-based index (negative counts from the end). Default: the last column. */
  labelColumn: z.union([z.string().min(1), z.number().int()]).default(-1),
  task: z.enum(['auto', 'classification', 'regression']).default('auto'),
  /** 'drop' removes rows with a missing feature; 'mean' fills it with the training mean. */
  missing: z.enum(['drop', 'mean']).default('drop'),
  header: z.enum(['auto', 'yes', 'no']).default('auto'),
  /** Auto-detected among comma, tab, semicolon and pipe when absent. */
  delimiter: z.string().length(1).optional(),
});
export type CsvOptions = z.infer<typeof csvOptionsSchema>;

export interface CsvReport {
  delimiter: string;
  header: boolean;
  rows: number;
  droppedRows: number;
  /** Missing feature values per source column (left for the training-mean fill, or dropped). */
  missing: Record<string, number>;
  categorical: { column: string; categories: string[] }[];
}

const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?']);
/** Integer labels with at most this many distinct values are taken as classes under task 'auto'. */
const MAX_AUTO_CLASSES = 50;
const MAX_CATEGORIES = 256;

const isMissing = (cell: string) => MISSING.has(cell.trim().toLowerCase());
const numeric = (cell: string) => {
  const t = cell.trim();
  return t !== '' && Number.isFinite(Number(t));
};

function detectHeader(rows: string[][]): boolean {
  if (rows.length < 2) return rows.length === 1 && rows[0].every((c) => !numeric(c) && !isMissing(c));
  const first = rows[0];
  const sample = rows.slice(1, 51);
  // A header names columns whose values are numbers, or names every column with text.
  return first.some((cell, j) => !numeric(cell) && sample.every((r) => r[j] === undefined || numeric(r[j]) || isMissing(r[j])))
    || (first.every((c) => !numeric(c) && !isMissing(c)) && new Set(first).size === first.length && sample.some((r) => r.some(numeric)));
}

function labelIndex(option: string | number, names: string[], source: string): number {
  if (typeof option === 'number') {
    const i = option < 0 ? names.length + option : option;
    if (i < 0 || i >= names.length) throw new DatasetError(source, `label column ${option} does not exist (the table has ${names.length} columns)`);
    return i;
  }
  const i = names.indexOf(option);
  if (i < 0) throw new DatasetError(source, `no column named '${option}' (columns: ${names.join(', ')})`);
  return i;
}

export function parseCsv(text: string, source: string, options: CsvOptions, limits: DataLimits): { dataset: Dataset; report: CsvReport } {
  if (text.length * 2 > limits.maxBytes) throw new DatasetError(source, `file is larger than the limit of ${limits.maxBytes} bytes`);
  if (text.trim() === '') throw new DatasetError(source, 'the file is empty');
  if (text.includes('\u0000')) throw new DatasetError(source, 'not a text table (the file contains binary data)');
  const parsed = Papa.parse(text.replace(/^\uFEFF/, ''), {
    delimiter: options.delimiter ?? '',
    delimitersToGuess: [',', '\t', ';', '|'],
    // Blank lines are dropped below, after each record's position is noted for error messages.
    skipEmptyLines: false,
  });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) throw new DatasetError(source, `malformed quoting near row ${(quoteError.row ?? 0) + 1}: ${quoteError.message}`);
  const records = parsed.data
    .map((cells, i) => ({ cells, row: i + 1 }))
    .filter((r) => !r.cells.every((c) => c.trim() === ''));
  const rows = records.map((r) => r.cells);
  const header = options.header === 'yes' || (options.header === 'auto' && detectHeader(rows));
  const width = rows[0].length;
  if (width < 2) throw new DatasetError(source, `needs at least two columns (features and a label), found ${width} (delimiter '${parsed.meta.delimiter}')`);
  const names = header ? rows[0].map((c, j) => c.trim() || `column ${j + 1}`) : Array.from({ length: width }, (_, j) => `column ${j + 1}`);
  const body = header ? rows.slice(1) : rows;
  /** The file row (1-based, blank lines counted) of each body row. */
  const rowOf = (header ? records.slice(1) : records).map((r) => r.row);
  body.forEach((r, i) => {
    if (r.length !== width) throw new DatasetError(source, `row ${rowOf[i]} has ${r.length} fields, expected ${width} like the first row`);
  });
  if (body.length === 0) throw new DatasetError(source, 'the table has a header but no rows');

  const label = labelIndex(options.labelColumn, names, source);
  const featureCols = names.map((_, j) => j).filter((j) => j !== label);

  // Column kinds: all present values numeric -> numeric; mostly text -> categorical; a few
  // stray words in a numeric column are an error, not a silent category.
  const categorical = new Map<number, string[]>();
  for (const j of featureCols) {
    let nums = 0;
    let texts = 0;
    let firstText = -1;
    for (let i = 0; i < body.length; i++) {
      const c = body[i][j];
      if (isMissing(c)) continue;
      if (numeric(c)) nums++;
      else {
        texts++;
        if (firstText < 0) firstText = i;
      }
    }
    if (texts === 0) continue;
    if (nums > texts) {
      throw new DatasetError(source, `column '${names[j]}' is numeric but row ${rowOf[firstText]} holds '${body[firstText][j].trim()}'`);
    }
    const cats = [...new Set(body.map((r) => r[j].trim()).filter((c) => !isMissing(c)))].sort();
    if (cats.length > MAX_CATEGORIES) throw new DatasetError(source, `column '${names[j]}' has ${cats.length} distinct text values, more than ${MAX_CATEGORIES} categories`);
    categorical.set(j, cats);
  }

  // Rows without a label are always dropped; rows with a missing feature under 'drop'.
  const missingCounts: Record<string, number> = {};
  const keep: number[] = [];
  for (let i = 0; i < body.length; i++) {
    if (isMissing(body[i][label])) continue;
    let rowMissing = false;
    for (const j of featureCols) {
      if (isMissing(body[i][j])) {
        missingCounts[names[j]] = (missingCounts[names[j]] ?? 0) + 1;
        rowMissing = true;
      }
    }
    if (!rowMissing || options.missing === 'mean') keep.push(i);
  }
  if (keep.length === 0) throw new DatasetError(source, 'no rows left after dropping those with missing values');

  const labels = keep.map((i) => body[i][label].trim());
  const numericLabels = labels.every(numeric);
  const distinct = [...new Set(labels)];
  let task: Task;
  if (options.task === 'auto') {
    task = !numericLabels || (labels.every((l) => Number.isInteger(Number(l))) && distinct.length <= MAX_AUTO_CLASSES)
      ? 'classification'
      : 'regression';
  } else task = options.task;
  if (task === 'regression' && !numericLabels) {
    const bad = labels.find((l) => !numeric(l));
    throw new DatasetError(source, `label column '${names[label]}' must be numeric for regression, found '${bad}'`);
  }

  const featureNames: string[] = [];
  for (const j of featureCols) {
    const cats = categorical.get(j);
    if (cats) for (const c of cats) featureNames.push(`${names[j]}=${c}`);
    else featureNames.push(names[j]);
  }
  const f = featureNames.length;
  const x = new Float32Array(keep.length * f);
  keep.forEach((i, r) => {
    let o = r * f;
    for (const j of featureCols) {
      const cell = body[i][j];
      const cats = categorical.get(j);
      if (cats) {
        // A missing category leaves every one-hot slot NaN, to be filled like a missing number.
        const k = isMissing(cell) ? -1 : cats.indexOf(cell.trim());
        for (let c = 0; c < cats.length; c++) x[o + c] = k < 0 ? Number.NaN : c === k ? 1 : 0;
        o += cats.length;
      } else {
        x[o++] = isMissing(cell) ? Number.NaN : Number(cell);
      }
    }
  });

  let classNames: string[] = [];
  const base = { name: source, numFeatures: f, featureNames };
  let dataset: Dataset;
  if (task === 'classification') {
    classNames = numericLabels ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort();
    const id = new Map(classNames.map((c, k) => [c, k]));
    dataset = { ...base, task, classNames, targetSize: classNames.length, train: { x, n: keep.length, labels: Int32Array.from(labels, (l) => id.get(l)!) } };
  } else {
    dataset = { ...base, task, classNames, targetSize: 1, train: { x, n: keep.length, targets: Float32Array.from(labels, Number) } };
  }
  return {
    dataset: { ...dataset, description: `${keep.length} rows, ${f} features, label column '${names[label]}'` },
    report: {
      delimiter: parsed.meta.delimiter,
      header,
      rows: keep.length,
      droppedRows: body.length - keep.length,
      missing: missingCounts,
      categorical: [...categorical].map(([j, categories]) => ({ column: names[j], categories })),
    },
  };
}
