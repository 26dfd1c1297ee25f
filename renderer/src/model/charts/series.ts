// Everything the live charts draw for one training run, built by folding its TrainingEvents in
// order. Plain data and no framework: the store keeps one per run (markRaw'd, so Vue does not
// proxy thousands of points) and bumps a counter when `revision` changes; charts read it at
// their own bounded rate.

import type { DoneEvent, EvalResult, FailedEvent, LayerDiagnostics, TrainingEvent } from '../../../../shared/engine/events';
import type { RunEvent, RunRecord, RunStatus } from '../../../../shared/project/container';
import { BoundedSeries } from './bounded';
import { emaStep, emptyEma, SMOOTHING, type EmaState } from './smoothing';

export type StartedEvent = Extract<TrainingEvent, { type: 'started' }>;
export type EpochEvent = Extract<TrainingEvent, { type: 'epoch' }>;

/** 'interrupted': a saved run that had not ended when the project was saved. */
export type RunState = 'idle' | 'running' | 'paused' | 'done' | 'failed' | 'interrupted';

export type Metric = 'loss' | 'accuracy' | 'mae' | 'rmse' | 'r2';
export type Split = 'train' | 'validation';

/** The per-layer quantities tracked over time, in the column order of the layer histories. */
export const LAYER_COLUMNS = ['gradNorm', 'weightNorm', 'updateRatio', 'deadFraction', 'saturatedFraction'] as const;
export type LayerColumn = (typeof LAYER_COLUMNS)[number];

/** Per-batch points kept (raw and smoothed loss and accuracy); about one per pixel of a wide chart. */
export const BATCH_CAP = 2000;
const BATCH_COLUMNS = ['mean', 'last', 'mean', 'last'] as const;
/** Diagnostics points kept per layer; they arrive at most 4 per second. */
export const DIAGNOSTICS_CAP = 600;

export interface LayerInfo {
  index: number;
  type: string;
  label: string;
}

export interface Progress {
  /** 0-based epoch in progress (or the last one when ended). */
  epoch: number;
  epochs: number | null;
  /** Optimizer steps taken since the start. */
  step: number;
  stepsPerEpoch: number | null;
  totalSteps: number | null;
  /** 0..1, null when the plan is unknown (a run loaded from a file). */
  fraction: number | null;
  samplesPerSecond: number | null;
  /** Seconds spent running (pauses excluded). */
  elapsedSeconds: number | null;
  /** Seconds left at the current pace, running or paused; null when unknown or ended. */
  etaSeconds: number | null;
}

interface Position {
  /** 0-based epoch in progress. */
  epoch: number;
  step: number;
  samplesPerSecond: number | null;
}

interface Timing {
  /** Wall-clock ms of 'started'; null for runs rebuilt from a file. */
  startedAt: number | null;
  pausedAt: number | null;
  pausedMs: number;
  /** Wall-clock ms of the newest event that moved the step counter. */
  progressAt: number | null;
}

export interface RunSeriesOptions {
  smoothing?: number;
  batchCap?: number;
  diagnosticsCap?: number;
}

export class RunSeries {
  /** Bumped by every ingested event; a cheap "has anything changed" key for the charts. */
  revision = 0;
  state: RunState = 'idle';
  /** A failure's message, or for saved runs the reason they ended. */
  message: string | null = null;
  started: StartedEvent | null = null;
  /** The epochs the run was set to train: its started event's, or a saved run's record. */
  plannedEpochs: number | null = null;
  readonly epochs: EpochEvent[] = [];
  done: DoneEvent | null = null;
  failure: FailedEvent | null = null;
  /** Latest diagnostics (histograms included) and the step they were taken at. */
  diagnostics: { step: number; layers: LayerDiagnostics[] } | null = null;
  /** The first diagnostics of the run, for "then vs now" histogram comparisons. */
  initialDiagnostics: LayerDiagnostics[] | null = null;
  layers: LayerInfo[] = [];

