// The memory a run may take on a Node host (the CLI, the desktop app's engine process, the
// benchmarks), for the engine's budget check (shared/engine/budget.ts), which cannot ask the machine.

import { totalmem } from 'node:os';
import { MAX_RUN_BYTES } from '../engine/budget';

/**
 * Half the machine's memory, at most MAX_RUN_BYTES. Typed arrays live outside V8's heap, so the
 * machine is the bound, not --max-old-space-size; half leaves room for the dataset (itself at
 * most half, shared/node/dataset-files.ts), the studio's window and the system. Total rather than
 * free memory: free memory swings with the page cache and would refuse a run one minute and
 * accept it the next.
 */
export function runMemoryLimit(total: number = totalmem()): number {
  return Math.min(MAX_RUN_BYTES, Math.floor(total / 2));
}
