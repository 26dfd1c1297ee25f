// The engine behind the protocol: validates each request, keeps the open datasets and the runs
// until the UI lets go of them, trains, inspects and exports, and answers every request with its
// reply or one error line. The same class runs in the Electron utility process, a Web Worker and
// tests; only `post` differs.

import { prepareData, prepareRun, type PrepareOptions } from '../project/prepare';
import { resolveDataset } from '../project/dataset';
import { defaultProject } from '../project/defaults';
import { probeInitializers } from '../project/init-lab';
import type { Project } from '../project/schema';
import { allocBatch, gatherBatch, normalizerArrays } from '../engine/data/batch';
import { summarizeDataset } from '../engine/data/summary';
import type { CsvOptions } from '../engine/datasets/csv';
import { DEFAULT_LIMITS, type DataLimits } from '../engine/datasets/errors';
import { datasetFromFiles } from '../engine/datasets/from-files';
import type { Dataset } from '../engine/datasets/types';
import type { TrainingEvent } from '../engine/events';
import { inspectStep } from '../engine/inspect';
import { predictGrid, predictRows } from '../engine/predict';
import { learningRateAt } from '../engine/schedules';
import { Trainer, type RunSetup, type TrainerTiming } from '../engine/trainer';
import {
  ProtocolError,
  parseEngineRequest,
  readRequestId,
  type DatasetSource,
  type EngineMessage,
  type EngineRequest,
  type ReplyOf,
  type RequestOf,
} from '../protocol/engine';
import { buffersOf, type NamedWeightTensor } from '../protocol/tensors';

export interface EngineHostOptions {
  /** Sends a message to the UI; the transfer list names buffers the receiver may take over. */
  post: (message: EngineMessage, transfer?: ArrayBuffer[]) => void;
  /** Reads a dataset file or folder by path, on hosts that have a file system. */
  loadPath?: (path: string, csv: Partial<CsvOptions>) => Promise<Dataset>;
  /** Largest dataset accepted from file contents sent in a message. */
  limits?: DataLimits;
  /** Bytes one run (or inspected step) may take: runMemoryLimit() on Node; defaultMemoryLimit() when absent. */
  memoryLimit?: number;
  /** Trainer timing (slices, event rates); the Trainer's defaults when absent. */
  timing?: Partial<TrainerTiming>;
  /** What the host would have every run say at its start (e.g. why it trains on fewer threads). */
  notices?: readonly string[];
}

interface Run {
  readonly setup: RunSetup;
  readonly trainer: Trainer;
  state: 'running' | 'done' | 'failed';
}

