// CSV and TSV tables: delimiter and header detection, a chosen label column, numeric features,
// one-hot categorical features, and missing values dropped or left for the training-mean fill.

import Papa, { type ParseConfig } from 'papaparse';
import { z } from 'zod';
import { cellKind, cellNumber, numberCells, numberStyle, scanColumn, type CellKind, type ColumnScan } from './csv-numbers';
import { DatasetError, overLimit, type DataLimits } from './errors';
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
/**
 * Columns a table may have, and features it may make with one-hot encoding. Counted on the first
 * line before anything is split: a header of ten million columns took 2.2 GB to be refused.
 */
export const MAX_CSV_COLUMNS = 100_000;
const DELIMITERS = [',', '\t', ';', '|'];

const isMissing = (cell: string) => MISSING.has(cell.trim().toLowerCase());
const numeric = (cell: string) => {
  const t = cell.trim();
  return t !== '' && Number.isFinite(Number(t));
};
/** Numbers however written ('1,5', '1.234,5' too), so that a header above them is told from data. */
const numberLike = (cell: string) => cellKind(cell) !== 'text';

function detectHeader(rows: string[][]): boolean {
  if (rows.length < 2) return rows.length === 1 && rows[0].every((c) => !numberLike(c) && !isMissing(c));
  const first = rows[0];
  const sample = rows.slice(1, 51);
  // A header names columns whose values are numbers, or names every column with text.
  return first.some((cell, j) => !numberLike(cell) && sample.every((r) => r[j] === undefined || numberLike(r[j]) || isMissing(r[j])))
    || (first.every((c) => !numberLike(c) && !isMissing(c)) && new Set(first).size === first.length && sample.some((r) => r.some(numberLike)));
}

/**
 * Each candidate delimiter's count on the first line that is not blank, outside double quotes.
 * One pass over character codes, no strings made, and it stops once a count reaches the column
 * limit: the line may hold millions of columns. `at` is where it stopped then.
 */
function firstLineCounts(text: string, delimiters: readonly string[]): { counts: Map<string, number>; over?: { delimiter: string; at: number } } {
  const codes = delimiters.map((d) => d.charCodeAt(0));
  const counts = codes.map(() => 0);
  const result = () => new Map(delimiters.map((d, k) => [d, counts[k]]));
  let quoted = false;
  let blank = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22) {
      quoted = !quoted;
      blank = false;
      continue;
    }
    if (quoted) continue;
    if (ch === 0x0a || ch === 0x0d) {
      if (!blank) break;
      // A line of spaces and tabs is dropped like a blank one, so its tabs do not count.
      counts.fill(0);
      continue;
    }
    if (ch !== 0x20 && ch !== 0x09) blank = false;
    for (let k = 0; k < codes.length; k++) {
      if (ch === codes[k] && ++counts[k] >= MAX_CSV_COLUMNS) return { counts: result(), over: { delimiter: delimiters[k], at: i } };
    }
  }
  return { counts: result() };
}

/** Occurrences of `d` from `from` to the end of the line, for the figure in a refusal (quotes are not minded). */
function countToLineEnd(text: string, d: string, from: number): number {
  const ends = [text.indexOf('\n', from), text.indexOf('\r', from)].filter((e) => e >= 0);
  const end = ends.length > 0 ? Math.min(...ends) : text.length;
  let n = 0;
  for (let i = text.indexOf(d, from); i >= 0 && i < end; i = text.indexOf(d, i + 1)) n++;
  return n;
}