  readonly smoothing: number;
  private readonly batchCap: number;
  private readonly diagnosticsCap: number;
  /** x = step; columns: mean raw loss, smoothed loss, mean raw accuracy, smoothed accuracy. */
  private batch: BoundedSeries;
  private ema: EmaState = emptyEma();
  private emaAccuracy: EmaState = emptyEma();
  private position: Position = { epoch: 0, step: 0, samplesPerSecond: null };
  /** By layer index; x = step, columns as LAYER_COLUMNS. */
  private layerHistory: BoundedSeries[] = [];
  private timing: Timing = { startedAt: null, pausedAt: null, pausedMs: 0, progressAt: null };

  constructor(options: RunSeriesOptions = {}) {
    this.smoothing = options.smoothing ?? SMOOTHING;
    this.batchCap = options.batchCap ?? BATCH_CAP;
    this.diagnosticsCap = options.diagnosticsCap ?? DIAGNOSTICS_CAP;
    this.batch = new BoundedSeries(this.batchCap, BATCH_COLUMNS);
  }

  /** Folds one event in; `now` (ms) times the run for the ETA and is injectable for tests. */
  ingest(e: TrainingEvent, now: number = Date.now()): void {
    this.revision++;
    const pos = this.position;
    switch (e.type) {
      case 'started':
        this.reset();
        this.started = e;
        this.plannedEpochs = e.epochs;
        this.state = 'running';
        this.timing = { startedAt: now, pausedAt: null, pausedMs: 0, progressAt: now };
        return;
      case 'batch': {
        // The event's loss is the mean over the steps since the previous one: smoothed by steps.
        const steps = Math.max(1, e.step - pos.step);
        const smoothed = emaStep(this.ema, e.loss, steps, this.smoothing);
        // Accuracy only for classifiers; a regression run leaves the columns empty.
        const accuracy = e.accuracy ?? null;
        const smoothedAccuracy = accuracy === null ? null : emaStep(this.emaAccuracy, accuracy, steps, this.smoothing);
        this.batch.push(e.step, [e.loss, smoothed, accuracy, smoothedAccuracy]);
        this.moveTo(e.epoch, e.step, now);
        pos.samplesPerSecond = e.samplesPerSecond;
        return;
      }
      case 'epoch': {
        this.epochs.push(e);
        const spe = this.started?.stepsPerEpoch;
        const last = this.started ? this.started.epochs - 1 : e.epoch;
        this.moveTo(Math.min(e.epoch + 1, last), spe ? (e.epoch + 1) * spe : pos.step, now);
        pos.samplesPerSecond ??= e.samplesPerSecond;
        return;
      }
      case 'diagnostics':
        this.ingestDiagnostics(e.step, e.layers);
        this.moveTo(e.epoch, e.step, now);
        return;
      case 'paused':
        this.moveTo(e.epoch, e.step, now);
        this.state = 'paused';
        this.timing.pausedAt ??= now;
        return;
      case 'resumed':
        this.endPause(now);
        this.state = 'running';
        this.moveTo(e.epoch, e.step, now);
        return;
      case 'done':
        this.done = e;
        this.state = 'done';
        this.message = null;
        this.endPause(now);
        pos.epoch = Math.max(0, e.epochs - 1);
        pos.step = Math.max(pos.step, e.steps);
        pos.samplesPerSecond = e.samplesPerSecond;
        return;
      case 'failed':
        this.failure = e;
        this.state = 'failed';
        this.message = e.message;
        this.endPause(now);
        pos.epoch = e.epoch;
        pos.step = Math.max(pos.step, e.step);
        return;
    }
  }

  /** Rebuilds the epoch charts and final results of a saved run (per-batch data is not saved). */
  static fromRecord(record: Pick<RunRecord, 'status' | 'message' | 'events' | 'plannedEpochs'>, options?: RunSeriesOptions): RunSeries {
    const s = new RunSeries(options);
    for (const e of record.events) s.ingest(e, 0);
    s.plannedEpochs = record.plannedEpochs ?? null;
    if (record.status === 'interrupted') s.state = 'interrupted';
    else if (record.status === 'failed') s.state = 'failed';
    else s.state = 'done';
    if (record.message !== undefined) s.message = record.message;
    return s;
  }

