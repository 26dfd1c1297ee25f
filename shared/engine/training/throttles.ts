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

/** How a run's steps are spread into evenly placed marks: `points` of them over `totalSteps`. */
export interface StepSpread {
  totalSteps: number;
  points: number;
}

/**
 * Marks spread evenly over a run's steps, so that something taken at a time interval is also
 * taken often enough on a run too fast for the interval. No points: no marks.
 */
class StepMarks {
  private next: number;

  constructor(private readonly spread: StepSpread) {
    this.next = this.mark(1);
  }

  /** The step of the k-th mark (counted from 1). */
  private mark(k: number): number {
    const { totalSteps, points } = this.spread;
    return points > 0 && totalSteps > 0 ? Math.max(1, Math.ceil((k * totalSteps) / points)) : Infinity;
  }

  /** Whether `step` has reached the next mark. */
  reached(step: number): boolean {
    return step >= this.next;
  }

  /** Something was taken at `step`: the next mark is the first after it. */
  taken(step: number): void {
    let k = 1;
    while (this.mark(k) <= step) k++;
    this.next = this.mark(k);
  }
}

const NO_SPREAD: StepSpread = { totalSteps: 0, points: 0 };

/** The 'batch' events: the mean loss (and accuracy) of the steps since the last one, one per interval and at evenly spread steps. */
export class BatchEvents {
  private last = now();
  private readonly marks: StepMarks;
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
    spread: StepSpread = NO_SPREAD,
  ) {
    this.marks = new StepMarks(spread);
  }

  add(loss: number, correct: number, samples: number): void {
    this.lossSum += loss;
    this.lossCount++;
    this.correct += correct;
    this.samples += samples;
  }

  /** The event that is due, starting the next interval; null before the interval is over. */
  due(epoch: number, step: number, throughput: Throughput): BatchEvent | null {
    if (!this.marks.reached(step) && now() - this.last < this.everyMs) return null;
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
    this.marks.taken(step);
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
  private readonly marks: StepMarks;

  constructor(
    private readonly everyMs: number,
    private readonly epochEveryMs: number,
    spread: StepSpread = NO_SPREAD,
  ) {
    this.marks = new StepMarks(spread);
  }

  /** Whether to take them at `step` (counted from 1), the last step of an epoch or not. */
  due(epochEnd: boolean, step = 0): boolean {
    const since = now() - this.last;
    return this.marks.reached(step) || since >= this.everyMs || (epochEnd && since >= this.epochEveryMs);
  }

  taken(step = 0): void {
    this.last = now();
    // Timed diagnostics near a mark stand for it.
    this.marks.taken(step);
  }
}
