// The training loop: seeded epochs of shuffled mini-batches, between which it can pause, resume
// or stop; it emits typed events and halts at the first non-finite loss, gradient or weight.

import { now, yieldToHost } from './clock';
import { normalizerArrays } from './data/batch';
import type { Normalizer } from './data/normalize';
import type { Dataset, Table } from './datasets/types';
import { layerDiagnostics } from './diagnostics';
import { Evaluator } from './evaluate';
import type { DoneEvent, EvalResult, FailedEvent, TrainingEvent } from './events';
import type { Model } from './model';
import type { OptimizerConfig } from './optimizers';
import { Random, STREAM } from './random';
import { learningRateAt, type ScheduleConfig } from './schedules';
import type { TrainingConfig } from './training-config';
import { EarlyStopping } from './training/early-stopping';
import { TrainingStep } from './training/step';
import { BatchEvents, DiagnosticsClock, Slices, Throughput } from './training/throttles';

export interface TrainingData {
  dataset: Dataset;
  /** Rows of dataset.train used for training and for validation (disjoint). */
  trainRows: Int32Array;
  validationRows: Int32Array | null;
  /** The test rows and their table: the dataset's own test split, or rows held out of train. */
  test: { table: Table; rows: Int32Array } | null;
  normalizer: Normalizer;
}

export interface RunSetup {
  model: Model;
  optimizer: OptimizerConfig;
  schedule: ScheduleConfig;
  training: TrainingConfig;
  seed: number;
  data: TrainingData;
  /** Problems found before training (e.g. a binary step blocking gradients), echoed in 'started'. */
  warnings?: string[];
}

export interface TrainerTiming {
  /** Longest stretch of batches before yielding to the host's event loop. */
  sliceMs: number;
  /** Least time between two 'batch' events. */
  batchEventMs: number;
  /** Least time between two 'diagnostics' events; 0 gives one every step. */
  diagnosticsMs: number;
  /**
   * Least time between diagnostics taken at the end of an epoch, besides the ones above: a short
   * run still gets one per epoch for the charts, a long fast run no more than this allows.
   */
  epochDiagnosticsMs: number;
  /**
   * Diagnostics spread evenly over the run's steps, however fast it goes: a run over in half a
   * second still draws a curve of this many points per layer (0: none beyond the timed ones).
   */
  diagnosticsPoints: number;
  /** Batch events spread evenly over the run's steps, however fast it goes (0: only the timed ones). */
  batchPoints: number;
}

const DEFAULT_TIMING: TrainerTiming = { sliceMs: 20, batchEventMs: 100, diagnosticsMs: 250, epochDiagnosticsMs: 50, diagnosticsPoints: 24, batchPoints: 200 };

type Control = 'run' | 'pause' | 'stop';

/** What one run holds from start to end: its step, evaluator, clocks and progress. */
interface RunState {
  readonly step: TrainingStep;
  readonly evaluator: Evaluator;
  /** The training rows in this epoch's order. */
  readonly order: Int32Array;
  readonly throughput: Throughput;
  readonly slices: Slices;
  readonly batchEvents: BatchEvents;
  readonly diagnostics: DiagnosticsClock;
  /** Optimizer steps taken. */
  steps: number;
}

/** How an epoch's batches ended: all trained, a stop request, or a failed step. */
type EpochEnd = { type: 'trained'; loss: number; correct: number } | { type: 'stopped' } | FailedEvent;

export class Trainer {
  private control: Control = 'run';
  private wake: (() => void) | null = null;
  private readonly timing: TrainerTiming;

  constructor(
    private readonly setup: RunSetup,
    private readonly emit: (event: TrainingEvent) => void,
    timing: Partial<TrainerTiming> = {},
  ) {
    this.timing = { ...DEFAULT_TIMING, ...timing };
    const { model, training } = setup;
    if (training.batchSize > model.network.capacity) {
      throw new Error(`Batch size ${training.batchSize} exceeds the network's capacity ${model.network.capacity}`);
    }
  }

  pause(): void {
    if (this.control === 'run') this.control = 'pause';
  }

  resume(): void {
    if (this.control === 'pause') this.control = 'run';
    this.wake?.();
  }

  stop(): void {
    this.control = 'stop';
    this.wake?.();
  }