  /** What a project file keeps of this run: its epochs and the final event, if it ended. */
  recordEvents(): RunEvent[] {
    const end = this.done ?? this.failure;
    return end ? [...this.epochs, end] : [...this.epochs];
  }

  /** The run's status as a project file spells it. */
  recordStatus(): RunStatus {
    if (this.done) return this.done.reason;
    if (this.failure) return 'failed';
    return 'interrupted';
  }

  get task(): 'classification' | 'regression' | null {
    const r = this.epochs[0]?.train ?? this.done?.train;
    if (!r) return null;
    return r.accuracy !== undefined ? 'classification' : 'regression';
  }

  get hasValidation(): boolean {
    return this.epochs.some((e) => e.validation !== undefined);
  }

  /** Steps per epoch, when known (not for saved runs): converts steps to epochs on the x axes. */
  get stepsPerEpoch(): number | null {
    return this.started?.stepsPerEpoch ?? null;
  }

  /** [epochs completed, value] per epoch: the value after epoch 0 is drawn at x = 1. */
  epochCurve(metric: Metric, split: Split): [number, number | null][] {
    const out: [number, number | null][] = [];
    for (const e of this.epochs) {
      const r: EvalResult | undefined = split === 'train' ? e.train : e.validation;
      if (!r) continue;
      const v = r[metric];
      if (v === undefined) continue;
      out.push([e.epoch + 1, Number.isFinite(v) ? v : null]);
    }
    return out;
  }

  /** Per-batch loss or accuracy, raw and smoothed; x in epochs when steps per epoch is known, else steps. */
  batchCurve(metric: 'loss' | 'accuracy' = 'loss'): { x: number[]; raw: (number | null)[]; smoothed: (number | null)[] } {
    const v = this.batch.view();
    const at = metric === 'loss' ? 0 : 2;
    return { x: v.x.map((s) => this.stepToX(s)), raw: v.columns[at], smoothed: v.columns[at + 1] };
  }

  /** The smoothed batch loss right now. */
  get smoothedLoss(): number | null {
    return this.batch.latest(1);
  }

  /** [x, value] over time of one layer's quantity; x as in batchCurve. Gaps are left out. */
  layerCurve(index: number, column: LayerColumn): [number, number][] {
    const h = this.layerHistory[index];
    if (!h) return [];
    const v = h.view();
    const c = v.columns[LAYER_COLUMNS.indexOf(column)];
    const out: [number, number][] = [];
    for (let i = 0; i < v.x.length; i++) {
      const y = c[i];
      if (y !== null) out.push([this.stepToX(v.x[i]), y]);
    }
    return out;
  }

  /** Layers that report `column` at all (dense layers for gradients, ReLU layers for dead units...). */
  layersWith(column: LayerColumn): LayerInfo[] {
    const latest = this.diagnostics?.layers;
    if (!latest) return [];
    return this.layers.filter((l) => latest[l.index]?.[column] != null);
  }

  progress(now: number = Date.now()): Progress {
    const st = this.started;
    const { epoch, step, samplesPerSecond } = this.position;
    const spe = st?.stepsPerEpoch ?? null;
    const totalSteps = st && spe ? st.epochs * spe : null;
    const ended = this.state === 'done' || this.state === 'failed' || this.state === 'interrupted';
    return {
      epoch,
      epochs: this.plannedEpochs,
      step,
      stepsPerEpoch: spe,
      totalSteps,
      fraction: this.fraction(totalSteps),
      samplesPerSecond,
      elapsedSeconds: this.timing.startedAt === null ? (this.done?.seconds ?? null) : this.activeMs(now) / 1000,
      etaSeconds: ended || totalSteps === null ? null : this.eta(step, totalSteps, samplesPerSecond),
    };
  }