/** Replies are single lines: a multi-line text would break the UI's one-line error banner. */
const MAX_MESSAGE = 1000;
function messageOf(e: unknown): string {
  const text = (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ').trim() || 'unknown error';
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

export class EngineHost {
  private readonly datasets = new Map<string, Dataset>();
  private readonly runs = new Map<string, Run>();
  private nextDataset = 1;
  private readonly limits: DataLimits;

  constructor(private readonly options: EngineHostOptions) {
    this.limits = options.limits ?? DEFAULT_LIMITS;
  }

  /**
   * Handles one incoming message. Never throws and never rejects: every failure becomes an
   * 'error' reply. Resolves once the request's reply is posted (for 'train', once the run started).
   */
  async handle(data: unknown): Promise<void> {
    let request: EngineRequest;
    try {
      request = parseEngineRequest(data);
    } catch (e) {
      this.post({ type: 'error', id: e instanceof ProtocolError ? e.id : readRequestId(data), message: messageOf(e) });
      return;
    }
    try {
      await this.dispatch(request);
    } catch (e) {
      this.post({ type: 'error', id: request.id, message: messageOf(e) });
    }
  }

  private dispatch(request: EngineRequest): Promise<void> | void {
    switch (request.type) {
      case 'open-dataset':
        return this.openDataset(request);
      case 'train':
        return this.train(request);
      case 'control':
        return this.control(request);
      case 'inspect':
        return this.inspect(request);
      case 'probe-init':
        return this.reply(request, { type: 'init-probe', results: probeInitializers(request.project, this.dataset(request.datasetId), request.initializers) });
      case 'export-weights':
        return this.exportWeights(request);
      case 'predict':
        return this.predict(request);
      case 'forget':
        return this.forget(request);
      case 'keep-runs':
        return this.keepRuns(request);
    }
  }

  /** What the host keeps alive: runs, and the datasets open or trained on (each counted once). */
  held(): { runs: number; datasets: number } {
    const datasets = new Set(this.datasets.values());
    for (const run of this.runs.values()) datasets.add(run.setup.data.dataset);
    return { runs: this.runs.size, datasets: datasets.size };
  }

  /** The answer to a request; typed by REPLY_OF, so a handler cannot send another reply. */
  private reply<R extends EngineRequest>(request: R, message: Omit<ReplyOf<R['type']>, 'id'>, transfer?: ArrayBuffer[]): void {
    this.post({ ...message, id: request.id } as EngineMessage, transfer);
  }

  /** A failing post (a closed port) must not take a run or the host down with it. */
  private post(message: EngineMessage, transfer?: ArrayBuffer[]): void {
    try {
      this.options.post(message, transfer);
    } catch {
      // Nothing to tell: the channel to the UI is what failed.
    }
  }

  private dataset(datasetId: string): Dataset {
    const dataset = this.datasets.get(datasetId);
    if (!dataset) throw new Error(`Unknown datasetId '${datasetId}': no open dataset has this id (never opened, forgotten, or lost in an engine restart)`);
    return dataset;
  }

  private prepareOptions(): PrepareOptions {
    return this.options.memoryLimit === undefined ? {} : { memoryLimit: this.options.memoryLimit };
  }

  private run(runId: string): Run {
    const run = this.runs.get(runId);
    if (!run) throw new Error(`Unknown runId '${runId}': no run has this id (never started, forgotten, or lost in an engine restart)`);
    return run;
  }

  private async load(source: DatasetSource, csv: Partial<CsvOptions>): Promise<Dataset> {
    if (source.source === 'files') return datasetFromFiles(source.files, csv, this.limits, source.name);
    const { loadPath } = this.options;
    return resolveDataset(source, loadPath && ((ref) => loadPath(ref.path, { ...ref.csv, ...csv })));
  }

  private async openDataset(request: RequestOf<'open-dataset'>): Promise<void> {
    const dataset = await this.load(request.source, request.csv ?? {});
    // Without a project, the studio's defaults for this dataset: the splits a new project would use.
    // The reference only labels that throwaway project, so the dataset's name stands in for it.
    const project: Project = request.project ?? defaultProject({ source: 'file', path: dataset.name || 'dataset' }, dataset);
    // Enough samples for each preview: a grid of images, a scatter plot of a 2-D set, table rows.
    const samples = dataset.imageShape ? 32 : dataset.numFeatures <= 2 ? 1000 : 20;
    const summary = summarizeDataset(prepareData(project, dataset), samples);
    const datasetId = `dataset-${this.nextDataset++}`;
    this.datasets.set(datasetId, dataset);
    this.reply(request, { type: 'dataset', datasetId, summary });
  }

  private train(request: RequestOf<'train'>): void {
    const { runId } = request;
    if (this.runs.has(runId)) throw new Error(`Run '${runId}' already exists: forget it first or use a new runId`);
    const setup = prepareWithWeights(request, this.dataset(request.datasetId), this.prepareOptions());
    if (setup.data.trainRows.length === 0) throw new Error('The training split is empty: lower the validation or test split');
    setup.warnings = [...(setup.warnings ?? []), ...(this.options.notices ?? [])];
    let epoch = 0;
    let step = 0;
    const emit = (event: TrainingEvent) => {
      if ('epoch' in event) epoch = event.epoch;
      if ('step' in event) step = event.step;
      this.post({ type: 'run-event', runId, event });
    };
    const run: Run = { setup, trainer: new Trainer(setup, emit, this.options.timing), state: 'running' };
    this.runs.set(runId, run);
    run.trainer.run().then(
      (end) => {
        run.state = end.type;
      },
      (e: unknown) => {
        // The Trainer reports what it foresees as 'failed' itself; this is for what it did not.
        run.state = 'failed';
        emit({ type: 'failed', message: `Training stopped: ${messageOf(e)}`, epoch, step, layer: null });
      },
    );
  }

  private control(request: RequestOf<'control'>): void {
    const run = this.run(request.runId);
    if (run.state !== 'running') throw new Error(`Run '${request.runId}' has already ended (${run.state}); there is nothing to ${request.action}`);
    if (request.action === 'pause') run.trainer.pause();
    else if (request.action === 'resume') run.trainer.resume();
    else run.trainer.stop();
    this.reply(request, { type: 'ok' });
  }

  /** One inspected step on one batch in file order (the first unless asked), on a fresh model or the request's weights. */
  private inspect(request: RequestOf<'inspect'>): void {
    const { project } = request;
    const dataset = this.dataset(request.datasetId);
    const { model, data } = prepareWithWeights(request, dataset, { ...this.prepareOptions(), dtype: request.dtype });
    const net = model.network;
    const size = data.trainRows.length;
    if (size === 0) throw new Error('The training split is empty: there is no batch to inspect');
    // Batches in file order, as an unshuffled epoch takes them; the last of an epoch may be short.
    const perEpoch = Math.ceil(size / project.training.batchSize);
    const start = (request.batchIndex % perEpoch) * project.training.batchSize;
    const rows = Math.min(project.training.batchSize, size - start);
    const batch = allocBatch(net.alloc, net.capacity, dataset.numFeatures, net.outputSize);
    gatherBatch(dataset.train, dataset.numFeatures, data.trainRows, start, rows, normalizerArrays(data.normalizer), batch, net.outputSize, model.needsOneHot);
    const lr = learningRateAt(project.schedule, project.optimizer.lr, 0, project.training.epochs);
    const result = inspectStep(model, batch.x, batch.targets, rows, project.optimizer, lr);
    this.reply(request, { type: 'inspection', result });
  }

  /** The run's current model on a grid of the input plane, or on the first rows of a split. */
  private predict(request: RequestOf<'predict'>): void {
    const { setup } = this.run(request.runId);
    const { model, data } = setup;
    const norm = normalizerArrays(data.normalizer);
    const { target } = request;
    if (target.kind === 'grid') {
      if (data.dataset.numFeatures !== 2) throw new Error(`A decision boundary needs 2 input features; this dataset has ${data.dataset.numFeatures}`);
      const p = predictGrid(model, target, norm);
      this.reply(request, { type: 'prediction', runId: request.runId, classes: p.classes, probabilities: p.probabilities, predicted: p.predicted }, buffersOf([p.probabilities, p.predicted]));
      return;
    }
    const split = target.split === 'test' ? data.test : { table: data.dataset.train, rows: target.split === 'train' ? data.trainRows : data.validationRows };
    if (!split || !split.rows || split.rows.length === 0) throw new Error(`This run has no ${target.split} rows to predict`);
    const rows = split.rows.subarray(0, Math.min(target.count, split.rows.length));
    const p = predictRows(model, split.table, data.dataset.numFeatures, rows, norm);
    const f = data.dataset.numFeatures;
    const features = new Float32Array(rows.length * f);
    const labels = new Int32Array(rows.length);
    rows.forEach((r, i) => {
      for (let j = 0; j < f; j++) features[i * f + j] = split.table.x[r * f + j];
      labels[i] = split.table.labels?.[r] ?? -1;
    });
    this.reply(
      request,
      { type: 'prediction', runId: request.runId, classes: p.classes, probabilities: p.probabilities, predicted: p.predicted, samples: { features, labels } },
      buffersOf([p.probabilities, p.predicted, features, labels]),
    );
  }

  /** Copies of the run's current tensors (it may still be training), transferred to the UI. */
  private exportWeights(request: RequestOf<'export-weights'>): void {
    const { setup } = this.run(request.runId);
    const tensors: NamedWeightTensor[] = [];
    for (const [name, t] of setup.model.network.tensors()) tensors.push({ name, shape: [...t.shape], data: Float32Array.from(t.data) });
    const normalizer = structuredCopy(setup.data.normalizer);
    this.reply(request, { type: 'weights', runId: request.runId, tensors, normalizer }, buffersOf(tensors.map((t) => t.data)));
  }

  private forget(request: RequestOf<'forget'>): void {
    if (request.datasetId !== undefined) {
      // Runs keep their own reference, so a dataset can be forgotten while it is being trained on.
      this.dataset(request.datasetId);
      this.datasets.delete(request.datasetId);
    } else {
      this.drop(this.run(request.runId!), request.runId!);
    }
    this.reply(request, { type: 'ok' });
  }

  private keepRuns(request: RequestOf<'keep-runs'>): void {
    const keep = new Set(request.runIds);
    for (const [runId, run] of [...this.runs]) if (!keep.has(runId)) this.drop(run, runId);
    this.reply(request, { type: 'ok' });
  }

  /**
   * Lets go of a run: its network, optimizer state and data go with the last reference to them
   * (a dataset stays while it is open or another run trains on it). A running run is stopped
   * first; its final 'done' event still reaches the UI.
   */
  private drop(run: Run, runId: string): void {
    if (run.state === 'running') run.trainer.stop();
    this.runs.delete(runId);
  }
}

/** A run's or an inspected step's setup, starting from the request's weights when it sends some. */
function prepareWithWeights(request: RequestOf<'train' | 'inspect'>, dataset: Dataset, options?: PrepareOptions): RunSetup {
  const setup = prepareRun(request.project, dataset, options);
  if (request.weights) setup.model.network.setTensors(new Map(request.weights.map((t) => [t.name, t])), true);
  return setup;
}

/** The normalizer is plain JSON; a copy keeps the UI's version independent of the run's. */
function structuredCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