function countLines(text: string): number {
  let lines = text.endsWith('\n') ? 0 : 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** The delimiter, after the first line's width and the table's size are judged against the limits. */
function judgeSize(text: string, source: string, given: string | undefined, limits: DataLimits): string {
  const { counts, over } = firstLineCounts(text, given ? [given] : DELIMITERS);
  // Papa guesses from ten rows split every way; a first line too wide for any reading is refused
  // before that, by the first reading to pass the limit.
  if (over) {
    const columns = MAX_CSV_COLUMNS + countToLineEnd(text, over.delimiter, over.at + 1) + 1;
    const shown = over.delimiter === '\t' ? '\\t' : over.delimiter;
    throw new DatasetError(source, `has ${columns} columns (delimiter '${shown}'), more than the limit of ${MAX_CSV_COLUMNS}`);
  }
  // The guess alone, then one row.
  // Blank lines are left out of it: a trailing newline is an empty row that pulls a two-column
  // table's average below Papa's bar of two fields, and the table falls back to commas.
  const guessOnly: ParseConfig = { delimiter: '', delimitersToGuess: DELIMITERS, skipEmptyLines: true, preview: 1 };
  const delimiter = given ?? Papa.parse(text, guessOnly).meta.delimiter;
  const columns = (counts.get(delimiter) ?? 0) + 1;
  // Lines bound the rows from above (blank lines and quoted line breaks count too).
  const lines = countLines(text);
  if (lines * columns * 4 > limits.maxBytes) {
    throw new DatasetError(source, `${lines} lines of ${columns} columns as float32 values ${overLimit(lines * columns * 4, limits)}`);
  }
  return delimiter;
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

/**
 * Names are kept in Maps and arrays, never as object keys, so '__proto__' or 'constructor' is a
 * name like any other; two columns (or a column and a one-hot feature) of one name are refused,
 * since a label column or a feature chosen by that name would be either.
 */
function refuseDuplicates(names: readonly string[], what: (i: number) => string, source: string): void {
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const before = seen.get(name);
    if (before !== undefined) throw new DatasetError(source, `${what(before)} and ${what(i)} are both named '${name}' (names must be unique)`);
    seen.set(name, i);
  });
}