  /**
   * How much of the planned training is done: all of it for a run that completed (or stopped
   * early on its own rule), the steps or epochs reached for one stopped, failed or interrupted.
   */
  private fraction(totalSteps: number | null): number | null {
    if (this.done && this.done.reason !== 'stopped') return 1;
    if (totalSteps) return Math.min(1, this.position.step / totalSteps);
    const reached = this.done?.epochs ?? this.epochs.length;
    return this.plannedEpochs ? Math.min(1, reached / this.plannedEpochs) : null;
  }

  private reset(): void {
    this.state = 'idle';
    this.message = null;
    this.started = null;
    this.plannedEpochs = null;
    this.epochs.length = 0;
    this.done = null;
    this.failure = null;
    this.diagnostics = null;
    this.initialDiagnostics = null;
    this.layers = [];
    this.batch = new BoundedSeries(this.batchCap, BATCH_COLUMNS);
    this.ema = emptyEma();
    this.emaAccuracy = emptyEma();
    this.position = { epoch: 0, step: 0, samplesPerSecond: null };
    this.layerHistory = [];
  }

  private ingestDiagnostics(step: number, layers: LayerDiagnostics[]): void {
    this.diagnostics = { step, layers };
    this.initialDiagnostics ??= layers;
    if (this.layers.length !== layers.length) this.layers = layers.map(({ index, type, label }) => ({ index, type, label }));
    for (const d of layers) {
      // 'last' everywhere: these are snapshots of one step, and averaging a dead fraction or a
      // gradient norm across time would invent values the network never had.
      const h = (this.layerHistory[d.index] ??= new BoundedSeries(this.diagnosticsCap, LAYER_COLUMNS.map(() => 'last')));
      h.push(step, LAYER_COLUMNS.map((c) => d[c]));
    }
  }

  private moveTo(epoch: number, step: number, now: number): void {
    this.position.epoch = epoch;
    this.position.step = Math.max(this.position.step, step);
    if (this.timing.startedAt !== null) this.timing.progressAt = now;
  }

  private stepToX(step: number): number {
    const spe = this.stepsPerEpoch;
    return spe ? step / spe : step;
  }

  private endPause(now: number): void {
    if (this.timing.pausedAt !== null) this.timing.pausedMs += now - this.timing.pausedAt;
    this.timing.pausedAt = null;
  }

  /** Wall-clock ms spent running up to `at`, pauses excluded. */
  private activeMs(at: number): number {
    const t = this.timing;
    if (t.startedAt === null) return 0;
    const end = t.pausedAt !== null ? Math.min(at, t.pausedAt) : at;
    return Math.max(0, end - t.startedAt - t.pausedMs);
  }

  /**
   * Remaining steps at the pace measured so far in wall-clock time (so validation passes and UI
   * load count, unlike the trainer's samples/s, which times only the arithmetic). Measured up to
   * the last event that moved the counter, so the estimate does not creep while waiting for the
   * next. Without wall-clock timing, falls back to samples/s.
   */
  private eta(step: number, totalSteps: number, sps: number | null): number | null {
    const remaining = Math.max(0, totalSteps - step);
    if (remaining === 0) return 0;
    const t = this.timing;
    if (t.startedAt !== null && t.progressAt !== null && step > 0) {
      const active = this.activeMs(t.progressAt);
      if (active > 0) return (remaining * active) / step / 1000;
    }
    const st = this.started;
    if (sps && sps > 0 && st) return (remaining * (st.trainSize / st.stepsPerEpoch)) / sps;
    return null;
  }
}

/** One run as the overlay charts take it. */
export interface ChartRun {
  id: string;
  label: string;
  series: RunSeries;
  /**
   * Pass the store's reactive copy of series.revision when the series is markRaw'd, so the
   * chart notices new data; without it the chart reads series.revision (reactive series only).
   */
  revision?: number;
}

/** A key that changes whenever any of the runs gets new data or the set of runs changes. */
export function runsRevision(runs: readonly ChartRun[]): string {
  return runs.map((r) => `${r.id}:${r.revision ?? r.series.revision}`).join('|');
}