  async run(): Promise<DoneEvent | FailedEvent> {
    const { model, training, data, seed } = this.setup;
    const net = model.network;
    const norm = normalizerArrays(data.normalizer);
    const order = Int32Array.from(data.trainRows);
    if (order.length === 0) throw new Error('The training split is empty');
    const step = new TrainingStep(model, data, norm, this.setup.optimizer);
    const evaluator = new Evaluator(model, data.dataset.numFeatures, norm, data.dataset.targetSize);
    const early = training.earlyStopping ? new EarlyStopping(training.earlyStopping, net) : null;
    const shuffleRng = new Random(seed, STREAM.shuffle);

    this.emit({
      type: 'started',
      epochs: training.epochs,
      stepsPerEpoch: Math.ceil(order.length / training.batchSize),
      trainSize: order.length,
      validationSize: data.validationRows?.length ?? 0,
      testSize: data.test?.rows.length ?? 0,
      parameterCount: net.parameterCount,
      kernel: net.kernel.name,
      threads: net.kernel.threads,
      warnings: this.setup.warnings ?? [],
    });

    const startTime = now();
    const totalSteps = training.epochs * Math.ceil(order.length / training.batchSize);
    // The clocks start with the training, after 'started' is out.
    const run: RunState = {
      step,
      evaluator,
      order,
      throughput: new Throughput(),
      slices: new Slices(this.timing.sliceMs),
      batchEvents: new BatchEvents(this.timing.batchEventMs, model.task === 'classification', {
        totalSteps,
        points: this.timing.batchPoints,
      }),
      diagnostics: new DiagnosticsClock(this.timing.diagnosticsMs, this.timing.epochDiagnosticsMs, {
        totalSteps,
        points: this.timing.diagnosticsPoints,
      }),
      steps: 0,
    };
    let reason: DoneEvent['reason'] = 'completed';
    let epochsDone = 0;
    for (let epoch = 0; epoch < training.epochs; epoch++) {
      const lr = learningRateAt(this.setup.schedule, this.setup.optimizer.lr, epoch, training.epochs);
      if (training.shuffle) shuffleRng.shuffle(order);
      const epochStart = now();
      const end = await this.trainEpoch(run, epoch, lr);
      if (end.type === 'failed') return end;
      if (end.type === 'stopped') {
        reason = 'stopped';
        epochsDone = epoch;
        break;
      }
      const monitored = this.endEpoch(run, epoch, lr, end, epochStart);
      epochsDone = epoch + 1;
      if (early?.shouldStop(epoch, monitored)) {
        reason = 'early-stopped';
        break;
      }
    }
    // The steps since the last 'batch' event: the batch curve reaches the end of the run.
    const rest = run.batchEvents.rest(Math.max(0, epochsDone - 1), run.steps, run.throughput);
    if (rest) this.emit(rest);
    return this.finish(run, reason, epochsDone, startTime, early);
  }

  /** One pass over the training rows in batches, yielding to the host between slices of them. */
  private async trainEpoch(run: RunState, epoch: number, lr: number): Promise<EpochEnd> {
    const { step, order, throughput, batchEvents, diagnostics } = run;
    const n = order.length;
    const bs = this.setup.training.batchSize;
    const classification = this.setup.model.task === 'classification';
    step.saveCheckpoint(run.steps);
    let loss = 0;
    let correct = 0;
    for (let start = 0; start < n; start += bs) {
      const count = Math.min(bs, n - start);
      const t0 = now();
      const batchLoss = step.gradients(order, start, count, epoch, run.steps);
      if (typeof batchLoss !== 'number') return this.fail(batchLoss.message, epoch, run.steps, batchLoss.layer);
      const diagnose = diagnostics.due(start + count >= n, run.steps + 1);
      const failure = step.update(lr, diagnose, epoch, run.steps);
      if (failure) return this.fail(failure.message, epoch, run.steps, failure.layer);
      throughput.add(now() - t0, count);
      run.steps++;
      loss += batchLoss * count;
      const right = classification ? step.correct(count) : 0;
      correct += right;
      batchEvents.add(batchLoss, right, count);
      const event = batchEvents.due(epoch, run.steps, throughput);
      if (event) this.emit(event);
      if (diagnose) {
        this.emit({ type: 'diagnostics', epoch, step: run.steps, layers: layerDiagnostics(this.setup.model.network, count, step.previous) });
        diagnostics.taken(run.steps);
      }
      if (run.slices.over || this.control !== 'run') {
        await this.yieldAndObey(epoch, run.steps);
        run.slices.restart();
        if (this.control === 'stop') return { type: 'stopped' };
      }
    }
    return { type: 'trained', loss, correct };
  }

  /** The epoch's event (training figures, validation); returns the loss early stopping watches. */
  private endEpoch(run: RunState, epoch: number, lr: number, sums: { loss: number; correct: number }, epochStart: number): number {
    const { data, model } = this.setup;
    const n = run.order.length;
    const train: EvalResult = { loss: sums.loss / n };
    if (model.task === 'classification') train.accuracy = sums.correct / n;
    const validation = data.validationRows?.length ? run.evaluator.evaluate(data.dataset.train, data.validationRows) : undefined;
    const seconds = (now() - epochStart) / 1000;
    this.emit({ type: 'epoch', epoch, lr, train, validation, seconds, samplesPerSecond: n / seconds });
    return validation ? validation.loss : train.loss;
  }

  /** The final evaluation of every split, as the run's 'done' event. */
  private finish(run: RunState, reason: DoneEvent['reason'], epochs: number, startTime: number, early: EarlyStopping | null): DoneEvent {
    const { data } = this.setup;
    const { evaluator } = run;
    const done: DoneEvent = {
      type: 'done',
      reason,
      epochs,
      steps: run.steps,
      train: evaluator.evaluateFinal(data.dataset.train, data.trainRows),
      seconds: (now() - startTime) / 1000,
      samplesPerSecond: run.throughput.samplesPerSecond,
    };
    if (early && early.bestEpoch >= 0) done.bestEpoch = early.bestEpoch;
    if (data.validationRows?.length) done.validation = evaluator.evaluateFinal(data.dataset.train, data.validationRows);
    if (data.test) done.test = evaluator.evaluateFinal(data.test.table, data.test.rows);
    this.emit(done);
    return done;
  }

  private fail(message: string, epoch: number, step: number, layer: number | null): FailedEvent {
    const event: FailedEvent = { type: 'failed', message, epoch, step, layer };
    this.emit(event);
    return event;
  }

  /** Yields to the host, then waits while paused; returns when running again or stopping. */
  private async yieldAndObey(epoch: number, step: number): Promise<void> {
    await yieldToHost();
    if (this.control !== 'pause') return;
    this.emit({ type: 'paused', epoch, step });
    while (this.control === 'pause') {
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
    if (this.control === 'run') this.emit({ type: 'resumed', epoch, step });
  }
}
