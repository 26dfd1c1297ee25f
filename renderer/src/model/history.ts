// Undo and redo as a list of labelled snapshots of the user's edits. Snapshots (not inverse
// operations) because the document is small (a run's results, its weights and their normalizer,
// are not part of it) and a snapshot cannot get an inverse wrong.

export interface HistoryEntry<T> {
  label: string;
  state: T;
}

export class History<T> {
  private past: HistoryEntry<T>[] = [];
  private future: HistoryEntry<T>[] = [];

  constructor(private readonly limit = 200) {}

  /** Records the state before an edit; a new edit ends any redo. */
  record(label: string, before: T): void {
    this.past.push({ label, state: before });
    if (this.past.length > this.limit) this.past.shift();
    this.future = [];
  }

  /** The state to go back to, given the current one (kept for redo); null when there is none. */
  undo(current: T): HistoryEntry<T> | null {
    const entry = this.past.pop();
    if (!entry) return null;
    this.future.push({ label: entry.label, state: current });
    return entry;
  }

  redo(current: T): HistoryEntry<T> | null {
    const entry = this.future.pop();
    if (!entry) return null;
    this.past.push({ label: entry.label, state: current });
    return entry;
  }

  clear(): void {
    this.past = [];
    this.future = [];
  }

  /** What Undo and Redo would do, for their labels ('Undo Add Dense'). */
  get undoLabel(): string | null {
    return this.past.at(-1)?.label ?? null;
  }

  get redoLabel(): string | null {
    return this.future.at(-1)?.label ?? null;
  }
}
