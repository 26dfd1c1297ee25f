// How the numbers of a CSV column are written: with a decimal point, or with a decimal comma as
// spreadsheets in much of Europe save them (semicolon-separated, "1,5;2,25;cat"). Read as text, a
// decimal-comma column would become one one-hot feature per distinct value; read wrongly, a
// thousands separator would turn 1,234 into 1.234. So a column is read as decimal commas only
// when no other reading fits, and refused when two readings do.
//
// The rule, for a column whose present values all look like numbers, some not plain:
// - a value with two separators ('1.234,5', '1,234,567', '1 234') has thousands separators:
//   refused, since dropping them is a guess about which one is the decimal mark;
// - with ',' as the delimiter a comma inside a (quoted) number is refused: such files use the
//   decimal point, so the comma could only be a thousands separator or a foreign decimal mark;
// - a column with both '1.5' and '2,5' is refused: '1.234' in a decimal-comma column is
//   likelier 1234 than 1.234;
// - a column whose every comma has exactly three digits after it ('1,234', '12,500') is refused:
//   both readings fit every value;
// - otherwise each ',' is the decimal mark: '1,5' is 1.5, and integers are integers either way.

import { DatasetError } from './errors';

/** 'number' is what Number reads without a '.', 'point' with one; the rest need the rule. */
export type CellKind = 'number' | 'point' | 'comma' | 'grouped' | 'text';

const DECIMAL_COMMA = /^[+-]?\d+,\d+(?:[eE][+-]?\d+)?$/;
const THREE_AFTER_COMMA = /,\d{3}$/;
// Groups of three digits split by ',', '.', a space, a no-break space or an apostrophe, with a
// decimal part after the other mark: '1,234,567', '1.234,5', '1 234,5', "1'234.5". One comma
// and three digits ('1,234') is DECIMAL_COMMA's; its reading is judged over the whole column.
const GROUPED = [
  /^[+-]?\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?$/,
  /^[+-]?\d{1,3}(?:,\d{3})+\.\d+$/,
  /^[+-]?\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?$/,
  /^[+-]?\d{1,3}(?:\.\d{3})+,\d+$/,
  /^[+-]?\d{1,3}(?:[ \u00a0\u202f']\d{3})+(?:[.,]\d+)?$/,
];

/** What a present (not missing) cell holds, trimmed. */
export function cellKind(cell: string): CellKind {
  const t = cell.trim();
  // Number first: it is what nearly every cell of a large table is, and the cheapest test.
  if (t !== '' && Number.isFinite(Number(t))) return t.includes('.') ? 'point' : 'number';
  if (DECIMAL_COMMA.test(t)) return 'comma';
  if (GROUPED.some((g) => g.test(t))) return 'grouped';
  return 'text';
}

/** The kinds of one column's present cells, counted, with the first body row of each kind. */
export interface ColumnScan {
  count: Record<CellKind, number>;
  first: Partial<Record<CellKind, number>>;
  /** Whether every comma cell has exactly three digits after its comma. */
  threeAfterComma: boolean;
}

/** Number's reading of a cell, or NaN for a cell it reads as 0 only because it is blank. */
function plainNumber(cell: string): number {
  const v = Number(cell);
  return v === 0 && cell !== '0' && cell.trim() === '' ? Number.NaN : v;
}

export function scanColumn(body: readonly string[][], j: number, isMissing: (cell: string) => boolean): ColumnScan {
  const count: Record<CellKind, number> = { number: 0, point: 0, comma: 0, grouped: 0, text: 0 };
  const first: Partial<Record<CellKind, number>> = {};
  let threeAfterComma = true;
  // This loop runs once per cell of the table: cells Number reads are counted first, in a local,
  // before the missing-value test and the patterns that the few others need.
  let numbers = 0;
  for (let i = 0; i < body.length; i++) {
    const cell = body[i][j];
    if (Number.isFinite(plainNumber(cell))) {
      numbers++;
      continue;
    }
    if (isMissing(cell)) continue;
    const kind = cellKind(cell);
    if (count[kind]++ === 0) first[kind] = i;
    if (kind === 'comma' && !THREE_AFTER_COMMA.test(cell.trim())) threeAfterComma = false;
  }
  // Numbers with a '.' matter only next to decimal commas, so only then are they looked for.
  if (count.comma > 0) {
    for (let i = 0; i < body.length; i++) {
      const cell = body[i][j];
      if (!cell.includes('.') || !Number.isFinite(plainNumber(cell))) continue;
      if (count.point++ === 0) first.point = i;
    }
  }
  count.number = numbers - count.point;
  return { count, first, threeAfterComma };
}

/** How many present cells look like numbers, however written. */
export const numberCells = (s: ColumnScan) => s.count.number + s.count.point + s.count.comma + s.count.grouped;

/**
 * How a column of numbers is written: 'point' (as Number reads it) or 'comma' (decimal commas),
 * for a column without text; throws, naming the column and a row, when the reading is ambiguous.
 * `cell(kind)` gives the first cell of a kind and its file row.
 */
export function numberStyle(
  scan: ColumnScan,
  delimiter: string,
  column: string,
  cell: (kind: CellKind) => { row: number; value: string },
  source: string,
): 'point' | 'comma' {
  const { count } = scan;
  if (count.comma === 0 && count.grouped === 0) return 'point';
  const at = (kind: CellKind) => `row ${cell(kind).row} holds '${cell(kind).value}'`;
  if (count.grouped > 0) {
    throw new DatasetError(source, `column '${column}' ${at('grouped')}, a number with thousands separators (write numbers without them)`);
  }
  if (delimiter === ',') {
    throw new DatasetError(source, `column '${column}' ${at('comma')}: a comma in a number of a comma-separated file could be a decimal comma or a thousands separator (write numbers with a decimal point)`);
  }
  if (count.point > 0) {
    throw new DatasetError(source, `column '${column}' mixes decimal points (${at('point')}) and decimal commas (${at('comma')})`);
  }
  if (scan.threeAfterComma) {
    throw new DatasetError(source, `column '${column}' ${at('comma')}: every comma in the column has three digits after it, so each could be a decimal comma or a thousands separator`);
  }
  return 'comma';
}

/**
 * A cell of a numeric column as a number, in the column's style; NaN when it is missing (every
 * missing marker but the blank one is already NaN to Number).
 */
export const cellNumber = (cell: string, style: 'point' | 'comma'): number => plainNumber(style === 'comma' ? cell.replace(',', '.') : cell);
