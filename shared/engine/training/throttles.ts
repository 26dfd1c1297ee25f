// The clocks of a run: how much of it is spent training (for samples per second), when the
// trainer yields to the host, and when it reports a 'batch' event or takes diagnostics, each at a
// bounded rate so a fast run does not flood the UI. Wall-clock milliseconds from clock.now().

import { now } from '../clock';
import type { TrainingEvent } from '../events';

type BatchEvent = Extract<TrainingEvent, { type: 'batch' }>;

/** Samples trained on and the milliseconds their steps took, pauses and evaluations excluded. */
export class Throughput {
  private ms = 0;
  private samples = 0;

  add(ms: number, samples: number): void {
    this.ms += ms;
    this.samples += samples;
  }

  get samplesPerSecond(): number {
    return this.ms > 0 ? (this.samples * 1000) / this.ms : 0;
  }
}

/** Stretches of steps between yields to the host's event loop. */
export class Slices {
  private start = now();

  constructor(private readonly ms: number) {}

  get over(): boolean {
    return now() - this.start >= this.ms;
  }

  restart(): void {
    this.start = now();
  }
}

/** The 'batch' events: the mean loss (and accuracy) of the steps since the last one, one per interval and at evenly spread steps. */
export class BatchEvents {
  private last = now();
  private nextMark: number;
  private lossSum = 0;
  private lossCount = 0;
  private correct = 0;
  private samples = 0;

  /**
   * `spread`: besides one every `everyMs`, an event at each of `points` marks spread evenly over
   * the run's steps, so a run over in a tenth of a second still draws a batch curve.
   */
  constructor(
    private readonly everyMs: number,
    private readonly classification: boolean,
    private readonly spread: { totalSteps: number; points: number } = { totalSteps: 0, points: 0 },
  ) {
    this.nextMark = this.mark(1);
  }

  private mark(k: number): number {
    const { totalSteps, points } = this.spread;
    return points > 0 && totalSteps > 0 ? Math.max(1, Math.ceil((k * totalSteps) / points)) : Infinity;
  }

  add(loss: number, correct: number, samples: number): void {
    this.lossSum += loss;
    this.lossCount++;
    this.correct += correct;
    this.samples += samples;
  }

  /** The event that is due, starting the next interval; null before the interval is over. */
  due(epoch: number, step: number, throughput: Throughput): BatchEvent | null {
    if (step < this.nextMark && now() - this.last < this.everyMs) return null;
    return this.rest(epoch, step, throughput);
  }

  /** The event of the steps not reported yet, whether due or not; null when there are none. */
  rest(epoch: number, step: number, throughput: Throughput): BatchEvent | null {
    if (this.lossCount === 0) return null;
    const t = now();
    const event: BatchEvent = {
      type: 'batch',
      epoch,
      step,
      loss: this.lossSum / this.lossCount,
      ...(this.classification ? { accuracy: this.correct / this.samples } : {}),
      samplesPerSecond: throughput.samplesPerSecond,
    };
    this.last = t;
    let k = 1;
    while (this.mark(k) <= step) k++;
    this.nextMark = this.mark(k);
    this.lossSum = 0;
    this.lossCount = 0;
    this.correct = 0;
    this.samples = 0;
    return event;
  }
}

/**
 * When to take diagnostics: every `everyMs`, at the end of an epoch once `epochEveryMs` have
 * passed (a short run still gets one per epoch, a long fast run no more than that allows), and at
 * `points` marks spread evenly over the run's steps, so a run too fast for either still has a curve.
 */
export class DiagnosticsClock {
  private last = -Infinity;
  private nextMark: number;

  constructor(
    private readonly everyMs: number,
    private readonly epochEveryMs: number,
    private readonly spread: { totalSteps: number; points: number } = { totalSteps: 0, points: 0 },
  ) {
    this.nextMark = this.mark(1);
  }

  /** The step of the k-th of the evenly spread points; never, without any. */
  private mark(k: number): number {
    const { totalSteps, points } = this.spread;
    return points > 0 && totalSteps > 0 ? Math.max(1, Math.ceil((k * totalSteps) / points)) : Infinity;
  }

  /** Whether to take them at `step` (counted from 1), the last step of an epoch or not. */
  due(epochEnd: boolean, step = 0): boolean {
    const since = now() - this.last;
    return step >= this.nextMark || since >= this.everyMs || (epochEnd && since >= this.epochEveryMs);
  }

  taken(step = 0): void {
    this.last = now();
    // The next mark after this step: timed diagnostics near a mark stand for it.
    let k = 1;
    while (this.mark(k) <= step) k++;
    this.nextMark = this.mark(k);
  }
}
