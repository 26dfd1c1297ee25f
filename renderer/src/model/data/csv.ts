// The CSV reading choices: whether the current dataset is a table read from a file, and the
// columns the label can be taken from. The summary lists the feature columns (one-hot columns as
// 'column=category') but not the label column itself, so the list is rebuilt from those names.

import type { CsvChoices, DataSummary, PanelSource } from './types';

const TABLE_FILE = /\.(csv|tsv|txt)$/i;

/**
 * A CSV/TSV table from disk or from the browser. Files are either tables or IDX images, so a file
 * dataset without an image shape is a table even when its name does not end in .csv.
 */
export function isCsvSource(source: PanelSource | null, summary: DataSummary | null): boolean {
  if (!source) return false;
  if (source.source === 'file') return TABLE_FILE.test(source.path) || (summary !== null && !summary.imageShape);
  if (source.source === 'files') {
    const files = source.files ?? [];
    if (files.length === 1 && TABLE_FILE.test(files[0].name)) return true;
    return summary !== null && !summary.imageShape;
  }
  return false;
}

export interface LabelOption {
  /** A string key for <option value>; `value` is what goes into the CSV options. */
  key: string;
  value: string | number;
  label: string;
}

export const LAST_COLUMN: LabelOption = { key: 'index:-1', value: -1, label: 'Last column (default)' };

const keyOf = (value: string | number) => (typeof value === 'number' ? `index:${value}` : `name:${value}`);

/** The source columns behind the feature names, in order, one-hot groups folded back into one. */
export function sourceColumns(summary: DataSummary | null): string[] {
  if (!summary || summary.imageShape) return [];
  const columns: string[] = [];
  for (const { name } of summary.before) {
    const eq = name.indexOf('=');
    const column = eq > 0 ? name.slice(0, eq) : name;
    if (!columns.includes(column)) columns.push(column);
  }
  return columns;
}

/** The current label column first (when named), then the last column, then every feature column. */
export function labelColumnOptions(summary: DataSummary | null, current: CsvChoices['labelColumn']): LabelOption[] {
  const options: LabelOption[] = [];
  const add = (value: string | number, label: string) => {
    const key = keyOf(value);
    if (!options.some((o) => o.key === key)) options.push({ key, value, label });
  };
  if (typeof current === 'string') add(current, `${current} (current)`);
  options.push(LAST_COLUMN);
  if (typeof current === 'number' && current !== -1) add(current, `Column ${current >= 0 ? current + 1 : `${-current} from the end`}`);
  for (const column of sourceColumns(summary)) add(column, column);
  return options;
}

export function labelColumnKey(current: CsvChoices['labelColumn']): string {
  return keyOf(current ?? -1);
}

export const MISSING_OPTIONS = [
  { value: 'drop', label: 'Drop rows with missing values' },
  { value: 'mean', label: 'Fill with the training mean' },
] as const;

export const TASK_OPTIONS = [
  { value: 'auto', label: 'Detect from the label column' },
  { value: 'classification', label: 'Classification' },
  { value: 'regression', label: 'Regression' },
] as const;

/** Missing feature values counted in the training statistics (only left in under 'mean'). */
export function missingCount(summary: DataSummary | null): number {
  return summary ? summary.before.reduce((n, f) => n + f.missing, 0) : 0;
}
