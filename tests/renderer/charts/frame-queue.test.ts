// The chart draw queue: draws wait for an animation frame, then run in a task of their own (not
// inside the frame callback, whose task also carries layout and the canvas commit), each draw is
// a task, a frame's draws stop once the time budget is spent, and the rest wait for later frames.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

let frames: (() => void)[] = [];
let clock = 0;

beforeEach(() => {
  vi.resetModules();
  vi.useFakeTimers();
  frames = [];
  clock = 0;
  vi.stubGlobal('requestAnimationFrame', (cb: () => void) => frames.push(cb));
  vi.spyOn(performance, 'now').mockImplementation(() => clock);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** Fires the pending animation frame, as the browser would. */
function fireFrame(): void {
  const due = frames;
  frames = [];
  for (const cb of due) cb();
}

const load = () => import('../../../renderer/src/components/charts/frameQueue');

describe('the chart draw queue', () => {
  it('draws after the next frame, in a task of its own rather than in the frame callback', async () => {
    const { requestDraw } = await load();
    const log: string[] = [];
    requestDraw(() => log.push('draw'));
    requestDraw(() => log.push('draw 2'));
    expect(frames).toHaveLength(1);
    fireFrame();
    expect(log).toEqual([]);
    vi.runAllTimers();
    expect(log).toEqual(['draw', 'draw 2']);
    expect(frames).toHaveLength(0);
  });

  it('runs each draw in a task of its own, so input between two draws is not held up by both', async () => {
    const { requestDraw } = await load();
    const log: number[] = [];
    for (let k = 0; k < 3; k++) requestDraw(() => log.push(k));
    fireFrame();
    for (let task = 1; task <= 3; task++) {
      vi.advanceTimersToNextTimer();
      expect(log).toHaveLength(task);
    }
    expect(frames).toHaveLength(0);
  });

  it('asking twice before the frame draws once', async () => {
    const { requestDraw } = await load();
    const draw = vi.fn();
    requestDraw(draw);
    requestDraw(draw);
    fireFrame();
    vi.runAllTimers();
    expect(draw).toHaveBeenCalledTimes(1);
  });

  it('spreads draws that overrun the budget over later frames, at least one per frame', async () => {
    const { FRAME_BUDGET_MS, requestDraw } = await load();
    const log: number[] = [];
    const slow = (k: number) => () => {
      log.push(k);
      clock += FRAME_BUDGET_MS * 3;
    };
    for (let k = 0; k < 3; k++) requestDraw(slow(k));
    for (let frame = 1; frame <= 3; frame++) {
      expect(frames).toHaveLength(1);
      fireFrame();
      vi.runAllTimers();
      expect(log).toHaveLength(frame);
    }
    expect(log).toEqual([0, 1, 2]);
    expect(frames).toHaveLength(0);
  });

  it('runs several cheap draws in one frame', async () => {
    const { requestDraw } = await load();
    const log: number[] = [];
    for (let k = 0; k < 5; k++) requestDraw(() => log.push(k));
    fireFrame();
    vi.runAllTimers();
    expect(log).toEqual([0, 1, 2, 3, 4]);
  });

  it('a draw asked for during a draw waits for the next frame; a cancelled draw never runs', async () => {
    const { cancelDraw, requestDraw } = await load();
    const log: string[] = [];
    const again = () => log.push('again');
    const cancelled = vi.fn();
    requestDraw(() => {
      log.push('first');
      requestDraw(again);
    });
    requestDraw(cancelled);
    cancelDraw(cancelled);
    fireFrame();
    vi.runAllTimers();
    expect(log).toEqual(['first']);
    fireFrame();
    vi.runAllTimers();
    expect(log).toEqual(['first', 'again']);
    expect(cancelled).not.toHaveBeenCalled();
  });

  it('one broken draw does not stop the others', async () => {
    const { requestDraw } = await load();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const ok = vi.fn();
    requestDraw(() => {
      throw new Error('broken chart');
    });
    requestDraw(ok);
    fireFrame();
    vi.runAllTimers();
    expect(ok).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledTimes(1);
  });

  it('draws a hidden chart in idle time only while the window is idle (no run training)', async () => {
    const { requestIdleDraw, setWindowIdle } = await load();
    let training = true;
    setWindowIdle(() => !training);
    const idle: (() => void)[] = [];
    const draw = vi.fn();
    requestIdleDraw(draw, (task) => idle.push(task));
    expect(draw).not.toHaveBeenCalled();
    idle.shift()!();
    expect(draw).not.toHaveBeenCalled();
    training = false;
    requestIdleDraw(draw, (task) => idle.push(task));
    idle.shift()!();
    expect(draw).toHaveBeenCalledTimes(1);
  });
});