export function parseCsv(text: string, source: string, options: CsvOptions, limits: DataLimits): { dataset: Dataset; report: CsvReport } {
  if (text.length * 2 > limits.maxBytes) throw new DatasetError(source, `file is larger than the limit of ${limits.maxBytes} bytes`);
  // A search, not trim(): trim copies a text of millions of columns before anything is judged.
  if (!/\S/.test(text)) throw new DatasetError(source, 'the file is empty');
  if (text.includes('\u0000')) throw new DatasetError(source, 'not a text table (the file contains binary data)');
  text = text.replace(/^\uFEFF/, '');
  const delimiter = judgeSize(text, source, options.delimiter, limits);
  const parsed = Papa.parse(text, {
    delimiter,
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
  if (width > MAX_CSV_COLUMNS) throw new DatasetError(source, `has ${width} columns, more than the limit of ${MAX_CSV_COLUMNS}`);
  const names = header ? rows[0].map((c, j) => c.trim() || `column ${j + 1}`) : Array.from({ length: width }, (_, j) => `column ${j + 1}`);
  refuseDuplicates(names, (j) => `column ${j + 1}`, source);
  const body = header ? rows.slice(1) : rows;
  /** The file row (1-based, blank lines counted) of each body row. */
  const rowOf = (header ? records.slice(1) : records).map((r) => r.row);
  body.forEach((r, i) => {
    if (r.length !== width) throw new DatasetError(source, `row ${rowOf[i]} has ${r.length} fields, expected ${width} like the first row`);
  });
  if (body.length === 0) throw new DatasetError(source, 'the table has a header but no rows');

  const label = labelIndex(options.labelColumn, names, source);
  const featureCols = names.map((_, j) => j).filter((j) => j !== label);

  // Column kinds: all present values numbers -> numeric (decimal commas read by csv-numbers'
  // rule); mostly text -> categorical; a few stray words among numbers are an error, not a
  // silent category.
  const categorical = new Map<number, string[]>();
  const commaColumns = new Set<number>();
  const styleOf = (j: number, scan: ColumnScan) => {
    const cell = (kind: CellKind) => ({ row: rowOf[scan.first[kind]!], value: body[scan.first[kind]!][j].trim() });
    return numberStyle(scan, parsed.meta.delimiter, names[j], cell, source);
  };
  for (const j of featureCols) {
    const scan = scanColumn(body, j, isMissing);
    const texts = scan.count.text;
    if (texts === 0) {
      if (styleOf(j, scan) === 'comma') commaColumns.add(j);
      continue;
    }
    if (numberCells(scan) > texts) {
      const i = scan.first.text!;
      throw new DatasetError(source, `column '${names[j]}' is numeric but row ${rowOf[i]} holds '${body[i][j].trim()}'`);
    }
    const cats = [...new Set(body.map((r) => r[j].trim()).filter((c) => !isMissing(c)))].sort();
    if (cats.length > MAX_CATEGORIES) throw new DatasetError(source, `column '${names[j]}' has ${cats.length} distinct text values, more than ${MAX_CATEGORIES} categories`);
    categorical.set(j, cats);
  }
  const labelScan = scanColumn(body, label, isMissing);
  const commaLabels = labelScan.count.text === 0 && styleOf(label, labelScan) === 'comma';

  // Rows without a label are always dropped; rows with a missing feature under 'drop'.
  const missingCounts = new Map<string, number>();
  const keep: number[] = [];
  for (let i = 0; i < body.length; i++) {
    if (isMissing(body[i][label])) continue;
    let rowMissing = false;
    for (const j of featureCols) {
      if (isMissing(body[i][j])) {
        missingCounts.set(names[j], (missingCounts.get(names[j]) ?? 0) + 1);
        rowMissing = true;
      }
    }
    if (!rowMissing || options.missing === 'mean') keep.push(i);
  }
  if (keep.length === 0) throw new DatasetError(source, 'no rows left after dropping those with missing values');

  const labels = keep.map((i) => (commaLabels ? body[i][label].trim().replace(',', '.') : body[i][label].trim()));
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
  const madeBy: string[] = [];
  for (const j of featureCols) {
    const cats = categorical.get(j);
    if (cats) {
      for (const c of cats) {
        featureNames.push(`${names[j]}=${c}`);
        madeBy.push(`the one-hot feature for '${c}' in column '${names[j]}'`);
      }
    } else {
      featureNames.push(names[j]);
      madeBy.push(`column ${j + 1}`);
    }
  }
  refuseDuplicates(featureNames, (k) => madeBy[k], source);
  const f = featureNames.length;
  if (f > MAX_CSV_COLUMNS) throw new DatasetError(source, `one-hot encoding makes ${f} features, more than the limit of ${MAX_CSV_COLUMNS}`);
  if (keep.length * f * 4 > limits.maxBytes) {
    throw new DatasetError(source, `${keep.length} rows of ${f} features as float32 values ${overLimit(keep.length * f * 4, limits)}`);
  }
  const categoryIndex = new Map([...categorical].map(([j, cats]) => [j, new Map(cats.map((c, k) => [c, k]))]));
  const x = new Float32Array(keep.length * f);
  const columns = featureCols.map((j) => ({ j, cats: categoryIndex.get(j), style: commaColumns.has(j) ? ('comma' as const) : ('point' as const) }));
  keep.forEach((i, r) => {
    let o = r * f;
    for (const { j, cats, style } of columns) {
      const cell = body[i][j];
      if (cats) {
        // A missing category leaves every one-hot slot NaN, to be filled like a missing number.
        const k = isMissing(cell) ? -1 : cats.get(cell.trim())!;
        for (let c = 0; c < cats.size; c++) x[o + c] = k < 0 ? Number.NaN : c === k ? 1 : 0;
        o += cats.size;
      } else {
        x[o++] = cellNumber(cell, style);
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
      // fromEntries defines own properties, so a column named '__proto__' is counted, not a prototype.
      missing: Object.fromEntries(missingCounts),
      categorical: [...categorical].map(([j, categories]) => ({ column: names[j], categories })),
    },
  };
}
