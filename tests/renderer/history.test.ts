// Undo and redo over labelled snapshots: order, labels, a new edit ending redo, the size limit.

import { describe, expect, it } from 'vitest';
import { History } from '../../renderer/src/model/history';

describe('History', () => {
  it('undoes and redoes in order, with the labels of the edits', () => {
    const h = new History<number>();
    let state = 0;
    const edit = (label: string, next: number) => {
      h.record(label, state);
      state = next;
    };
    edit('one', 1);
    edit('two', 2);
    expect(h.undoLabel).toBe('two');
    state = h.undo(state)!.state;
    expect(state).toBe(1);
    expect(h.redoLabel).toBe('two');
    state = h.undo(state)!.state;
    expect(state).toBe(0);
    expect(h.undo(state)).toBeNull();
    state = h.redo(state)!.state;
    state = h.redo(state)!.state;
    expect(state).toBe(2);
    expect(h.redo(state)).toBeNull();

    state = h.undo(state)!.state;
    edit('three', 3);
    expect(h.redoLabel).toBeNull();
    expect(h.undo(state)!.state).toBe(1);
  });

  it('forgets the oldest edits beyond its limit', () => {
    const h = new History<number>(3);
    for (let i = 0; i < 5; i++) h.record(`e${i}`, i);
    const seen: number[] = [];
    for (let e = h.undo(99); e; e = h.undo(e.state)) seen.push(e.state);
    expect(seen).toEqual([4, 3, 2]);
  });
});
