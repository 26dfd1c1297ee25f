// The training loop: seeded epochs of shuffled mini-batches, between which it can pause, resume
// or stop; it emits typed events and halts at the first non-finite loss, gradient or weight.

import { now, yieldToHost } from './clock';
import { allocBatch, gatherBatch, normalizerArrays, prepareGather } from './data/batch';
import type { Normalizer } from './data/normalize';
import type { Dataset, Table } from './datasets/types';
import { layerDiagnostics } from './diagnostics';
import { Evaluator } from './evaluate';
import type { DoneEvent, EvalResult, FailedEvent, TrainingEvent } from './events';
import { predictedClass, type Model } from './model';
import { createOptimizer, type OptimizerConfig } from './optimizers';
import { Random, STREAM } from './random';
import { learningRateAt, type ScheduleConfig } from './schedules';
import { allFinite, allocFloats, type Floats } from './tensor';
import type { TrainingConfig } from './training-config';

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
}

const DEFAULT_TIMING: TrainerTiming = { sliceMs: 20, batchEventMs: 100, diagnosticsMs: 250, epochDiagnosticsMs: 50 };

type Control = 'run' | 'pause' | 'stop';

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
    const { dataset } = data;
    const features = dataset.numFeatures;
    const cols = net.outputSize;
    const norm = normalizerArrays(data.normalizer);
    const batch = allocBatch(net.alloc, net.capacity, features, cols);
    prepareGather(dataset.train, batch);
    if (data.test) prepareGather(data.test.table, batch);
    const evaluator = new Evaluator(model, features, norm, dataset.targetSize);
    const optimizer = createOptimizer(this.setup.optimizer, net.params, net.alloc);
    const fast = net.alloc.fast;
    const finite = (a: Floats) => fast.allFinite(a, a.length) ?? allFinite(a);
    const shuffleRng = new Random(seed, STREAM.shuffle);
    const order = Int32Array.from(data.trainRows);
    const n = order.length;
    if (n === 0) throw new Error('The training split is empty');
    const bs = training.batchSize;
    const stepsPerEpoch = Math.ceil(n / bs);
    // Values before an update, the reference for update-to-weight ratios: copied only before the
    // updates whose diagnostics are reported (a few a second), not before every step.
    const previous: Floats[] = net.params.map((p) => allocFloats(net.dtype, p.value.length));
    // Everything a checkpoint or the best epoch keeps: parameters and buffers (batch-norm statistics).
    const state = [...net.params, ...net.buffers];
    const early = training.earlyStopping;
    const best: Floats[] = early ? state.map((p) => allocFloats(net.dtype, p.value.length)) : [];
    // The last good weights, should an update turn them non-finite: copied at the start of each
    // epoch. A loss or gradient that is not finite stops the run before its update, so the weights
    // of that very step are kept; only an update that overflows finite values falls back to these.
    const checkpoint: Floats[] = state.map((p) => allocFloats(net.dtype, p.value.length));
    let checkpointStep = 0;
    const classification = model.task === 'classification';

    this.emit({
      type: 'started',
      epochs: training.epochs,
      stepsPerEpoch,
      trainSize: n,
      validationSize: data.validationRows?.length ?? 0,
      testSize: data.test?.rows.length ?? 0,
      parameterCount: net.parameterCount,
      kernel: net.kernel.name,
      threads: net.kernel.threads,
      warnings: this.setup.warnings ?? [],
    });

    const startTime = now();
    let trainingMs = 0;
    let samplesSeen = 0;
    let step = 0;
    let sliceStart = now();
    let lastBatchEvent = now();
    let lastDiagnostics = -Infinity;
    let eventLossSum = 0;
    let eventLossCount = 0;
    let eventCorrect = 0;
    let eventSamples = 0;
    let bestLoss = Infinity;
    let bestEpoch = -1;
    let sinceBest = 0;
    let reason: DoneEvent['reason'] = 'completed';
    let epochsDone = 0;

    const fail = (message: string, epoch: number, layer: number | null): FailedEvent => {
      const event: FailedEvent = { type: 'failed', message, epoch, step, layer };
      this.emit(event);
      return event;
    };

    outer: for (let epoch = 0; epoch < training.epochs; epoch++) {
      const lr = learningRateAt(this.setup.schedule, this.setup.optimizer.lr, epoch, training.epochs);
      if (training.shuffle) shuffleRng.shuffle(order);
      const epochStart = now();
      state.forEach((p, i) => checkpoint[i].set(p.value));
      checkpointStep = step;
      let epochLoss = 0;
      let epochCorrect = 0;
      for (let start = 0; start < n; start += bs) {
        const count = Math.min(bs, n - start);
        // A step, as timed for samples per second, includes gathering its batch (as PyTorch's
        // indexing of its batch is inside the loop it times).
        const t0 = now();
        gatherBatch(dataset.train, features, order, start, count, norm, batch, cols, model.needsOneHot);
        const loss = model.computeGradients(batch.x, batch.targets, count);
        if (!Number.isFinite(loss)) {
          return fail(this.nonFiniteLossMessage(loss, count, epoch, step), epoch, this.firstNonFiniteLayer(count));
        }
        for (const p of net.params) {
          if (!finite(p.grad)) {
            const layer = Number(p.name.split('.')[1]);
            return fail(
              `Training stopped at epoch ${epoch + 1}, step ${step + 1}: the gradient of ${p.name} (${net.layers[layer].label}) is not finite. The weights from before this step are kept.`,
              epoch,
              layer,
            );
          }
        }
        const epochEnd = start + count >= n;
        const sinceDiagnostics = now() - lastDiagnostics;
        const diagnose = sinceDiagnostics >= this.timing.diagnosticsMs || (epochEnd && sinceDiagnostics >= this.timing.epochDiagnosticsMs);
        if (diagnose) for (let i = 0; i < previous.length; i++) previous[i].set(net.params[i].value);
        optimizer.step(lr);
        for (const p of net.params) {
          if (!finite(p.value)) {
            state.forEach((q, i) => q.value.set(checkpoint[i]));
            const layer = Number(p.name.split('.')[1]);
            const kept = checkpointStep === step ? 'The weights from before this step are kept.' : `The weights from the start of epoch ${epoch + 1} (before step ${checkpointStep + 1}) are kept.`;
            return fail(
              `Training stopped at epoch ${epoch + 1}, step ${step + 1}: the update made ${p.name} (${net.layers[layer].label}) non-finite (learning rate ${lr} too large?). ${kept}`,
              epoch,
              layer,
            );
          }
        }
        trainingMs += now() - t0;
        step++;
        samplesSeen += count;
        epochLoss += loss * count;
        if (classification) {
          const out = model.output();
          const labels = batch.targets.labels;
          let correct = 0;
          for (let i = 0; i < count; i++) if (predictedClass(out, i, cols) === labels[i]) correct++;
          epochCorrect += correct;
          eventCorrect += correct;
        }
        eventLossSum += loss;
        eventLossCount++;
        eventSamples += count;
        const t = now();
        if (t - lastBatchEvent >= this.timing.batchEventMs) {
          this.emit({
            type: 'batch',
            epoch,
            step,
            loss: eventLossSum / eventLossCount,
            ...(classification ? { accuracy: eventCorrect / eventSamples } : {}),
            samplesPerSecond: trainingMs > 0 ? (samplesSeen * 1000) / trainingMs : 0,
          });
          lastBatchEvent = t;
          eventLossSum = 0;
          eventLossCount = 0;
          eventCorrect = 0;
          eventSamples = 0;
        }
        if (diagnose) {
          this.emit({ type: 'diagnostics', epoch, step, layers: layerDiagnostics(net, count, previous) });
          lastDiagnostics = now();
        }
        if (now() - sliceStart >= this.timing.sliceMs || this.control !== 'run') {
          await this.yieldAndObey(epoch, step);
          sliceStart = now();
          if (this.control === 'stop') {
            reason = 'stopped';
            epochsDone = epoch;
            break outer;
          }
        }
      }
      const train: EvalResult = { loss: epochLoss / n };
      if (classification) train.accuracy = epochCorrect / n;
      const validation = data.validationRows?.length ? evaluator.evaluate(dataset.train, data.validationRows) : undefined;
      const seconds = (now() - epochStart) / 1000;
      this.emit({ type: 'epoch', epoch, lr, train, validation, seconds, samplesPerSecond: n / seconds });
      epochsDone = epoch + 1;

      if (early) {
        const monitored = validation ? validation.loss : train.loss;
        if (monitored < bestLoss - early.minDelta) {
          bestLoss = monitored;
          bestEpoch = epoch;
          sinceBest = 0;
          state.forEach((p, i) => best[i].set(p.value));
        } else if (++sinceBest >= early.patience) {
          reason = 'early-stopped';
          if (early.restoreBest) state.forEach((p, i) => p.value.set(best[i]));
          break;
        }
      }
    }

    const done: DoneEvent = {
      type: 'done',
      reason,
      epochs: epochsDone,
      steps: step,
      train: evaluator.evaluateFinal(dataset.train, data.trainRows),
      seconds: (now() - startTime) / 1000,
      samplesPerSecond: trainingMs > 0 ? (samplesSeen * 1000) / trainingMs : 0,
    };
    if (bestEpoch >= 0) done.bestEpoch = bestEpoch;
    if (data.validationRows?.length) done.validation = evaluator.evaluateFinal(dataset.train, data.validationRows);
    if (data.test) done.test = evaluator.evaluateFinal(data.test.table, data.test.rows);
    this.emit(done);
    return done;
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

  private firstNonFiniteLayer(count: number): number | null {
    const net = this.setup.model.network;
    for (let i = 0; i < net.layers.length; i++) {
      if (!allFinite(net.layerOutput(i), count * net.layers[i].outSize)) return i;
    }
    return null;
  }

  private nonFiniteLossMessage(loss: number, count: number, epoch: number, step: number): string {
    const net = this.setup.model.network;
    const layer = this.firstNonFiniteLayer(count);
    const where =
      layer === null
        ? 'every layer output is finite, so the loss itself overflowed'
        : `the first non-finite values appear in the output of layer ${layer} (${net.layers[layer].label})`;
    return `Training stopped at epoch ${epoch + 1}, step ${step + 1}: the loss is ${loss}; ${where}. The weights from before this step are kept.`;
  }
}
