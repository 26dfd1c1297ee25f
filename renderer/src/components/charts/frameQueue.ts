// One queue of chart redraws for the whole window. Each chart limits itself to a few redraws
// a second, but eight charts that happen to become due together would still land in the same
// animation frame and add up to one long task; the queue spreads them over frames instead,
// running draws in a frame only until a small time budget is spent (at least one per frame).

/** Time for chart drawing per frame, leaving the rest of the ~16 ms for input and layout. */
export const FRAME_BUDGET_MS = 8;

const queue = new Set<() => void>();
let frame: number | null = null;

function run(): void {
  frame = null;
  const start = performance.now();
  // What is due now; a draw that asks again (a chart created this frame) waits for the next one.
  for (const draw of [...queue]) {
    if (!queue.has(draw)) continue;
    queue.delete(draw);
    try {
      draw();
    } catch (e) {
      // One broken chart must not stop the others from drawing.
      console.error(e);
    }
    if (performance.now() - start >= FRAME_BUDGET_MS) break;
  }
  if (queue.size && frame === null) frame = requestAnimationFrame(run);
}

/** Runs `draw` in an upcoming animation frame; asking again before then is a no-op. */
export function requestDraw(draw: () => void): void {
  queue.add(draw);
  if (frame === null) frame = requestAnimationFrame(run);
}

export function cancelDraw(draw: () => void): void {
  queue.delete(draw);
}
