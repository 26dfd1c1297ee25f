// One queue of chart redraws for the whole window. Each chart limits itself to a few redraws
// a second, but eight charts that happen to become due together would still land in the same
// animation frame and add up to one long task; the queue spreads them over frames instead,
// running draws after a frame only until a small time budget is spent (at least one per frame).
//
// The draws run in tasks of their own posted from the animation frame, not in the frame
// callback: a frame's task also holds style, layout and the compositor commit of every canvas
// drawn (tens of milliseconds for a panel of charts in a software-rendered window), and a
// chart's draw on top of that made the frame one long task. Each draw is a task of its own too:
// input waiting between two draws is handled between them, and a quick draw followed by a
// chart's first draw with data (several times its usual cost) never adds up to one long task.

/** Time for chart drawing per frame, leaving the rest of the ~16 ms for input and layout. */
export const FRAME_BUDGET_MS = 8;

const queue = new Set<() => void>();
let frame: number | null = null;
let posted = false;
/** When the current frame's drawing began. */
let frameStart = 0;
/** Draws due in the current frame; a draw asked for during them (a chart created this frame) waits for the next. */
let due = new Set<() => void>();

function run(): void {
  posted = false;
  const next = due.values().next();
  if (!next.done) {
    const draw = next.value;
    due.delete(draw);
    queue.delete(draw);
    try {
      draw();
    } catch (e) {
      // One broken chart must not stop the others from drawing.
      console.error(e);
    }
  }
  for (const draw of due) if (!queue.has(draw)) due.delete(draw);
  if (due.size && performance.now() - frameStart < FRAME_BUDGET_MS) {
    posted = true;
    setTimeout(run, 0);
    return;
  }
  due = new Set();
  schedule();
}

function onFrame(): void {
  frame = null;
  posted = true;
  frameStart = performance.now();
  due = new Set(queue);
  setTimeout(run, 0);
}

function schedule(): void {
  if (queue.size && frame === null && !posted) frame = requestAnimationFrame(onFrame);
}

/** Runs `draw` after an upcoming animation frame; asking again before then is a no-op. */
export function requestDraw(draw: () => void): void {
  queue.add(draw);
  schedule();
}

export function cancelDraw(draw: () => void): void {
  queue.delete(draw);
}

// Charts on a hidden tab are not drawn in the queue: a draw nobody sees can wait. Those whose
// option changed while hidden (a new dataset while another tab is shown) are drawn in idle time
// instead, but only while no run is training: then showing the tab mid-run costs no full redraw.

let windowIdle: () => boolean = () => true;

/** Says when the window has nothing running that a hidden chart's draw would slow (no run). */
export function setWindowIdle(idle: () => boolean): void {
  windowIdle = idle;
}

/** Runs a task when the window is idle (requestIdleCallback; a stand-in in tests). */
export type IdleScheduler = (task: () => void) => void;

const onIdle: IdleScheduler = (task) =>
  typeof requestIdleCallback === 'function' ? requestIdleCallback(task) : setTimeout(task, 50);

/** Runs `draw` in idle time if the window is idle then; otherwise never (the chart stays due). */
export function requestIdleDraw(draw: () => void, schedule: IdleScheduler = onIdle): void {
  schedule(() => {
    if (windowIdle()) draw();
  });
}
