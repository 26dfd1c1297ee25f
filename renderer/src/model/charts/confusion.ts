// A confusion matrix (row = true class, column = predicted, row-major) as heatmap cells and
// table rows. Cells are coloured by the share of their row (recall-style) so a rare class's
// mistakes are as visible as a common one's; the counts stay as labels.

export interface ConfusionCell {
  /** Predicted class (column). */
  predicted: number;
  /** True class (row). */
  actual: number;
  count: number;
  /** count / row total, 0 for an empty row. */
  rowFraction: number;
}

export function confusionSize(confusion: readonly number[]): number {
  const n = Math.round(Math.sqrt(confusion.length));
  if (n * n !== confusion.length) throw new Error(`a confusion matrix needs n² values, got ${confusion.length}`);
  return n;
}

export function confusionCells(confusion: readonly number[]): ConfusionCell[] {
  const n = confusionSize(confusion);
  const cells: ConfusionCell[] = [];
  for (let r = 0; r < n; r++) {
    let total = 0;
    for (let c = 0; c < n; c++) total += confusion[r * n + c];
    for (let c = 0; c < n; c++) {
      const count = confusion[r * n + c];
      cells.push({ predicted: c, actual: r, count, rowFraction: total ? count / total : 0 });
    }
  }
  return cells;
}

/** Class names padded with 'Class k' when the caller gave fewer names than classes. */
export function classLabels(n: number, names: readonly string[]): string[] {
  return Array.from({ length: n }, (_, i) => names[i] ?? `Class ${i}`);
}
